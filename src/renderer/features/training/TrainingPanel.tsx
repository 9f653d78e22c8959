import { analysisOf, useDocumentStore } from '../../state/documentStore';
import { Icon } from '../../ui/icons';
import { usePlatform } from '../../app/PlatformContext';
import { formatDuration, formatPercent, isActive, type JobState } from './jobState';
import { LineChart, type Series } from './LineChart';
import { RunsList } from './RunsList';
import { TrainingSettings } from './TrainingSettings';
import { useTraining } from './trainingStore';
import type { RunRecord } from '../../../core/api/contract';

const COLORS = { train: '#5aa9ff', trainBatch: '#5aa9ff', val: '#ffb454', compare: ['#b392f0', '#4fd1a5'] };

function curves(job: JobState | null, metric: 'loss' | 'accuracy', compared: readonly RunRecord[]): Series[] {
  const out: Series[] = [];
  if (job) {
    out.push({ id: 'batch', label: 'train (batch)', color: COLORS.trainBatch, thin: true, points: job.batches.map((b) => ({ x: b.x, y: b[metric] })) });
    out.push({ id: 'epoch', label: 'train (epoch)', color: COLORS.train, dots: true, points: job.history.map((e, i) => ({ x: i + 1, y: e[metric] })) });
    const val = job.history.map((e, i) => ({ x: i + 1, y: (metric === 'loss' ? e.valLoss : e.valAccuracy) ?? Number.NaN }));
    if (val.some((p) => Number.isFinite(p.y))) out.push({ id: 'val', label: 'validation', color: COLORS.val, dots: true, points: val });
  }
  compared.forEach((run, i) => {
    const color = COLORS.compare[i % COLORS.compare.length];
    const name = `${run.name} · ${run.training.optimizer.type}`;
    out.push({ id: `${run.id}-train`, label: name, color, dots: true, points: run.history.map((e, k) => ({ x: k + 1, y: e[metric] })) });
    const val = run.history.map((e, k) => ({ x: k + 1, y: (metric === 'loss' ? e.valLoss : e.valAccuracy) ?? Number.NaN }));
    if (val.some((p) => Number.isFinite(p.y))) out.push({ id: `${run.id}-val`, label: `${name} (val)`, color, dashed: true, points: val });
  });
  return out;
}

/** The training dashboard: settings, Start and Stop, progress with ETA, live curves, the test accuracy, past runs. */
export function TrainingPanel() {
  const platform = usePlatform();
  const doc = useDocumentStore((s) => s.doc);
  const analysis = analysisOf(doc);
  const job = useTraining((s) => s.job);
  const engineError = useTraining((s) => s.engineError);
  const compare = useTraining((s) => s.compare);
  const records = useTraining((s) => s.records);
  const { start, stop } = useTraining.getState();
  const running = isActive(job);
  const compared = compare.map((id) => records[id]).filter((r): r is RunRecord => Boolean(r));
  const firstError = analysis.problems.find((p) => p.severity === 'error');
  return (
    <div className="training">
      <div className="training__side">
        <TrainingSettings disabled={running} />
        <div className="training__actions">
          <button
            type="button"
            className="button button--primary"
            data-testid="train-start"
            disabled={running || !analysis.valid}
            title={firstError?.message}
            onClick={() => void start(platform.api, doc)}
          >
            <Icon name="play" /> Start training
          </button>
          <button type="button" className="button" data-testid="train-stop" disabled={!running} onClick={() => void stop(platform.api)}>
            <Icon name="stop" /> Stop
          </button>
        </div>
        {!analysis.valid && firstError && <p className="training__blocked">Fix the graph first: {firstError.message}</p>}
        {engineError && <p className="training__blocked">The engine is not reachable: {engineError}</p>}
      </div>
      <div className="training__main">
        <Progress job={job} />
        <div className="training__charts">
          <LineChart title="Loss" testId="chart-loss" xLabel="epoch" series={curves(job, 'loss', compared)} yMin={0} />
          <LineChart title="Accuracy" testId="chart-accuracy" xLabel="epoch" percent series={curves(job, 'accuracy', compared)} yMax={1} />
        </div>
        <RunsList />
      </div>
    </div>
  );
}

function Progress({ job }: { job: JobState | null }) {
  if (!job) {
    return (
      <section className="progress progress--idle">
        <p className="muted">Choose the settings and press Start. Limit the training samples for a quick first run.</p>
      </section>
    );
  }
  const last = job.history[job.history.length - 1];
  const epoch = job.stepsPerEpoch > 0 ? Math.min(job.epochs, Math.floor(job.batches.length / job.stepsPerEpoch) + (job.status === 'running' ? 1 : 0)) : 0;
  return (
    <section className={`progress progress--${job.status}`} data-testid="train-status" data-status={job.status}>
      <div className="progress__line">
        <span className="progress__stage">{job.message}</span>
        <span className="muted">
          {job.backend && `${job.backend}${job.device ? ` · ${job.device}` : ''}`}
        </span>
      </div>
      <div className="progress__bar" data-testid="train-progress" data-fraction={job.fraction.toFixed(3)} role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(job.fraction * 100)}>
        <div style={{ width: `${Math.round(job.fraction * 1000) / 10}%` }} />
      </div>
      <dl className="progress__facts">
        <div>
          <dt>Epoch</dt>
          <dd>{job.epochs ? `${Math.max(epoch, job.history.length)} / ${job.epochs}` : '—'}</dd>
        </div>
        <div>
          <dt>Elapsed</dt>
          <dd>{formatDuration(job.elapsed)}</dd>
        </div>
        <div>
          <dt>ETA</dt>
          <dd data-testid="train-eta">{job.status === 'running' ? formatDuration(job.eta) : '—'}</dd>
        </div>
        <div>
          <dt>Speed</dt>
          <dd>{job.samplesPerSecond ? `${Math.round(job.samplesPerSecond).toLocaleString('en-US')} samples/s` : '—'}</dd>
        </div>
        <div>
          <dt>Val accuracy</dt>
          <dd>{last?.valAccuracy != null ? formatPercent(last.valAccuracy) : '—'}</dd>
        </div>
        <div className="progress__test">
          <dt>{job.test?.regression ? 'Test R²' : 'Test accuracy'}</dt>
          <dd data-testid="test-accuracy">{job.test ? (job.test.regression ? job.test.regression.r2.toFixed(3) : formatPercent(job.test.testAccuracy)) : '—'}</dd>
        </div>
      </dl>
      {job.error && <p className="training__blocked" data-testid="train-error">{job.error}</p>}
    </section>
  );
}
