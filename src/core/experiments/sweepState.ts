import { z } from 'zod';
import type { RunRecord } from '../api/contract';
import type { GraphDocument } from '../graph/document';
import type { SettingValue, TrialSettings } from './sweepSpec';

/**
 * A sweep's state, as its file holds it (written whole after every trial): the base graph,
 * the options every trial's job gets, and each trial's settings, status and result. From
 * it a sweep resumes after a pause, a stop or a killed process without losing a finished
 * trial or running one twice.
 */

export const SWEEP_FORMAT = 'netcanvas-sweep';
export const SWEEP_FORMAT_VERSION = 1;
export const SWEEP_ID_PATTERN = /^sweep-[A-Za-z0-9-]{1,64}$/;

/** A run's final figures: the last epoch's train and validation metrics and the test's. */
export interface FinalMetrics {
  readonly loss: number | null;
  readonly accuracy: number | null;
  readonly valLoss: number | null;
  readonly valAccuracy: number | null;
  readonly testLoss: number | null;
  readonly testAccuracy: number | null;
}

export function finalMetrics(run: Pick<RunRecord, 'history' | 'test'>): FinalMetrics {
  const last = run.history.length > 0 ? run.history[run.history.length - 1] : undefined;
  return {
    loss: last?.loss ?? null,
    accuracy: last?.accuracy ?? null,
    valLoss: last?.valLoss ?? null,
    valAccuracy: last?.valAccuracy ?? null,
    testLoss: run.test?.testLoss ?? null,
    testAccuracy: run.test?.testAccuracy ?? null,
  };
}

/** What a finished trial scored: from its run's last epoch and its test. */
export interface TrialResult extends FinalMetrics {
  readonly runId: string;
  readonly totalParams: number;
  readonly seconds: number;
  readonly epochs: number;
}

export type TrialStatus = 'pending' | 'running' | 'done' | 'failed';

export interface SweepTrial {
  /** From 1. */
  readonly trial: number;
  readonly settings: TrialSettings;
  readonly status: TrialStatus;
  /** The job running it, while it runs. */
  readonly jobId?: string;
  readonly result?: TrialResult;
  readonly error?: string;
}

/** The options every trial's job is started with (the engine's TrainRequest, less the graph and the job id). */
export interface SweepJobOptions {
  readonly backend?: 'tensorflow' | 'webgpu' | 'wasm' | 'cpu';
  readonly limit?: number;
  readonly testLimit?: number;
  readonly seed?: number;
}

export type SweepStatus = 'running' | 'paused' | 'stopped' | 'done';

export interface SweepState {
  readonly format: typeof SWEEP_FORMAT;
  readonly version: typeof SWEEP_FORMAT_VERSION;
  readonly id: string;
  readonly createdAt: string;
  readonly name: string;
  /** The graph every trial starts from, with the sweep's fixed changes (`--epochs`) made. */
  readonly base: GraphDocument;
  readonly job: SweepJobOptions;
  /** The book's table it reproduces, where it does (`table-1.4.1`). */
  readonly book?: string;
  readonly status: SweepStatus;
  readonly trials: readonly SweepTrial[];
}

const value: z.ZodType<SettingValue> = z.lazy(() => z.union([z.number(), z.string(), z.boolean(), z.null(), z.record(value)]));
const maybe = z.number().nullable();
const resultSchema = z.object({
  runId: z.string(),
  loss: maybe,
  accuracy: maybe,
  valLoss: maybe,
  valAccuracy: maybe,
  testLoss: maybe,
  testAccuracy: maybe,
  totalParams: z.number(),
  seconds: z.number(),
  epochs: z.number(),
});
const trialSchema = z.object({
  trial: z.number().int().min(1),
  settings: z.array(z.tuple([z.string(), value])),
  status: z.enum(['pending', 'running', 'done', 'failed']),
  jobId: z.string().optional(),
  result: resultSchema.optional(),
  error: z.string().optional(),
});
export const sweepStateSchema = z.object({
  format: z.literal(SWEEP_FORMAT),
  version: z.literal(SWEEP_FORMAT_VERSION),
  id: z.string().regex(SWEEP_ID_PATTERN),
  createdAt: z.string(),
  name: z.string(),
  /** Checked as a graph file when a trial is made from it. */
  base: z.object({ format: z.literal('netcanvas-graph') }).passthrough(),
  job: z.object({ backend: z.enum(['tensorflow', 'webgpu', 'wasm', 'cpu']).optional(), limit: z.number().int().min(1).optional(), testLimit: z.number().int().min(1).optional(), seed: z.number().int().min(0).optional() }).strict(),
  book: z.string().optional(),
  status: z.enum(['running', 'paused', 'stopped', 'done']),
  trials: z.array(trialSchema).min(1),
});

/** A new sweep's state: every trial pending. */
export function newSweepState(o: { id: string; name: string; base: GraphDocument; job: SweepJobOptions; trials: readonly TrialSettings[]; book?: string; now?: Date }): SweepState {
  return {
    format: SWEEP_FORMAT,
    version: SWEEP_FORMAT_VERSION,
    id: o.id,
    createdAt: (o.now ?? new Date()).toISOString(),
    name: o.name,
    base: o.base,
    job: o.job,
    ...(o.book ? { book: o.book } : {}),
    status: 'running',
    trials: o.trials.map((settings, i) => ({ trial: i + 1, settings, status: 'pending' })),
  };
}

/** The state with one trial replaced. */
export function withTrial(state: SweepState, trial: SweepTrial): SweepState {
  return { ...state, trials: state.trials.map((t) => (t.trial === trial.trial ? trial : t)) };
}

/** A trial as it is when it has not run: no job, no result. */
export function pendingTrial(t: SweepTrial): SweepTrial {
  return { trial: t.trial, settings: t.settings, status: 'pending' };
}

/** What a saved run scored, as a trial's result. */
export function trialResult(run: RunRecord): TrialResult {
  return {
    runId: run.id,
    ...finalMetrics(run),
    totalParams: run.totalParams,
    seconds: run.seconds,
    epochs: run.history.length,
  };
}

/** The metric trials are ranked by: validation accuracy, else test accuracy where a run had no validation split. */
export function rankingMetric(r: TrialResult | undefined): number | null {
  return r ? (r.valAccuracy ?? r.testAccuracy) : null;
}

/** Finished trials, best first (by validation accuracy; ties by test accuracy, then trial number). */
export function rankTrials(state: SweepState): SweepTrial[] {
  const score = (t: SweepTrial) => rankingMetric(t.result) ?? -Infinity;
  return state.trials
    .filter((t) => t.status === 'done' && t.result)
    .sort((a, b) => score(b) - score(a) || (b.result!.testAccuracy ?? -1) - (a.result!.testAccuracy ?? -1) || a.trial - b.trial);
}

/** Counts of trials by status. */
export function sweepProgress(state: SweepState): Record<TrialStatus, number> {
  const counts: Record<TrialStatus, number> = { pending: 0, running: 0, done: 0, failed: 0 };
  for (const t of state.trials) counts[t.status]++;
  return counts;
}
