import type { Prediction } from '../../../../core/api/contract';
import type { GraphDocument } from '../../../../core/graph/document';
import { LayerActivationView } from './LayerActivationView';

function layerTitle(document: GraphDocument, nodeId: string): string {
  const node = document.nodes.find((n) => n.id === nodeId);
  if (!node) return nodeId;
  return node.label ? `${node.label} (${node.kind})` : `${nodeId} (${node.kind})`;
}

/**
 * Inside the network: every layer's output for the digit on the pad. The node selected on
 * the canvas is shown first and marked; the others follow in the model's order.
 */
export function ActivationsView(props: { readonly prediction: Prediction | null; readonly document: GraphDocument; readonly selectedNodeId: string | null; readonly hint: string | null; readonly error: string | null }) {
  const { prediction, document, selectedNodeId, hint, error } = props;
  if (hint) return <p className="digits__hint">{hint}</p>;
  if (error) return <p className="digits__error">{error}</p>;
  const activations = prediction?.activations;
  if (!activations) return <p className="digits__hint">Reading the layers…</p>;
  const selected = activations.find((a) => a.nodeId === selectedNodeId);
  const ordered = selected ? [selected, ...activations.filter((a) => a !== selected)] : activations;
  return (
    <div className="activations" data-testid="activations">
      <p className="muted">
        {selected ? 'The selected layer comes first.' : 'Select a layer on the canvas to bring its output to the top.'} Feature maps are scaled each to its own range: bright is high.
      </p>
      {ordered.map((a) => (
        <LayerActivationView key={a.nodeId} activation={a} title={layerTitle(document, a.nodeId)} selected={a === selected} />
      ))}
    </div>
  );
}
