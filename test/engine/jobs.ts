import type { TrainEvent, TrainRequest } from '../../src/core/api/contract';
import type { Engine } from '../../src/engine';

/** Starts a job and gathers its events up to its `done` or `error`. */
export async function runToEnd(engine: Engine, request: TrainRequest, onEvent?: (e: TrainEvent, jobId: string) => void): Promise<TrainEvent[]> {
  const events: TrainEvent[] = [];
  let jobId: string | null = null;
  let finish!: () => void;
  const ended = new Promise<void>((resolve) => (finish = resolve));
  const early: TrainEvent[] = [];
  const take = (e: TrainEvent) => {
    if (e.jobId !== jobId) return;
    events.push(e);
    onEvent?.(e, jobId);
    if (e.type === 'done' || e.type === 'error') finish();
  };
  const off = engine.onEvent((e) => (jobId === null ? early.push(e) : take(e)));
  jobId = (await engine.startTraining(request)).jobId;
  early.splice(0).forEach(take);
  await ended;
  off();
  return events;
}

export function only<T extends TrainEvent['type']>(events: TrainEvent[], type: T): Extract<TrainEvent, { type: T }>[] {
  return events.filter((e): e is Extract<TrainEvent, { type: T }> => e.type === type);
}
