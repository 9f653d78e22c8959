import { promises as fs, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newJobId, type TrainEvent } from '../../src/core/api/contract';
import { createEngine, type Engine } from '../../src/engine';
import { mnistDir, template } from './fixtures';

const HEARTBEAT_TIMEOUT_MS = 5000;

let runsDir: string;
let engine: Engine;

beforeAll(async () => {
  runsDir = await fs.mkdtemp(path.join(os.tmpdir(), 'netcanvas-watchdog-test-'));
  engine = createEngine({ runsDir, dataDir: mnistDir, env: {}, jobLimits: { maxRunning: 1 }, heartbeatTimeoutMs: HEARTBEAT_TIMEOUT_MS });
});

afterAll(async () => {
  await engine.close();
  await fs.rm(runsDir, { recursive: true, force: true });
});

/** The pids of this process's children running the training worker, read from /proc (Linux). */
function workerChildren(): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
      const ppid = Number(/^\d+ \(.*\) \S (\d+)/s.exec(stat)?.[1]);
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'latin1');
      if (ppid === process.pid && /trainingWorker|training-worker/.test(cmdline)) pids.push(Number(name));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe.skipIf(process.platform !== 'linux')('the job watchdog (a real job process stopped with SIGSTOP)', () => {
  it('ends a job whose process stops answering with an error naming the timeout and the stop, kills it, saves no run and frees its slot for the next job', async () => {
    const events: TrainEvent[] = [];
    const ends = new Map<string, () => void>();
    const ended = (id: string) => new Promise<void>((resolve) => ends.set(id, resolve));
    const [a, b] = [newJobId(), newJobId()];
    const [aEnded, bEnded] = [ended(a), ended(b)];
    let stoppedPid: number | null = null;
    engine.onEvent((e) => {
      events.push(e);
      if (e.jobId === a && e.type === 'batch' && stoppedPid === null) {
        const [pid] = workerChildren();
        stoppedPid = pid;
        process.kill(pid, 'SIGSTOP');
      }
      if (e.type === 'done' || e.type === 'error') ends.get(e.jobId)?.();
    });
    // Long enough that it cannot end by itself before it is stopped.
    await engine.startTraining({ jobId: a, document: template('mlp'), epochs: 500, batchSize: 32, limit: 2000, testLimit: 100 });
    await engine.startTraining({ jobId: b, document: template('mlp'), epochs: 1, batchSize: 64, limit: 256, testLimit: 100 });
    await aEnded;
    expect(stoppedPid).not.toBeNull();
    const last = events.filter((e) => e.jobId === a).at(-1)!;
    expect(last).toMatchObject({
      type: 'error',
      message: expect.stringMatching(new RegExp(`stopped answering: its process \\(pid ${stoppedPid}\\) sent no heartbeat for 5\\.0 s, the heartbeat timeout, so it was stopped \\(SIGSTOP`)),
    });
    // Its slot is freed once the killed process has ended: the queued job then runs to the end.
    await bEnded;
    expect(alive(stoppedPid!)).toBe(false);
    const bDone = events.filter((e) => e.jobId === b).at(-1)!;
    expect(bDone).toMatchObject({ type: 'done', status: 'completed' });
    // Only the second job's run is saved; the killed one left none.
    const runs = await engine.listRuns();
    expect(runs.map((r) => r.id)).toEqual([(bDone as { runId: string }).runId]);
  }, 180_000);
});
