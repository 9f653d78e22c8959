import { formatValue } from '../../../core/experiments/sweepSpec';
import type { SweepState } from '../../../core/experiments/sweepState';
import { bestTrial } from './trialTable';
import { analyseGraph } from '../../../core/graph/analyse';
import { applySettings } from '../../../core/experiments/applySettings';

/**
 * The parallel-coordinates picture of a sweep as plain data: one axis per varied setting
 * (numbers on a value axis, words on a category axis in the order the trials first use
 * them), then validation and test accuracy; one line per finished trial. The view hands it
 * to ECharts; keeping it here makes it testable without a canvas.
 */

export type ChartAxis = { readonly name: string; readonly type: 'value' } | { readonly name: string; readonly type: 'category'; readonly data: readonly string[] };

export interface ChartLine {
  readonly trial: number;
  /** One value per axis, in order; a category axis takes its word, a missing metric null. */
  readonly values: readonly (number | string | null)[];
  readonly best: boolean;
}

export interface ParallelChart {
  readonly axes: readonly ChartAxis[];
  readonly lines: readonly ChartLine[];
}

export const METRIC_AXES = ['val accuracy', 'test accuracy'] as const;

export function parallelChart(state: SweepState): ParallelChart {
  const paths: string[] = [];
  for (const t of state.trials) for (const [p] of t.settings) if (!paths.includes(p)) paths.push(p);
  const done = state.trials.filter((t) => t.status === 'done' && t.result);
  const axes: ChartAxis[] = paths.map((path) => {
    const values = state.trials.map((t) => t.settings.find(([p]) => p === path)?.[1]).filter((v) => v !== undefined);
    if (values.every((v) => typeof v === 'number')) return { name: path, type: 'value' };
    const words: string[] = [];
    for (const v of values) {
      const w = formatValue(v);
      if (!words.includes(w)) words.push(w);
    }
    return { name: path, type: 'category', data: words };
  });
  const best = bestTrial(state);
  const lines = done.map((t) => ({
    trial: t.trial,
    values: [
      ...axes.map((axis) => {
        const v = t.settings.find(([p]) => p === axis.name)?.[1];
        if (v === undefined) return null;
        return axis.type === 'value' ? (v as number) : formatValue(v);
      }),
      t.result!.valAccuracy,
      t.result!.testAccuracy,
    ],
    best: t.trial === best,
  }));
  return { axes: [...axes, ...METRIC_AXES.map((name) => ({ name, type: 'value' as const }))], lines };
}

/** What the trade-off chart puts across: a trial's parameters, its multiply-adds per sample, or its training time. */
export const TRADE_OFF_COSTS = [
  { id: 'params', label: 'parameters' },
  { id: 'macs', label: 'multiply-adds per sample' },
  { id: 'seconds', label: 'training time (s)' },
] as const;
export type TradeOffCost = (typeof TRADE_OFF_COSTS)[number]['id'];

export interface TradeOffPoint {
  readonly trial: number;
  readonly cost: number;
  /** Test error (1 − test accuracy), or validation error when the trial was not tested. */
  readonly error: number;
  readonly best: boolean;
  /** On the Pareto front: no other trial is both cheaper (or as cheap) and more accurate. */
  readonly front: boolean;
}

/**
 * The trade-off picture of a sweep (as Neural Network Console draws it): each finished trial's
 * error against its cost, and the trials no other beats on both. Multiply-adds come from the
 * trial's own graph (the base with its settings) through the core's analysis.
 */
export function tradeOffChart(state: SweepState, cost: TradeOffCost): TradeOffPoint[] {
  const best = bestTrial(state);
  const points = state.trials
    .filter((t) => t.status === 'done' && t.result && (t.result.testAccuracy ?? t.result.valAccuracy) !== null)
    .map((t) => {
      const r = t.result!;
      const x = cost === 'params' ? r.totalParams : cost === 'seconds' ? r.seconds : analyseGraph(applySettings(state.base, t.settings)).totals.macs;
      return { trial: t.trial, cost: x, error: 1 - (r.testAccuracy ?? r.valAccuracy)!, best: t.trial === best };
    });
  return points.map((p) => ({ ...p, front: !points.some((q) => q !== p && q.cost <= p.cost && q.error < p.error) }));
}
