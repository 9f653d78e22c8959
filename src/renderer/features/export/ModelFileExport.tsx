import { useEffect, useState } from 'react';
import type { ENGINE_EXPORT_FORMATS } from '../../../core/export/formats';
import type { GraphDocument } from '../../../core/graph/document';
import { messageOf } from '../../../core/messageOf';
import { usePlatform } from '../../app/PlatformContext';
import { useTraining } from '../training/trainingStore';
import { useUi } from '../../state/uiStore';
import { Icon } from '../../ui/icons';

type EngineFormat = (typeof ENGINE_EXPORT_FORMATS)[number];

/** What the last file written holds, read back from its own bytes. */
interface Written {
  readonly fileName: string;
  readonly bytes: number;
  readonly metadata: readonly { readonly key: string; readonly value: string }[];
}

const FRESH = '';

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function fromBase64(base64: string): Uint8Array {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/**
 * A format the engine writes (ONNX): the weights to put in it (a saved run's, checked
 * against the graph by the engine, or fresh ones), Save, and what the written file says of
 * itself: its inputs, their layout and the preprocessing a sample needs.
 */
export function ModelFileExport({ doc, format, fileName }: { doc: GraphDocument; format: EngineFormat; fileName: string }) {
  const platform = usePlatform();
  const toast = useUi((s) => s.toast);
  const runs = useTraining((s) => s.runs);
  const refreshRuns = useTraining((s) => s.refreshRuns);
  const [runId, setRunId] = useState(FRESH);
  const [busy, setBusy] = useState(false);
  const [written, setWritten] = useState<Written | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void refreshRuns(platform.api);
  }, [platform, refreshRuns]);
  // A run that is gone (deleted) is not offered any more.
  const chosen = runs.some((r) => r.id === runId) ? runId : FRESH;

  const save = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const answer = await platform.api.exportModel({ document: doc, format: format.id, ...(chosen !== FRESH ? { runId: chosen } : {}) });
      const bytes = fromBase64(answer.base64);
      await platform.exportFile(bytes, fileName, format.mime);
      setWritten({ fileName, bytes: bytes.length, metadata: answer.metadata });
      toast('success', `Saved ${fileName}`, `${formatBytes(bytes.length)}, ${chosen === FRESH ? 'freshly initialised weights' : 'the run’s trained weights'}`);
    } catch (e) {
      setError(messageOf(e));
      toast('error', `Could not export ${fileName}`, messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="export__model" data-testid="export-model">
      <div className="export__model-form">
        <label className="field">
          <span>Weights</span>
          <select value={chosen} onChange={(e) => setRunId(e.target.value)} data-testid="export-run" disabled={busy}>
            <option value={FRESH}>Freshly initialised (untrained)</option>
            {runs.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
                {r.testAccuracy !== null ? `: ${(r.testAccuracy * 100).toFixed(1)}% test accuracy` : ''}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="button button--primary" onClick={() => void save()} disabled={busy} data-testid="export-save">
          <Icon name="download" /> {busy ? `Writing ${fileName}…` : `Save ${fileName}`}
        </button>
      </div>
      {busy && <progress className="export__progress" aria-label={`Writing ${fileName}`} />}
      <p className="muted">
        {runs.length === 0
          ? 'No trained runs yet: train the graph to export its learned weights, or save it freshly initialised.'
          : 'A run’s weights must fit this graph: the engine checks every layer and says which does not.'}
      </p>
      {error && (
        <div className="export__error" data-testid="export-error">
          <Icon name="error" size={18} />
          <p>{error}</p>
        </div>
      )}
      {written && !error && (
        <section className="export__written" data-testid="export-written">
          <h3>
            {written.fileName} <span className="muted">{formatBytes(written.bytes)}</span>
          </h3>
          <dl>
            {written.metadata.map((m) => (
              <div key={m.key}>
                <dt>{m.key}</dt>
                <dd>{m.value}</dd>
              </div>
            ))}
          </dl>
        </section>
      )}
    </div>
  );
}
