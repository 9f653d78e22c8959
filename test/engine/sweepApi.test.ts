import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SweepState } from '../../src/core/experiments/sweepState';
import { createEngine, type Engine } from '../../src/engine';
import { mnistDir, template } from './fixtures';

/** Waits on a condition of the sweep's state, not on time. */
async function until(engine: Engine, id: string, done: (s: SweepState) => boolean, timeoutMs: number): Promise<SweepState> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const state = await engine.getSweep(id);
    if (done(state)) return state;
    if (Date.now() > end) throw new Error(`sweep ${id} still ${state.status}: ${JSON.stringify(state.trials.map((t) => t.status))}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('sweeps through the engine API', () => {
  let dir: string;
  let engine: Engine;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'nc-sweepapi-'));
    engine = createEngine({ runsDir: dir, dataDir: mnistDir });
  });
  afterAll(async () => {
    await engine?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs each trial as a real job and its state lists the saved runs with their settings', async () => {
    const started = await engine.startSweep({
      document: template('mlp'),
      dimensions: [{ path: 'dropout_1.rate', domain: { kind: 'list', values: [0.2, 0.4] } }],
      search: { kind: 'grid' },
      epochs: 1,
      limit: 600,
      testLimit: 200,
    });
    expect(started.trials.map((t) => t.settings)).toEqual([[['dropout_1.rate', 0.2]], [['dropout_1.rate', 0.4]]]);
    const done = await until(engine, started.id, (s) => s.status === 'done', 240_000);
    expect(done.trials.map((t) => t.status)).toEqual(['done', 'done']);
    // The oracle is the run store: each trial's run is saved, completed, linked to the sweep with its settings.
    const runs = await engine.listRuns();
    for (const t of done.trials) {
      const run = runs.find((r) => r.id === t.result?.runId);
      expect(run, `trial ${t.trial}'s run`).toBeDefined();
      expect(run?.status).toBe('completed');
      // 600 samples less the graph's validation split.
      expect(run?.trainSamples).toBe(Math.round(600 * (1 - template('mlp').training.validationSplit)));
      expect(run?.sweep).toEqual({ id: started.id, trial: t.trial, settings: t.settings });
      const record = await engine.getRun(run!.id);
      expect(record.document.nodes.find((n) => n.id === 'dropout_1')?.config).toMatchObject({ rate: t.settings[0][1] });
    }
    expect((await engine.listSweeps()).map((s) => s.id)).toContain(started.id);
  }, 300_000);

  it('refuses a setting the graph does not have before any trial runs', async () => {
    const before = (await engine.listSweeps()).length;
    await expect(
      engine.startSweep({ document: template('mlp'), dimensions: [{ path: 'nosuch_9.rate', domain: { kind: 'list', values: [0.1] } }], search: { kind: 'grid' } }),
    ).rejects.toThrow(/nosuch_9/);
    expect((await engine.listSweeps()).length).toBe(before);
  });

  it.each([
    { what: 'Table 1.3.3 on the MLP template: its 18 rows, on the three-hidden-layer MLP bookBase makes', table: 'table-1.3.3', graph: 'mlp' as const, rows: 18, node: 'dense_3' },
    { what: 'Table 1.4.1 on the CNN template: its 4 rows', table: 'table-1.4.1', graph: 'cnn' as const, rows: 4, node: 'dropout' },
  ])('sets up a book table by name: $what', async ({ table, graph, rows, node }) => {
    const { bookTable } = await import('../../src/core/experiments/book');
    const started = await engine.startSweep({ document: template(graph), book: table, epochs: 1, limit: 60, testLimit: 20 });
    await engine.stopSweep(started.id);
    // The oracle is the book's own table: its rows in order, as the trials' settings.
    expect(started.trials.map((t) => t.settings)).toEqual(bookTable(table)!.rows.map((r) => r.settings));
    expect(started.trials).toHaveLength(rows);
    expect(started.book).toBe(table);
    expect(started.base.nodes.some((n) => n.id === node)).toBe(true);
  });

  it('refuses a book table the graph is not made for, naming the table', async () => {
    await expect(engine.startSweep({ document: template('cnn'), book: 'table-1.3.3' })).rejects.toThrow(/Table 1\.3\.3/);
  });

  it('names an unknown sweep', async () => {
    await expect(engine.getSweep('sweep-none')).rejects.toThrow(/no sweep 'sweep-none'/);
    await expect(engine.pauseSweep('sweep-none')).rejects.toThrow(/not running/);
  });
});
