import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunError, RunStore } from '../../src/engine';

/** A run.json that is a special file: a plain read of a FIFO hangs, of /dev/zero never ends. */
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nc-run-records-'));
  mkdirSync(join(dir, 'run-fifo'));
  execFileSync('mkfifo', [join(dir, 'run-fifo', 'run.json')]);
  mkdirSync(join(dir, 'run-zero'));
  symlinkSync('/dev/zero', join(dir, 'run-zero', 'run.json'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the run store reads run.json only as a bounded regular file', () => {
  const cases = [
    { run: 'run-fifo', says: /run\.json is a FIFO \(named pipe\), not a regular file/ },
    { run: 'run-zero', says: /run\.json is a device, not a regular file/ },
  ];
  it.each(cases)('$run: get() is a RunError saying what the file is, and list() leaves it out', async ({ run, says }) => {
    const store = new RunStore(dir);
    const error = await store.get(run).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(RunError);
    expect((error as Error).message).toMatch(says);
    expect(await store.list()).toEqual([]);
  }, 20_000);
});
