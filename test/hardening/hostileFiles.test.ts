import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_IDX_BYTES, readIdxBytes } from '../../src/engine/data/bytes';
import { DatasetError } from '../../src/engine/data/errors';
import { cli } from '../support/cli';

/**
 * Files no reader may trust: special files (a FIFO would hang a plain read forever, a link to
 * /dev/zero never ends), folders, and files far larger than any real one. Every reader the
 * CLI uses must refuse them with a message naming the file, before reading.
 */
let dir: string;
const at = (name: string) => join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nc-hostile-files-'));
  execFileSync('mkfifo', [at('fifo')]);
  symlinkSync('/dev/zero', at('zero-link'));
  mkdirSync(at('folder'));
  // Sparse: the size says 1 GiB, the disk holds nothing.
  writeFileSync(at('huge'), '');
  truncateSync(at('huge'), 2 ** 30);
  writeFileSync(at('just-too-big'), '');
  truncateSync(at('just-too-big'), MAX_IDX_BYTES + 1);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SPECIAL: { name: string; file: string; says: RegExp }[] = [
  { name: 'a FIFO (a plain read hangs)', file: 'fifo', says: /is a FIFO \(named pipe\), not a regular file/ },
  { name: 'a link to /dev/zero (a plain read never ends)', file: 'zero-link', says: /is a device, not a regular file/ },
  { name: 'a folder', file: 'folder', says: /is a folder/ },
  { name: 'a 1 GiB file', file: 'huge', says: /is 1 GiB; at most \d+ MiB/ },
];

describe('every file-reading command refuses special and oversized files, unread', () => {
  const commands: { name: string; args: (file: string) => string[] }[] = [
    { name: 'validate', args: (f) => ['validate', f] },
    { name: 'summary', args: (f) => ['summary', f] },
    { name: 'export', args: (f) => ['export', f, '--format', 'ts'] },
    { name: 'plot', args: (f) => ['plot', f, '-o', at('out.svg')] },
    { name: 'predict (the picture)', args: (f) => ['predict', at('folder'), f] },
  ];
  const cases = commands.flatMap((command) => SPECIAL.map((special) => ({ ...special, command: command.name, args: command.args })));
  it.each(cases)('$command given $name exits 1 saying what it is', async ({ file, args, says }) => {
    const { code, stderr } = await cli(args(at(file)));
    expect(stderr).toMatch(says);
    expect(stderr).toContain(at(file));
    expect(code).toBe(1);
  }, 10_000);
});

describe('the IDX reader refuses before reading', () => {
  const cases = [
    ...SPECIAL,
    { name: 'a file one byte over MAX_IDX_BYTES (the code promised to refuse it unread)', file: 'just-too-big', says: /is 67108865 bytes; at most 67108864 bytes are read/ },
    { name: 'a missing file', file: 'none', says: /: not found$/ },
  ];
  it.each(cases)('$name → a DatasetError naming the file', async ({ file, says }) => {
    const error = await readIdxBytes(at(file)).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetError);
    expect((error as DatasetError).file).toBe(at(file));
    expect((error as Error).message).toMatch(says);
  }, 10_000);
});
