import type { Problem } from '../../../core/graph/analyse';
import { describeFix } from '../../../core/layers/problem';
import { applyFix } from '../../editor/edits';
import { analysisOf, documentStore, useDocumentStore } from '../../state/documentStore';
import { Icon } from '../../ui/icons';
import { viewport } from '../canvas/viewport';

function select(problem: Problem): void {
  if (!problem.nodeId) return;
  documentStore.getState().select({ nodes: [problem.nodeId], edges: [] });
  viewport.focus(problem.nodeId);
}

function fix(problem: Problem): void {
  if (!problem.nodeId || !problem.fix) return;
  const { nodeId, fix: f } = problem;
  let chosen = nodeId;
  documentStore.getState().change(
    (d) => {
      const r = applyFix(d, nodeId, f);
      chosen = r.select;
      return r.doc;
    },
    'record',
  );
  documentStore.getState().select({ nodes: [chosen], edges: [] });
}

/** Every problem the core finds; clicking one selects its layer, and a fix is one click. */
export function ProblemsPanel() {
  const problems = useDocumentStore((s) => analysisOf(s.doc).problems);
  return (
    <section className="problems-panel">
      <h3>
        Problems <span className={`count${problems.some((p) => p.severity === 'error') ? ' count--error' : ''}`}>{problems.length}</span>
      </h3>
      {problems.length === 0 ? (
        <p className="problems-panel__ok" data-testid="problems-ok">
          <Icon name="check" /> The network is ready to train.
        </p>
      ) : null}
      <ul data-testid="problems" className="problems-panel__list">
        {problems.map((p, i) => (
          <li key={`${i}:${p.message}`} className={`problem problem--${p.severity}`} data-testid="problem-item" data-node={p.nodeId ?? ''} data-code={p.code}>
            <button type="button" className="problem__message" onClick={() => select(p)} disabled={!p.nodeId}>
              <Icon name={p.severity === 'error' ? 'error' : 'warning'} size={14} />
              <span>{p.message}</span>
            </button>
            {p.fix && p.nodeId && (
              <button type="button" className="button button--small problem__fix" data-testid="problem-fix" onClick={() => fix(p)}>
                {describeFix(p.fix)}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
