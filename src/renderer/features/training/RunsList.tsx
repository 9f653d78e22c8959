import { useState } from 'react';
import { RUN_EXPORT_FORMATS, type RunExportFormat } from '../../../core/experiments/runExport';
import { messageOf } from '../../../core/messageOf';
import { formatCount } from '../../../core/summary/summary';
import { describeTrainingExtras } from '../../../core/training/settingFields';
import { usePlatform } from '../../app/PlatformContext';
import { formatDuration, formatPercent } from './jobState';
import { useUi } from '../../state/uiStore';
import { exportFileName, exportLabel, exportText, RUN_EXPORT_MIME, runsToExport } from './runsExport';
import { useTraining } from './trainingStore';

/** Past runs with their settings and results; tick two to overlay their curves; every run (or the ticked ones) exported in one file. */
export function RunsList() {
  const platform = usePlatform();
  const runs = useTraining((s) => s.runs);
  const compare = useTraining((s) => s.compare);
  const selectedRun = useTraining((s) => s.selectedRun);
  const { toggleCompare, deleteRun, selectRun, refreshRuns } = useTraining.getState();
  const [reading, setReading] = useState<{ readonly done: number; readonly total: number } | null>(null);
  const chosen = runsToExport(runs, compare);
  const ticked = chosen.length < runs.length;
  const exportAs = async (format: RunExportFormat) => {
    try {
      const text = await exportText(platform.api, chosen.map((r) => r.id), format, (done, total) => setReading({ done, total }));
      await platform.exportFile(text, exportFileName(format, new Date()), RUN_EXPORT_MIME[format]);
    } catch (error) {
      useUi.getState().toast('error', `The runs’ ${format.toUpperCase()} was not saved`, messageOf(error));
    } finally {
      setReading(null);
    }
  };
  return (
    <section className="runs">
      <header>
        <h3>Past runs</h3>
        <div className="runs__actions">
          <button type="button" className="button button--small" onClick={() => void refreshRuns(platform.api)}>
            Refresh
          </button>
          {runs.length > 0 &&
            RUN_EXPORT_FORMATS.map((format) => (
              <button key={format} type="button" className="button button--small" disabled={reading !== null} onClick={() => void exportAs(format)} data-testid={`runs-export-${format}`}>
                {exportLabel(format, chosen.length, ticked)}
              </button>
            ))}
          {reading && (
            <span className="muted small" role="status" data-testid="runs-export-progress">
              Reading runs {reading.done}/{reading.total}…
            </span>
          )}
        </div>
      </header>
      {runs.length === 0 ? (
        <p className="muted">Finished runs are kept here with their settings and results.</p>
      ) : (
        <table data-testid="runs">
          <thead>
            <tr>
              <th title="Overlay on the charts">Compare</th>
              <th>Run</th>
              <th>Optimizer</th>
              <th title="Learning-rate schedule, early stopping, class weights">Schedule, stopping</th>
              <th className="num">Epochs</th>
              <th className="num">Samples</th>
              <th className="num">Params</th>
              <th>Backend</th>
              <th className="num">Time</th>
              <th className="num">Test acc.</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <tr key={run.id} className={selectedRun === run.id ? 'selected' : undefined} onClick={() => selectRun(run.id)} data-testid={`run-${run.id}`}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Compare ${run.name}`}
                    checked={compare.includes(run.id)}
                    onClick={(e) => e.stopPropagation()}
                    onChange={() => void toggleCompare(platform.api, run.id)}
                  />
                </td>
                <td>
                  <div>{run.name}</div>
                  <div className="muted small">{new Date(run.createdAt).toLocaleString()}</div>
                </td>
                <td>{run.optimizer}</td>
                <td className="small" data-testid="run-extras">
                  {describeTrainingExtras(run).join(' · ') || '—'}
                </td>
                <td className="num" title={run.stoppedEarlyAfter ? `Early stopping ended training after epoch ${run.stoppedEarlyAfter}` : undefined}>
                  {run.epochs}
                  {run.stoppedEarlyAfter ? <div className="muted small" data-testid="run-stopped-early">stopped early</div> : null}
                </td>
                <td className="num">{formatCount(run.trainSamples)}</td>
                <td className="num">{formatCount(run.totalParams)}</td>
                <td>{run.backend}</td>
                <td className="num">{formatDuration(run.seconds)}</td>
                <td className="num">{run.testAccuracy === null ? '—' : formatPercent(run.testAccuracy)}</td>
                <td>
                  <button
                    type="button"
                    className="button button--small button--quiet"
                    onClick={(e) => {
                      e.stopPropagation();
                      void platform.confirm(`Delete run ${run.name}?`).then((yes) => (yes ? deleteRun(platform.api, run.id) : undefined));
                    }}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
