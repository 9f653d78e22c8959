import type { RunRecord } from '../../src/core/api/contract';
import type { GraphDocument } from '../../src/core/graph/document';

/**
 * A completed run's record of `document`, for tests that save, list, summarise or export runs
 * without training one: one epoch, no test result, on the cpu backend; `changes` replace any field.
 */
export function completedRun(document: GraphDocument, changes: Partial<RunRecord> = {}): RunRecord {
  return {
    id: 'run-1',
    createdAt: '2026-01-01T00:00:00.000Z',
    name: document.name,
    document,
    training: document.training,
    backend: 'cpu',
    device: 'CPU',
    trainSamples: 10,
    seconds: 1,
    status: 'completed',
    history: [{ epoch: 1, loss: 1, accuracy: 0.5, valLoss: null, valAccuracy: null, samplesPerSecond: 10, seconds: 1 }],
    test: null,
    totalParams: 1,
    ...changes,
  };
}
