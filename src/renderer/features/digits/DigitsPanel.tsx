import type { NetCanvasApi } from '../../../core/api/contract';
import type { GraphDocument } from '../../../core/graph/document';

/** What the digits panel needs from the app: the engine, the run to look at, the open graph and the selected node. */
export interface DigitsPanelProps {
  readonly api: NetCanvasApi;
  readonly runId: string | null;
  readonly document: GraphDocument;
  readonly selectedNodeId: string | null;
}

/** The digit pad, the layers' activations, the dataset explorer and the evaluation of a run, as tabs. */
export function DigitsPanel(_props: DigitsPanelProps) {
  return <section className="digits-panel" data-testid="digits-panel" />;
}
