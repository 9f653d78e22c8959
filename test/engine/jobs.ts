import { newJobId, type TrainEvent, type TrainRequest } from '../../src/core/api/contract';
import type { Engine } from '../../src/engine';

/** Starts a job under a fresh id and gathers its events up to its `done` or `error`. */
export async function runToEnd(engine: Engine, options: Omit<TrainRequest, 'jobId'>, onEvent?: (e: TrainEvent, jobId: string) => void): Promise<TrainEvent[]> {
  const jobId = newJobId();
  const events: TrainEvent[] = [];
  let finish!: () => void;
  const ended = new Promise<void>((resolve) => (finish = resolve));
  const off = engine.onEvent((e) => {
    if (e.jobId !== jobId) return;
    events.push(e);
    onEvent?.(e, jobId);
    if (e.type === 'done' || e.type === 'error') finish();
  });
  try {
    await engine.startTraining({ ...options, jobId });
    await ended;
  } finally {
    off();
  }
  return events;
}

export function only<T extends TrainEvent['type']>(events: TrainEvent[], type: T): Extract<TrainEvent, { type: T }>[] {
  return events.filter((e): e is Extract<TrainEvent, { type: T }> => e.type === type);
}
