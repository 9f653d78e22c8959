import type { RunSummary } from '../../../core/api/contract';
import { formatPercent } from '../../../core/digits/percent';

/**
 * Which runs a Try-it view can use (issue 13). The digit pad reads 784 values into ten
 * classes, as every built-in dataset's model takes them (core/digits/modelInput checks it
 * again when predicting); an own-data view uses the runs trained on that same data.
 */
export type RunFit = { readonly kind: 'pad' } | { readonly kind: 'own'; readonly dataId: string };

/** The view a run belongs in: the pad for a built-in dataset, its own data's view otherwise. */
export function fitOf(run: Pick<RunSummary, 'data'>): RunFit {
  return run.data.own ? { kind: 'own', dataId: run.data.id } : { kind: 'pad' };
}

/** Whether a run fits a view. */
export function fits(run: Pick<RunSummary, 'data'>, fit: RunFit): boolean {
  return fit.kind === 'pad' ? !run.data.own : run.data.own && run.data.id === fit.dataId;
}

/** The runs a view can use, in the order given (the list's: newest first). */
export function runsThatFit<R extends Pick<RunSummary, 'data'>>(runs: readonly R[], fit: RunFit): R[] {
  return runs.filter((run) => fits(run, fit));
}

/** The run Try it shows: the selected one, else the newest; null when there is none. */
export function currentRun<R extends Pick<RunSummary, 'id'>>(runs: readonly R[], selectedId: string | null): R | null {
  return runs.find((run) => run.id === selectedId) ?? runs[0] ?? null;
}

/** A run as the chooser names it: `MNIST MLP #2 (test acc. 97.5%, 2026-12-04)`. */
export function runChoiceLabel(run: Pick<RunSummary, 'name' | 'testAccuracy' | 'createdAt'>): string {
  const accuracy = run.testAccuracy === null ? 'no test' : `test acc. ${formatPercent(run.testAccuracy)}`;
  return `${run.name} (${accuracy}, ${run.createdAt.slice(0, 10)})`;
}
