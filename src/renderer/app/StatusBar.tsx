import { formatCompact, formatCount } from '../../core/summary/summary';
import { useTraining } from '../features/training/trainingStore';
import { formatPercent } from '../features/training/jobState';
import { analysisOf, useDocumentStore } from '../state/documentStore';
import { currentStatus, useUi } from '../state/uiStore';

/** The bottom line: totals, the problem count, the last status message while it is about the current document, the engine. */
export function StatusBar() {
  const analysis = useDocumentStore((s) => analysisOf(s.doc));
  const layers = useDocumentStore((s) => s.doc.nodes.length);
  const said = useUi((s) => s.status);
  const status = useDocumentStore((s) => currentStatus(said, s.doc));
  const job = useTraining((s) => s.job);
  const engine = useTraining((s) => s.engine);
  const errors = analysis.problems.filter((p) => p.severity === 'error').length;
  const warnings = analysis.problems.length - errors;
  return (
    <footer className="statusbar">
      <span>
        <span className="muted">Params </span>
        <strong data-testid="total-params">{formatCount(analysis.totals.total)}</strong>
      </span>
      <span>
        <span className="muted">Mult-adds </span>
        {formatCompact(analysis.totals.macs)}
      </span>
      <span>
        <span className="muted">Layers </span>
        {layers}
      </span>
      <span className={errors ? 'statusbar__errors' : warnings ? 'statusbar__warnings' : 'statusbar__ok'} data-testid="problem-count">
        {errors ? `${errors} error${errors === 1 ? '' : 's'}` : warnings ? `${warnings} warning${warnings === 1 ? '' : 's'}` : 'Ready to train'}
      </span>
      <span className={`statusbar__message${status?.tone === 'error' ? ' statusbar__message--error' : ''}`} data-testid="status-message" title={status?.message}>
        {status?.message ?? ''}
      </span>
      {job && (job.status === 'running' || job.status === 'starting') && <span>Training {Math.round(job.fraction * 100)}%</span>}
      {job?.test && <span>Test {formatPercent(job.test.testAccuracy)}</span>}
      <span className="muted">{engine ? `Engine ${engine.version} · ${engine.defaultBackend}` : 'Engine…'}</span>
    </footer>
  );
}
