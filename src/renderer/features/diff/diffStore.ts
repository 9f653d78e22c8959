import { create } from 'zustand';
import type { RunRecord } from '../../../core/api/contract';
import type { RunOutcome } from '../../../core/experiments/diffView';
import type { GraphDocument } from '../../../core/graph/document';
import { useUi } from '../../state/uiStore';

/** One side of a diff: a graph, what it is called, and its run's metrics when it is a run's graph. */
export interface DiffSide {
  /** `run 'MNIST MLP #3'`, `trial 2`, `the open graph`, `mlp.netcanvas.json`. */
  readonly title: string;
  readonly document: GraphDocument;
  /** Null for a graph without a run (the open graph, a file). */
  readonly outcome: RunOutcome | null;
}

/** A run as a side of a diff. */
export function runSide(run: RunRecord, title = `run ‘${run.name}’`): DiffSide {
  return { title, document: run.document, outcome: { history: run.history, test: run.test } };
}

interface DiffModeState {
  /** The two graphs the canvas shows the diff of (A before, B after); null while editing. */
  readonly sides: { readonly a: DiffSide; readonly b: DiffSide } | null;
  /** Whether the dialog that picks the two graphs is open. */
  readonly picking: boolean;
  /** Puts the design view into diff mode. The document, its selection and its history are not touched. */
  show(a: DiffSide, b: DiffSide): void;
  /** Leaves diff mode: the editing canvas is as it was. */
  close(): void;
  pick(open: boolean): void;
}

/**
 * The canvas's read-only diff mode (issue 13). It lives beside the document store, never in
 * it: the diff is drawn over the editing canvas, which stays mounted with its viewport, so
 * leaving diff mode shows the editor exactly as it was and no undo step is made.
 */
export const useDiffMode = create<DiffModeState>()((set) => ({
  sides: null,
  picking: false,
  show(a, b) {
    // A field of the inspector keeps no focus under the diff, where typing would edit the graph unseen.
    if (typeof document !== 'undefined' && document.activeElement instanceof HTMLElement) document.activeElement.blur();
    set({ sides: { a, b }, picking: false });
    useUi.getState().setView('design');
  },
  close: () => set({ sides: null }),
  pick: (picking) => set({ picking }),
}));

/** Whether the canvas shows a diff (editing commands then do nothing). */
export const inDiffMode = (): boolean => useDiffMode.getState().sides !== null;

/**
 * Whether diff mode keeps a command from running: every Edit and View command acts on the
 * graph or the canvas beneath the diff, so none runs; File, Help, the view switches and
 * Compare (another pair) do.
 */
export function blockedByDiff(command: { readonly id: string; readonly group: string; readonly everyView?: boolean }): boolean {
  return inDiffMode() && command.id !== 'view.compare' && (command.group === 'Edit' || (command.group === 'View' && !command.everyView));
}
