import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newJobId, type TrainEvent } from '../../src/core/api/contract';
import { createEngine, type Engine } from '../../src/engine';
import { mnistDir, template } from './fixtures';

let runsDir: string;
let engine: Engine;

beforeAll(async () => {
  runsDir = await fs.mkdtemp(path.join(os.tmpdir(), 'netcanvas-queue-test-'));
  engine = createEngine({ runsDir, dataDir: mnistDir, env: {}, jobLimits: { maxRunning: 1, maxQueued: 1 } });
});

afterAll(async () => {
  await engine.close();
  await fs.rm(runsDir, { recursive: true, force: true });
});

describe('an engine that runs one job at once and queues one more (real job processes)', () => {
  it('queues the second job with a queued status, refuses a third naming the limits, a stopped waiting job never runs, and a queued job starts only after the running one has ended', async () => {
    const events: TrainEvent[] = [];
    const ends = new Map<string, () => void>();
    const ended = (id: string) => new Promise<void>((resolve) => ends.set(id, resolve));
    engine.onEvent((e) => {
      events.push(e);
      if (e.type === 'done' || e.type === 'error') ends.get(e.jobId)?.();
    });
    const of = (id: string) => events.filter((e) => e.jobId === id);
    const request = { document: template('mlp'), epochs: 1, batchSize: 64, limit: 256, testLimit: 100 };
    const [a, b, c, d] = [newJobId(), newJobId(), newJobId(), newJobId()];
    const [aEnded, bEnded, dEnded] = [ended(a), ended(b), ended(d)];
    await engine.startTraining({ ...request, jobId: a });
    await engine.startTraining({ ...request, jobId: b });
    expect(of(b)).toEqual([expect.objectContaining({ type: 'status', stage: 'queued', message: expect.stringMatching(/Waiting for a free job slot: 1 job is running, at most 1 at once \(place 1/) })]);
    await expect(engine.startTraining({ ...request, jobId: c })).rejects.toThrow(/1 training job is running and 1 waiting.*at most 1 at once, set by NETCANVAS_MAX_JOBS/);

    // A waiting job that is stopped ends as stopped without ever starting, and frees its place.
    await engine.stopTraining(b);
    await bEnded;
    expect(of(b).map((x) => x.type)).toEqual(['status', 'done']);
    expect(of(b).at(-1)).toMatchObject({ status: 'stopped', runId: null });
    await engine.startTraining({ ...request, jobId: d });
    expect(of(d)).toEqual([expect.objectContaining({ type: 'status', stage: 'queued' })]);

    await aEnded;
    await dEnded;
    expect(of(a).at(-1)).toMatchObject({ type: 'done', status: 'completed' });
    expect(of(d).at(-1)).toMatchObject({ type: 'done', status: 'completed' });
    // d's first event after queueing comes after a's last one: it waited for the slot.
    const dFirstWork = events.findIndex((e) => e.jobId === d && !(e.type === 'status' && e.stage === 'queued'));
    expect(dFirstWork).toBeGreaterThan(events.indexOf(of(a).at(-1)!));
    expect(of(c)).toEqual([]);
    expect((await engine.listRuns()).length).toBe(2);
  }, 180_000);
});
