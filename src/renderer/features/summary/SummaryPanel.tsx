import { formatShape } from '../../../core/shapes/shape';
import { formatCompact, formatCount, summarize } from '../../../core/summary/summary';
import { analysisOf, documentStore, useDocumentStore } from '../../state/documentStore';
import { viewport } from '../canvas/viewport';

/** The Keras-style `model.summary()` table, with totals and multiply-adds. */
export function SummaryPanel() {
  const doc = useDocumentStore((s) => s.doc);
  const selected = useDocumentStore((s) => s.selection.nodes);
  const summary = summarize(doc, analysisOf(doc));
  const branched = summary.rows.some((r) => r.connectedTo.length > 1);
  const idOf = (i: number): string => analysisOf(doc).topology.order[i] ?? '';
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
            <tr
              key={`${row.name}:${i}`}
              className={selected.includes(idOf(i)) ? 'selected' : undefined}
              onClick={() => {
                const id = idOf(i);
                if (!id) return;
                documentStore.getState().select({ nodes: [id], edges: [] });
                viewport.focus(id);
              }}
            >
              <td>
                {row.name} <span className="muted">({row.type})</span>
              </td>
              <td className="mono">{row.outputShape ? formatShape(row.outputShape) : '?'}</td>
              <td className="num mono">{formatCount(row.params)}</td>
              <td className="num mono">{formatCompact(row.macs)}</td>
              {branched && <td className="mono">{row.connectedTo.join(', ')}</td>}
            </tr>
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
    </div>
  );
}
