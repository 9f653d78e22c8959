import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { analyseGraph, type Analysed, type GraphAnalysis } from '../../core/graph/analyse';
import { emptyDocument, type GraphDocument } from '../../core/graph/document';
import { pruneGroups } from '../../core/graph/groups';
import { summarize, summaryOrder as rowOrder, type ModelSummary } from '../../core/summary/summary';
import { removeRejoining } from '../editor/chain';
import { copyFragment, pasteFragment, type Fragment } from '../editor/edits';
import { beginTransaction, canRedo, canUndo, commit, createHistory, endTransaction, redo, undo, type Capture, type History } from './history';

/** Where the open project lives; null for one never saved. */
export interface ProjectFileRef {
  readonly name: string;
  readonly path?: string;
}

export interface Selection {
  readonly nodes: readonly string[];
  readonly edges: readonly string[];
}

const NOTHING: Selection = { nodes: [], edges: [] };

export interface DocumentState {
  readonly history: History<GraphDocument>;
  /** The document as it is now (the history's present). */
  readonly doc: GraphDocument;
  readonly selection: Selection;
  readonly file: ProjectFileRef | null;
  /** The document as last opened or saved: the project is dirty while `doc` is another value. */
  readonly saved: GraphDocument;
  readonly clipboard: Fragment | null;
  readonly pastes: number;

  /** Changes the document; `capture` says whether it is an undo step. Groups lose the members the edit removed. */
  change(edit: (doc: GraphDocument) => GraphDocument, capture: Capture, select?: Selection): void;
  undo(): void;
  redo(): void;
  /** Folds every change until `endTransaction` into one undo step (a drag). */
  beginTransaction(): void;
  endTransaction(): void;
  select(selection: Selection): void;
  selectAll(): void;
  /** Deletes the selected nodes and edges as one undo step, joining the neighbours of each removed chain link. */
  deleteSelection(): void;
  copySelection(): void;
  cutSelection(): void;
  paste(): void;
  /** Opens a document in place of the current one: a fresh history, clean unless `dirty`. */
  open(doc: GraphDocument, file: ProjectFileRef | null, dirty?: boolean): void;
  markSaved(file: ProjectFileRef): void;
}

export type DocumentStore = ReturnType<typeof createDocumentStore>;

/** Where pasted nodes land relative to the copies, growing with each paste. */
const PASTE_OFFSET = 40;

export function createDocumentStore(initial: GraphDocument = emptyDocument()) {
  return createStore<DocumentState>()((set, get) => {
    const setHistory = (history: History<GraphDocument>, selection?: Selection): void => {
      const { selection: current } = get();
      const doc = history.present;
      const keep = selection ?? prune(current, doc);
      set({ history, doc, selection: keep });
    };
    return {
      history: createHistory(initial),
      doc: initial,
      selection: NOTHING,
      file: null,
      saved: initial,
      clipboard: null,
      pastes: 0,

      change(edit, capture, select) {
        const { history } = get();
        // A deleted layer leaves its group; a group left empty goes (in the same undo step).
        const next = pruneGroups(edit(history.present));
        if (next === history.present) {
          if (select) set({ selection: select });
          return;
        }
        setHistory(commit(history, next, capture), select);
      },
      undo: () => setHistory(undo(get().history)),
      redo: () => setHistory(redo(get().history)),
      beginTransaction: () => set({ history: beginTransaction(get().history) }),
      endTransaction: () => setHistory(endTransaction(get().history, sameDocument)),
      select: (selection) => set({ selection }),
      selectAll() {
        const { doc } = get();
        set({ selection: { nodes: doc.nodes.map((n) => n.id), edges: doc.edges.map((e) => e.id) } });
      },
      deleteSelection() {
        const { selection } = get();
        get().change((doc) => removeRejoining(doc, selection.nodes, selection.edges).doc, 'record', NOTHING);
      },
      copySelection() {
        const { doc, selection } = get();
        if (selection.nodes.length === 0) return;
        set({ clipboard: copyFragment(doc, new Set(selection.nodes)), pastes: 0 });
      },
      cutSelection() {
        get().copySelection();
        get().deleteSelection();
      },
      paste() {
        const { clipboard, pastes } = get();
        if (!clipboard || clipboard.nodes.length === 0) return;
        const offset = PASTE_OFFSET * (pastes + 1);
        let ids: string[] = [];
        get().change(
          (doc) => {
            const pasted = pasteFragment(doc, clipboard, { x: offset, y: offset });
            ids = pasted.ids;
            return pasted.doc;
          },
          'record',
        );
        set({ pastes: pastes + 1, selection: { nodes: ids, edges: [] } });
      },
      open(doc, file, dirty = false) {
        set({ history: createHistory(doc), doc, selection: NOTHING, file, saved: dirty ? emptyDocument() : doc });
      },
      markSaved: (file) => set({ file, saved: get().doc }),
    };
  });
}

/** Two documents with the same content (a value typed and typed back). */
function sameDocument(a: GraphDocument, b: GraphDocument): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function prune(selection: Selection, doc: GraphDocument): Selection {
  const nodes = new Set(doc.nodes.map((n) => n.id));
  const edges = new Set(doc.edges.map((e) => e.id));
  const keptNodes = selection.nodes.filter((id) => nodes.has(id));
  const keptEdges = selection.edges.filter((id) => edges.has(id));
  return keptNodes.length === selection.nodes.length && keptEdges.length === selection.edges.length ? selection : { nodes: keptNodes, edges: keptEdges };
}

export const isDirty = (s: DocumentState): boolean => s.doc !== s.saved;
export const undoable = (s: DocumentState): boolean => canUndo(s.history);
export const redoable = (s: DocumentState): boolean => canRedo(s.history);

const analyses = new WeakMap<GraphDocument, GraphAnalysis>();
/** The document analysed last and its analysis: the next analysis starts from it. */
let lastAnalysed: Analysed | undefined;

/**
 * The analysis of a document, computed once per document value, incrementally from the
 * last one computed: a document that differs from it only in positions (a drag) gets the
 * same analysis object back, so nothing that shows the analysis redraws.
 */
export function analysisOf(doc: GraphDocument): GraphAnalysis {
  let analysis = analyses.get(doc);
  if (!analysis) {
    analysis = analyseGraph(doc, {}, lastAnalysed);
    analyses.set(doc, analysis);
    lastAnalysed = { doc, analysis };
  }
  return analysis;
}

const summaries = new WeakMap<GraphAnalysis, { readonly name: string; readonly summary: ModelSummary }>();

/**
 * The model summary of a document, the same object while its analysis and name are: the
 * summary reads names, kinds and connections, which the analysis is kept only while
 * unchanged.
 */
export function summaryOf(doc: GraphDocument): ModelSummary {
  const analysis = analysisOf(doc);
  const cached = summaries.get(analysis);
  if (cached && cached.name === doc.name) return cached.summary;
  const summary = summarize(doc, analysis);
  summaries.set(analysis, { name: doc.name, summary });
  return summary;
}

const summaryOrders = new WeakMap<GraphAnalysis, readonly string[]>();

/** The node id of each row of `summaryOf(doc)`, the same array while the analysis is. */
export function summaryOrder(doc: GraphDocument): readonly string[] {
  const analysis = analysisOf(doc);
  let ids = summaryOrders.get(analysis);
  if (!ids) {
    ids = rowOrder(doc, analysis);
    summaryOrders.set(analysis, ids);
  }
  return ids;
}

/** The app's one document store. */
export const documentStore = createDocumentStore();

export function useDocumentStore<T>(selector: (state: DocumentState) => T): T {
  return useStore(documentStore, selector);
}

/** The current document's analysis (shapes, counts, problems); a change of positions alone does not redraw. */
export function useAnalysis(): GraphAnalysis {
  return useDocumentStore((s) => analysisOf(s.doc));
}
