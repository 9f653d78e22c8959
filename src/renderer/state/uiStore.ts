import { create } from 'zustand';
import type { GraphDocument } from '../../core/graph/document';
import { documentStore } from './documentStore';

export type View = 'data' | 'design' | 'train' | 'digits' | 'export' | 'experiments';

/** The views in the order the title bar shows them, each with its tab's label (the one place these are written). */
export const VIEWS: readonly { readonly id: View; readonly label: string }[] = [
  { id: 'data', label: 'Data' },
  { id: 'design', label: 'Design' },
  { id: 'train', label: 'Train' },
  { id: 'digits', label: 'Try it' },
  { id: 'export', label: 'Export' },
  { id: 'experiments', label: 'Experiments' },
];

/** A view's tab label. */
export const viewLabel = (view: View): string => VIEWS.find((v) => v.id === view)?.label ?? view;

export interface Toast {
  readonly id: number;
  readonly tone: 'info' | 'error' | 'success';
  readonly message: string;
  readonly detail?: string;
}

/** A dialog that lists what an import could not carry over. */
export interface ImportReport {
  readonly title: string;
  readonly notes: readonly string[];
  /** The file whose weights the imported graph's training starts from (an ONNX model's); absent when it starts fresh. */
  readonly startingWeights?: string;
}

/** The in-app dialog that asks for a project's name (Save As in a browser). */
export interface NameRequest {
  readonly title: string;
  readonly initial: string;
  readonly confirmLabel: string;
  /** Why a typed name is refused, as a sentence; null when it is taken. */
  readonly problem: (name: string) => string | null;
  readonly resolve: (name: string | null) => void;
}

export interface UiState {
  readonly view: View;
  readonly helpOpen: boolean;
  readonly toasts: readonly Toast[];
  /**
   * One line in the status bar: the reason a connection was refused, what just happened.
   * It is about the document as it was when said (`about`), and shown only while that
   * document is current: see `currentStatus`.
   */
  readonly status: Status | null;
  readonly importReport: ImportReport | null;
  readonly summaryOpen: boolean;
  readonly nameRequest: NameRequest | null;
  setView(view: View): void;
  toggleHelp(open?: boolean): void;
  toast(tone: Toast['tone'], message: string, detail?: string): void;
  dismiss(id: number): void;
  /** Says something about the current document; it lasts until the document changes or the view does. */
  setStatus(status: { readonly tone: Status['tone']; readonly message: string } | null): void;
  showImportReport(report: ImportReport | null): void;
  toggleSummary(): void;
  /** Asks for a name in the name dialog; resolves with the name taken, or null when cancelled. One question at a time: a second cancels the first. */
  askName(request: Omit<NameRequest, 'resolve'>): Promise<string | null>;
  /** The dialog's answer: a name its `problem` accepts, or null for Cancel. */
  answerName(name: string | null): void;
}

export interface Status {
  readonly tone: 'info' | 'error';
  readonly message: string;
  readonly about: GraphDocument;
}

/** The status line for `doc`: the last one said, while it is still about this document value; null otherwise. */
export function currentStatus(status: Status | null, doc: GraphDocument): Status | null {
  return status && status.about === doc ? status : null;
}

let nextToast = 1;
const TOAST_MS = { info: 4000, success: 4000, error: 9000 } as const;

/** View state that is not part of the document: the open tab, toasts, overlays. */
export const useUi = create<UiState>()((set, get) => ({
  view: 'design',
  helpOpen: false,
  toasts: [],
  status: null,
  importReport: null,
  summaryOpen: true,
  nameRequest: null,
  setView: (view) => set(view === get().view ? {} : { view, status: null }),
  toggleHelp: (open) => set({ helpOpen: open ?? !get().helpOpen }),
  toast(tone, message, detail) {
    const id = nextToast++;
    set({ toasts: [...get().toasts.slice(-3), { id, tone, message, detail }] });
    setTimeout(() => get().dismiss(id), TOAST_MS[tone]);
  },
  dismiss: (id) => set({ toasts: get().toasts.filter((t) => t.id !== id) }),
  setStatus: (status) => set({ status: status && { ...status, about: documentStore.getState().doc } }),
  showImportReport: (importReport) => set({ importReport }),
  toggleSummary: () => set({ summaryOpen: !get().summaryOpen }),
  askName(request) {
    get().nameRequest?.resolve(null);
    return new Promise((resolve) => set({ nameRequest: { ...request, resolve } }));
  },
  answerName(name) {
    const request = get().nameRequest;
    if (!request) return;
    set({ nameRequest: null });
    request.resolve(name);
  },
}));
