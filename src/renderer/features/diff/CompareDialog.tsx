import { useEffect, useRef, useState } from 'react';
import type { RunSummary } from '../../../core/api/contract';
import { DocumentError } from '../../../core/graph/errors';
import type { GraphDocument } from '../../../core/graph/document';
import { openGraphText } from '../../../core/graph/open';
import { messageOf } from '../../../core/messageOf';
import { autoLayout } from '../../editor/edits';
import { usePlatform } from '../../app/PlatformContext';
import { documentStore } from '../../state/documentStore';
import { useUi } from '../../state/uiStore';
import { runSide, useDiffMode, type DiffSide } from './diffStore';

/** A graph file opened for the diff only: never the project, which stays as it is. */
interface OpenedFile {
  readonly name: string;
  readonly document: GraphDocument;
}

const OPEN = 'open';
const toast = (...args: Parameters<ReturnType<typeof useUi.getState>['toast']>): void => useUi.getState().toast(...args);

/** The dialog of "Compare with…": pick A and B among the open graph, the saved runs and graph files, and see the diff on the canvas. */
export function CompareDialog() {
  const picking = useDiffMode((s) => s.picking);
  return picking ? <CompareForm /> : null;
}

function CompareForm() {
  const platform = usePlatform();
  const [runs, setRuns] = useState<readonly RunSummary[] | null>(null);
  const [files, setFiles] = useState<readonly OpenedFile[]>([]);
  const [a, setPickedA] = useState<string>(OPEN);
  const [b, setB] = useState<string>(OPEN);
  // A choice made before the runs arrive is kept: the latest run is only a default.
  const chosenA = useRef(false);
  const setA = (value: string): void => {
    chosenA.current = true;
    setPickedA(value);
  };
  const [busy, setBusy] = useState(false);
  const cancel = (): void => useDiffMode.getState().pick(false);

  useEffect(() => {
    let live = true;
    platform.api.listRuns().then(
      (list) => {
        if (!live) return;
        setRuns(list);
        // Most often: what changed since the latest run.
        if (list.length > 0 && !chosenA.current) setPickedA(`run:${list[0].id}`);
      },
      (error: unknown) => {
        if (live) setRuns([]);
        toast('error', 'The saved runs cannot be read', messageOf(error));
      },
    );
    return () => {
      live = false;
    };
  }, [platform]);

  const openFile = async (set: (value: string) => void) => {
    try {
      const file = await platform.openProject();
      if (!file) return;
      const opened = openGraphText(file.text, file.name);
      const document = opened.source === 'netcanvas' ? opened.document : autoLayout(opened.document);
      set(`file:${files.length}`);
      setFiles([...files, { name: file.name, document }]);
    } catch (error) {
      toast('error', 'The file cannot be compared', error instanceof DocumentError ? error.message : messageOf(error));
    }
  };

  const side = async (value: string): Promise<DiffSide> => {
    if (value === OPEN) {
      const doc = documentStore.getState().doc;
      return { title: `the open graph ‘${doc.name}’`, document: doc, outcome: null };
    }
    if (value.startsWith('run:')) return runSide(await platform.api.getRun(value.slice('run:'.length)));
    const file = files[Number(value.slice('file:'.length))];
    return { title: file.name, document: file.document, outcome: null };
  };

  const show = async () => {
    setBusy(true);
    try {
      const [left, right] = await Promise.all([side(a), side(b)]);
      useDiffMode.getState().show(left, right);
    } catch (error) {
      toast('error', 'The graphs cannot be compared', messageOf(error));
      setBusy(false);
    }
  };

  const options = (
    <>
      <option value={OPEN}>The open graph ‘{documentStore.getState().doc.name}’</option>
      {runs?.map((r) => (
        <option key={r.id} value={`run:${r.id}`}>
          Run ‘{r.name}’ · {new Date(r.createdAt).toLocaleString()}
        </option>
      ))}
      {files.map((f, i) => (
        <option key={i} value={`file:${i}`}>
          File {f.name}
        </option>
      ))}
    </>
  );
  const pick = (name: 'A' | 'B', value: string, set: (value: string) => void) => (
    <label className="compare-dialog__side">
      <span className="diff-banner__side">{name}</span>
      <select value={value} onChange={(e) => set(e.target.value)} data-testid={`compare-${name.toLowerCase()}`} aria-label={`Graph ${name}`}>
        {options}
      </select>
      <button type="button" className="button button--small" onClick={() => void openFile(set)} data-testid={`compare-file-${name.toLowerCase()}`}>
        A graph file…
      </button>
    </label>
  );

  return (
    <div className="overlay" onClick={cancel}>
      <div
        className="dialog compare-dialog"
        role="dialog"
        aria-modal="true"
        aria-label="Compare two graphs"
        data-testid="compare-dialog"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          // Keys typed here are the dialog's, not the editor's shortcuts.
          e.stopPropagation();
          if (e.key === 'Escape') cancel();
        }}
      >
        <h2>Compare two graphs</h2>
        <p className="muted small">What changed from A to B, drawn on the canvas: layers added in B green, removed ones red, changed ones amber with their fields. The project is not changed.</p>
        {pick('A', a, setA)}
        {pick('B', b, setB)}
        {runs === null && <p className="muted small">Reading the saved runs…</p>}
        <div className="compare-dialog__buttons">
          <button type="button" className="button" onClick={cancel} data-testid="compare-cancel">
            Cancel
          </button>
          <button type="button" className="button button--primary" disabled={busy} onClick={() => void show()} data-testid="compare-show">
            Show on canvas
          </button>
        </div>
      </div>
    </div>
  );
}
