import { useState } from 'react';
import type { NetCanvasApi } from '../../../core/api/contract';
import type { GraphDocument } from '../../../core/graph/document';
import { DatasetExplorer } from './dataset/DatasetExplorer';
import { EvaluationView } from './evaluation/EvaluationView';
import { ActivationsView } from './inside/ActivationsView';
import { PadView } from './pad/PadView';
import { hasInk, usePrediction } from './shared/usePrediction';
import './digits.css';

/** What the digits panel needs from the app: the engine, the run to look at, the open graph and the selected node. */
export interface DigitsPanelProps {
  readonly api: NetCanvasApi;
  readonly runId: string | null;
  readonly document: GraphDocument;
  readonly selectedNodeId: string | null;
}

const TABS = [
  { id: 'pad', label: 'Pad' },
  { id: 'inside', label: 'Inside the network' },
  { id: 'dataset', label: 'Dataset' },
  { id: 'evaluation', label: 'Evaluation' },
] as const;

type Tab = (typeof TABS)[number]['id'];

/**
 * The digit pad, the layers' outputs for the drawn digit, the dataset explorer and the
 * evaluation of a run, as tabs. The pad stays mounted, so a drawing survives a tab change.
 */
export function DigitsPanel({ api, runId, document, selectedNodeId }: DigitsPanelProps) {
  const [tab, setTab] = useState<Tab>('pad');
  const [pixels, setPixels] = useState<Float32Array | null>(null);
  const state = usePrediction(api, runId, pixels, tab === 'inside');
  const hint = !runId ? 'Train a model first: the pad reads digits with the run chosen above.' : !hasInk(pixels) ? 'Draw a digit on the pad.' : null;
  const insideHint = !runId
    ? 'Train a model first, then draw a digit on the Pad tab: every layer’s output for it shows here.'
    : !hasInk(pixels)
      ? 'Draw a digit on the Pad tab: every layer’s output for it shows here.'
      : null;
  return (
    <section className="digits" data-testid="digits-panel">
      <nav className="digits__tabs" role="tablist">
        {TABS.map((t) => (
          <button key={t.id} type="button" role="tab" aria-selected={tab === t.id} className={`digits__tab${tab === t.id ? ' digits__tab--active' : ''}`} onClick={() => setTab(t.id)} data-testid={`digits-tab-${t.id}`}>
            {t.label}
          </button>
        ))}
      </nav>
      <div className="digits__body" role="tabpanel">
        <div hidden={tab !== 'pad'}>
          <PadView pixels={pixels} onDigit={setPixels} state={state} hint={hint} />
        </div>
        {tab === 'inside' && <ActivationsView prediction={state.prediction} document={document} selectedNodeId={selectedNodeId} hint={insideHint} error={state.error} />}
        {tab === 'dataset' && <DatasetExplorer api={api} dataset={document.dataset.name} />}
        {tab === 'evaluation' && <EvaluationView api={api} runId={runId} />}
      </div>
    </section>
  );
}
