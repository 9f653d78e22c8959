import { formatShape } from '../../../core/shapes/shape';
import { memo } from 'react';
import { formatCompact, formatCount, type SummaryRow } from '../../../core/summary/summary';
import { documentStore, summaryOf, summaryOrder, useDocumentStore } from '../../state/documentStore';
import { viewport } from '../canvas/viewport';
import { setTraining } from '../../editor/edits';

function select(id: string): void {
  documentStore.getState().select({ nodes: [id], edges: [] });
  viewport.focus(id);
}

/** One layer's row; memoized, so an edit redraws only the rows whose figures changed. */
const Row = memo(function Row({ id, row, branched, selected }: { id: string; row: SummaryRow; branched: boolean; selected: boolean }) {
  return (
    <tr className={selected ? 'selected' : undefined} onClick={() => select(id)}>
      <td>
        {row.name} <span className="muted">({row.type})</span>
      </td>
      <td className="mono">{row.outputShape ? formatShape(row.outputShape) : '?'}</td>
      <td className="num mono">{formatCount(row.params)}</td>
      <td className="num mono">{formatCompact(row.macs)}</td>
      {branched && <td className="mono">{row.connectedTo.join(', ')}</td>}
    </tr>
  );
}, sameRow);

function sameRow(a: { id: string; row: SummaryRow; branched: boolean; selected: boolean }, b: typeof a): boolean {
  const r = a.row;
  const q = b.row;
  return (
    a.id === b.id &&
    a.branched === b.branched &&
    a.selected === b.selected &&
    (r === q ||
      (r.name === q.name &&
        r.type === q.type &&
        r.params === q.params &&
        r.macs === q.macs &&
        (r.outputShape === q.outputShape || (r.outputShape !== null && q.outputShape !== null && formatShape(r.outputShape) === formatShape(q.outputShape))) &&
        r.connectedTo.join() === q.connectedTo.join()))
  );
}

/** The Keras-style `model.summary()` table, with totals and multiply-adds; moving layers does not redraw it. */
export function SummaryPanel() {
  const summary = useDocumentStore((s) => summaryOf(s.doc));
  const order = useDocumentStore((s) => summaryOrder(s.doc));
  const selected = useDocumentStore((s) => s.selection.nodes);
  const chosen = new Set(selected);
  const branched = summary.rows.some((r) => r.connectedTo.length > 1);
  return (
    <div className="summary" data-testid="summary">
      <table data-testid="summary-table">
        <thead>
          <tr>
            <th>Layer (type)</th>
            <th>Output shape</th>
            <th className="num">Param #</th>
            <th className="num">Mult-adds</th>
            {branched && <th>Connected to</th>}
          </tr>
        </thead>
        <tbody>
          {summary.rows.map((row, i) => (
            <Row key={order[i] ?? `${row.name}:${i}`} id={order[i] ?? ''} row={row} branched={branched} selected={chosen.has(order[i] ?? '')} />
          ))}
        </tbody>
      </table>
      <dl className="summary__totals">
        <div>
          <dt>Total params</dt>
          <dd className="mono">{formatCount(summary.totalParams)}</dd>
        </div>
        <div>
          <dt>Trainable</dt>
          <dd className="mono">{formatCount(summary.trainableParams)}</dd>
        </div>
        <div>
          <dt>Non-trainable</dt>
          <dd className="mono">{formatCount(summary.nonTrainableParams)}</dd>
        </div>
        <div>
          <dt>Multiply-adds / sample</dt>
          <dd className="mono">{formatCount(summary.macs)}</dd>
        </div>
      </dl>
      <StartingWeights />
    </div>
  );
}

/** Where training starts when not from fresh weights: an imported model's (the engine keeps them as a run); undoable back. */
function StartingWeights() {
  const start = useDocumentStore((s) => s.doc.training.startingWeights);
  if (!start) return null;
  const fresh = (): void => documentStore.getState().change((d) => setTraining(d, { startingWeights: undefined }), 'record');
  return (
    <p className="summary__start" data-testid="starting-weights">
      Training starts from the weights imported from <strong>{start.from}</strong> (run {start.run}), not fresh ones.{' '}
      <button type="button" className="button button--small button--quiet" onClick={fresh} data-testid="use-fresh-weights">
        Use fresh weights
      </button>
    </p>
  );
}
