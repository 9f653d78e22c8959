import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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

describe('a run.json that is not a whole run record is refused naming the field, and the run list leaves it out', () => {
  const whole = {
    id: 'run-x',
    createdAt: '2026-12-04T00:00:00.000Z',
    name: 'x #1',
    document: { format: 'netcanvas-graph', version: 2, name: 'x', nodes: [], edges: [] },
    training: { optimizer: { type: 'adam', learningRate: 0.001 }, epochs: 1, batchSize: 32 },
    backend: 'cpu',
    device: 'CPU',
    trainSamples: 10,
    seconds: 1,
    status: 'completed',
    history: [],
    test: { testLoss: 1, testAccuracy: 0.5 },
    totalParams: 23,
  };
  const cases: { what: string; change: (r: Record<string, any>) => void; says: RegExp }[] = [
    { what: 'no training settings (the fuzzer’s find: list() crashed on it)', change: (r) => delete r.training, says: /training: Required/ },
    { what: 'an optimizer without a type', change: (r) => (r.training.optimizer = {}), says: /training\.optimizer\.type: Required/ },
    { what: 'a test accuracy that is a string', change: (r) => (r.test.testAccuracy = 'high'), says: /test\.testAccuracy: Expected number, received string/ },
    { what: 'an unknown status', change: (r) => (r.status = 'done'), says: /status: Invalid enum value/ },
    { what: 'a name that is a number', change: (r) => (r.name = 7), says: /name: Expected string, received number/ },
  ];
  it.each(cases)('$what', async ({ change, says }) => {
    const folder = mkdtempSync(join(tmpdir(), 'nc-run-fields-'));
    try {
      mkdirSync(join(folder, 'run-x'));
      mkdirSync(join(folder, 'run-good'));
      const record = structuredClone(whole) as Record<string, any>;
      change(record);
      writeFileSync(join(folder, 'run-x', 'run.json'), JSON.stringify(record));
      writeFileSync(join(folder, 'run-good', 'run.json'), JSON.stringify({ ...whole, id: 'run-good' }));
      const store = new RunStore(folder);
      const error = await store.get('run-x').then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(RunError);
      expect((error as Error).message).toMatch(says);
      // One bad folder does not take the list down: the good run is still listed.
      expect((await store.list()).map((r) => r.id)).toEqual(['run-good']);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
