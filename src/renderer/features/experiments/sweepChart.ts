import { formatValue } from '../../../core/experiments/sweepSpec';
import type { SweepState } from '../../../core/experiments/sweepState';
import { bestTrial } from './trialTable';

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
