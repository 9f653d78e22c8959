import { useMemo, useState } from 'react';
import type { BookTable } from '../../../core/experiments/book';
import type { GraphDocument } from '../../../core/graph/document';
import { usePlatform } from '../../app/PlatformContext';
import { Icon } from '../../ui/icons';
import { NumberBox } from '../training/NumberBox';
import { useExperiments } from './experimentsStore';
import { bookPresets, bookRequest, planSweep, starterSetup, sweepableSettings, sweepRequest, type SetupRow, type SweepSetup } from './sweepSetup';

/** The setup form: settings to vary with their values, grid or random, epochs and samples, the trial count; and the book's tables where the graph is one of them. */
export function SweepForm({ doc }: { doc: GraphDocument }) {
  const platform = usePlatform();
  const busy = useExperiments((s) => s.busy);
  const start = useExperiments((s) => s.start);
  const [setup, setSetup] = useState<SweepSetup>(() => starterSetup(doc));
  const settings = useMemo(() => sweepableSettings(doc), [doc]);
  const plan = useMemo(() => planSweep(doc, setup), [doc, setup]);
  const presets = useMemo(() => bookPresets(doc), [doc]);
  const patch = (p: Partial<SweepSetup>) => setSetup({ ...setup, ...p });
  const setRow = (i: number, row: Partial<SetupRow>) => patch({ rows: setup.rows.map((r, k) => (k === i ? { ...r, ...row } : r)) });
  return (
    <div className="sweep-form">
      <fieldset className="settings" data-testid="sweep-setup">
        <legend>Settings to vary</legend>
        {setup.rows.map((row, i) => {
          const known = settings.find((s) => s.path === row.path);
          return (
            <div className="sweep-form__row" key={i} data-testid={`sweep-row-${i}`}>
              <select aria-label="Setting" data-testid={`sweep-path-${i}`} value={row.path} onChange={(e) => setRow(i, { path: e.target.value })}>
                <option value="">Pick a setting…</option>
                {settings.map((s) => (
                  <option key={s.path} value={s.path}>
                    {s.path} ({s.current})
                  </option>
                ))}
              </select>
              <input
                aria-label="Values"
                data-testid={`sweep-values-${i}`}
                value={row.values}
                placeholder={known?.options ? known.options.join(',') : '0.1,0.2 or 0.1..0.5:5'}
                onChange={(e) => setRow(i, { values: e.target.value })}
              />
              <button type="button" className="button button--small button--quiet" aria-label="Remove this setting" onClick={() => patch({ rows: setup.rows.filter((_, k) => k !== i) })}>
                ✕
              </button>
            </div>
          );
        })}
        <p className="muted small sweep-form__help">A list (0.3,0.45 · sgd,adam), or a range A..B:N, with :log for log steps (1e-4..1e-2:3:log).</p>
        <button type="button" className="button button--small" data-testid="sweep-add-row" onClick={() => patch({ rows: [...setup.rows, { path: '', values: '' }] })}>
          Add a setting
        </button>
      </fieldset>
      <fieldset className="settings">
        <legend>Search and training</legend>
        <label className="setting">
          <span>Search</span>
          <select data-testid="sweep-search" value={setup.search} onChange={(e) => patch({ search: e.target.value as SweepSetup['search'] })}>
            <option value="grid">Grid: every combination</option>
            <option value="random">Random: N draws</option>
          </select>
        </label>
        {setup.search === 'random' && (
          <label className="setting">
            <span>Trials</span>
            <NumberBox testId="sweep-random-trials" value={setup.trials} min={1} max={10_000} integer onChange={(v) => patch({ trials: v })} />
          </label>
        )}
        <label className="setting">
          <span>Epochs</span>
          <NumberBox testId="sweep-epochs" value={setup.epochs} min={1} max={10_000} integer optional placeholder={String(doc.training.epochs)} onChange={(v) => patch({ epochs: v })} />
        </label>
        <label className="setting">
          <span>Train samples</span>
          <NumberBox testId="sweep-limit" value={setup.limit} min={1} max={10_000_000} integer optional placeholder="all" onChange={(v) => patch({ limit: v })} />
        </label>
        <label className="setting">
          <span>Test samples</span>
          <NumberBox testId="sweep-test-limit" value={setup.testLimit} min={1} max={10_000_000} integer optional placeholder="all" onChange={(v) => patch({ testLimit: v })} />
        </label>
      </fieldset>
      <p className={plan.ok ? 'sweep-form__count' : 'training__blocked'} data-testid="sweep-plan" data-trials={plan.ok ? plan.trials : 0}>
        {plan.ok ? `${plan.trials} trial${plan.trials === 1 ? '' : 's'}, one after another` : plan.error}
      </p>
      <div className="training__actions">
        <button
          type="button"
          className="button button--primary"
          data-testid="sweep-start"
          disabled={!plan.ok || busy}
          onClick={() => {
            const request = sweepRequest(doc, setup);
            if (!('error' in request)) void start(platform.api, request);
          }}
        >
          <Icon name="play" /> Start the sweep
        </button>
      </div>
      {presets.length > 0 && <BookPresets doc={doc} tables={presets} />}
    </div>
  );
}

function BookPresets({ doc, tables }: { doc: GraphDocument; tables: readonly BookTable[] }) {
  const platform = usePlatform();
  const busy = useExperiments((s) => s.busy);
  const start = useExperiments((s) => s.start);
  const [quick, setQuick] = useState(true);
  return (
    <fieldset className="settings sweep-form__book" data-testid="book-presets">
      <legend>The book’s tables</legend>
      {tables.map((table) => (
        <div key={table.id}>
          <p className="small">
            {table.title}: {table.rows.length} rows{quick ? `, ${table.quick.epochs} epoch${table.quick.epochs === 1 ? '' : 's'} on ${table.quick.limit.toLocaleString('en-US')} samples` : ', the book’s full training (hours on a CPU)'}.
          </p>
          <button type="button" className="button button--small" data-testid={`book-${table.id}`} disabled={busy} onClick={() => void start(platform.api, bookRequest(doc, table, quick))}>
            Run {table.id.replace('table-', 'Table ')}
          </button>
        </div>
      ))}
      <label className="setting">
        <span>Quick version</span>
        <input type="checkbox" checked={quick} onChange={(e) => setQuick(e.target.checked)} data-testid="book-quick" />
      </label>
    </fieldset>
  );
}

