import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/node/atomicWrite';
import { RunStore } from '../../src/engine/runs/runStore';

const folders: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'netcanvas-atomic-'));
  folders.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(folders.splice(0).map((f) => rm(f, { recursive: true, force: true })));
});

/**
 * Runs writeFileAtomic in a child process whose rename never returns, and kills it with
 * SIGKILL once the data is written and flushed: a crash between the write and the rename.
 */
function crashBeforeRename(file: string, data: string): Promise<void> {
  const script = `
    import { promises } from 'node:fs';
    import { writeFileAtomic } from ${JSON.stringify(path.resolve('src/node/atomicWrite.ts'))};
    promises.rename = () => { process.stdout.write('renaming\\n'); return new Promise(() => {}); };
    await writeFileAtomic(${JSON.stringify(file)}, ${JSON.stringify(data)});`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('renaming')) child.kill('SIGKILL');
    });
    child.once('error', reject);
    child.once('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`the child was not killed before the rename: ${stderr}`))));
  });
}

describe('writeFileAtomic', () => {
  it('replaces a file whole and leaves no temporary file', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'a', 'b', 'state.json');
    await writeFileAtomic(file, 'one');
    await writeFileAtomic(file, new Uint8Array([116, 119, 111]));
    expect(await readFile(file, 'utf8')).toBe('two');
    expect(await readdir(path.dirname(file))).toEqual(['state.json']);
  });

  it('a crash between the write and the rename leaves the old file, and the temporary file is hidden from readers', async () => {
    const dir = await tempDir();
    const runs = new RunStore(dir);
    const file = path.join(dir, 'recent.json');
    await writeFile(file, 'old');
    const before = await runs.list();
    await crashBeforeRename(file, 'new content that never lands');
    expect(await readFile(file, 'utf8')).toBe('old');
    const left = (await readdir(dir)).filter((n) => n !== 'recent.json');
    expect(left).toHaveLength(1);
    expect(left[0]).toMatch(/^\.recent\.json\.\d+\.[0-9a-f]{12}\.tmp$/);
    expect(await readFile(path.join(dir, left[0]), 'utf8')).toBe('new content that never lands');
    expect(await runs.list()).toEqual(before);
  });

  it('a failed rename removes the temporary file and keeps the old content', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'target');
    await writeFile(file, 'old');
    await expect(writeFileAtomic(path.join(file, 'below'), 'x')).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['target']);
    expect(await readFile(file, 'utf8')).toBe('old');
  });
});
