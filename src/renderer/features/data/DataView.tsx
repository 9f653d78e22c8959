import { useState } from 'react';
import type { DataEntry, DataReport } from '../../../core/api/contract';
import { inspectionProblems, type DataInspection } from '../../../core/data/inspection';
import { starterForData } from '../../../core/data/starter';
import { pickChoices, TASKS, type DataChoices } from '../../../core/data/choices';
import { RESIZE_POLICIES, type ResizePolicy } from '../../../core/data/inspection';
import { COLUMN_TYPES, MISSING_POLICIES, type ColumnType, type MissingPolicy } from '../../../core/data/table';
import type { Task } from '../../../core/data/description';
import { usePlatform } from '../../app/PlatformContext';
import { newProject } from '../project/projectActions';
import { ClassBars } from '../digits/shared/ClassBars';
import { useAsync } from '../digits/shared/useAsync';
import { asUpload, droppedFiles, uploadDataset } from './upload';
import { useDropZone } from './dropZone';
import { useUi } from '../../state/uiStore';
import { messageOf } from '../../../core/messageOf';
import './data.css';

const KIND_LABEL: Record<DataEntry['kind'], string> = { table: 'table', arrays: 'arrays', folder: 'folder' };

const size = (bytes: number) => (bytes === 0 ? '' : bytes < 1024 ? `${bytes} B` : bytes < 2 ** 20 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 2 ** 20).toFixed(1)} MB`);
const num = (n: number | null) => (n === null ? '–' : Number.isInteger(n) ? n.toLocaleString('en-US') : Number(n.toPrecision(4)).toString());

/**
 * The Data view: the datasets the engine may read (the host's data folders, or a path typed in
 * on the desktop), what NetCanvas sees in the one picked (columns and their statistics, classes
 * and their counts, a preview, warnings), and a starter network for it in one click.
 */
export function DataView() {
  const platform = usePlatform();
  const { api } = platform;
  const [upload, setUpload] = useState<{ name: string; sent: number; total: number } | null>(null);
  const drop = useDropZone((data) => void droppedFiles(data.items).then(send));
  const send = async (files: { file: File; name: string; relativePath: string }[]) => {
    if (files.length === 0 || upload) return;
    const { name, files: parts } = asUpload(files);
    setUpload({ name, sent: 0, total: parts.reduce((s, f) => s + f.file.size, 0) });
    try {
      const path = await uploadDataset(api, name, parts, (sent, total) => setUpload({ name, sent, total }));
      useUi.getState().toast('success', `Uploaded ${name}`);
      setListKey((k) => k + 1);
      setPicked({ path, choices: {} });
    } catch (error) {
      useUi.getState().toast('error', `${name} was not uploaded`, messageOf(error));
    } finally {
      setUpload(null);
    }
  };
  const choose = async (kind: 'file' | 'folder') => {
    const chosen = await platform.chooseData(kind);
    if (chosen) setPicked({ path: chosen, choices: {} });
  };
  const [listKey, setListKey] = useState(0);
  const entries = useAsync(() => api.listData(), String(listKey));
  const [picked, setPicked] = useState<Picked | null>(null);
  const [typed, setTyped] = useState('');
  const report = useAsync(() => (picked ? api.inspectData({ path: picked.path, ...(picked.target ? { target: picked.target } : {}), ...pickChoices(picked.choices) }) : Promise.resolve(null)), picked ? JSON.stringify(picked) : '');
  return (
    <section className="data-view" data-testid="data-view">
      <aside className="data-view__list">
        <div className="data-view__head">
          <h3>Datasets</h3>
          <button type="button" className="link" onClick={() => setListKey((k) => k + 1)} title="List the data folders again">
            Refresh
          </button>
        </div>
        {entries.status === 'loading' && <p className="hint">Looking in the data folders…</p>}
        {entries.status === 'failed' && <p className="error">Cannot list the data folders: {entries.error}</p>}
        {entries.status === 'done' && entries.value.length === 0 && (
          <p className="hint">
            No datasets in the data folders. NetCanvas reads tables (.csv, .tsv), arrays (.npz, .npy), folders of pictures with one sub-folder per class, and folders of IDX files. In the browser, start the host with <code>netcanvas web --data DIR</code>; on the desktop, type a path below.
          </p>
        )}
        {entries.status === 'done' && entries.value.length > 0 && (
          <ul className="data-view__entries" data-testid="data-entries">
            {entries.value.map((e) => (
              <li key={e.path}>
                <button type="button" className={picked?.path === e.path ? 'active' : ''} onClick={() => setPicked({ path: e.path, choices: {} })} title={e.path} data-testid="data-entry" data-name={e.name}>
                  <span className="data-view__name">{e.name}</span>
                  <span className="data-view__meta">
                    {KIND_LABEL[e.kind]} {size(e.bytes)}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
        {platform.kind === 'electron' && (
          <div className="data-view__open">
            <button type="button" className="button" onClick={() => void choose('file')} data-testid="data-open-file">
              Open a table or arrays…
            </button>
            <button type="button" className="button" onClick={() => void choose('folder')} data-testid="data-open-folder">
              Open a folder…
            </button>
          </div>
        )}
        {platform.kind === 'web' && (
          <div className={`data-view__drop${drop.over ? ' data-view__drop--over' : ''}`} {...drop.handlers} data-testid="data-drop">
            {upload ? (
              <div className="data-view__upload" data-testid="data-upload">
                Uploading {upload.name}…
                <progress max={upload.total || 1} value={upload.sent} />
              </div>
            ) : (
              <>
                <span>Drop a table or a folder of pictures here to upload it to the host, or</span>
                <label className="link">
                  choose a file
                  <input type="file" hidden accept=".csv,.tsv,.txt,.npz,.npy" onChange={(e) => void send(Array.from(e.target.files ?? [], (f) => ({ file: f, name: f.name, relativePath: f.name })))} data-testid="data-upload-file" />
                </label>
                <label className="link">
                  choose a folder
                  <input type="file" hidden {...{ webkitdirectory: '' }} onChange={(e) => void send(Array.from(e.target.files ?? [], (f) => ({ file: f, name: f.name, relativePath: f.webkitRelativePath || f.name })))} data-testid="data-upload-folder" />
                </label>
              </>
            )}
          </div>
        )}
        <form
          className="data-view__path"
          onSubmit={(event) => {
            event.preventDefault();
            if (typed.trim()) setPicked({ path: typed.trim(), choices: {} });
          }}
        >
          <input value={typed} onChange={(e) => setTyped(e.target.value)} placeholder="/path/to/table.csv or folder" aria-label="A dataset's path" data-testid="data-path" />
          <button type="submit">Open</button>
        </form>
      </aside>
      <div className="data-view__report">
        {!picked && (
          <div className="data-view__empty">
            <h3>Train on your own data</h3>
            <p className="hint">Pick a dataset on the left: NetCanvas shows what it sees in it (column types and statistics, classes, warnings) and makes a starter network that fits it, ready to train.</p>
          </div>
        )}
        {picked && report.status === 'loading' && <p className="hint">Reading {picked.path}…</p>}
        {picked && report.status === 'failed' && (
          <p className="error" data-testid="data-error">
            {report.error}
          </p>
        )}
        {picked && report.status === 'done' && report.value && <Report report={report.value} picked={picked} onChange={setPicked} />}
      </div>
    </section>
  );
}

/** The dataset picked and the choices made about it. */
interface Picked {
  readonly path: string;
  readonly target?: string;
  readonly choices: DataChoices;
}

function Report({ report, picked, onChange }: { readonly report: DataReport; readonly picked: Picked; readonly onChange: (next: Picked) => void }) {
  const choose = (patch: Partial<DataChoices>) => onChange({ ...picked, choices: { ...picked.choices, ...patch } });
  const onTarget = (target: string) => onChange({ ...picked, target, choices: { ...picked.choices, task: undefined } });
  const setType = (column: string, type: ColumnType) => choose({ types: [...(picked.choices.types ?? []).filter(([c]) => c !== column), [column, type]] });
  const platform = usePlatform();
  const { data, preview } = report;
  const d = data.inspection.description;
  const problems = inspectionProblems(data);
  const name = report.path.replace(/^.*[\\/]/, '');
  return (
    <div className="data-report" data-testid="data-report" data-task={d.task}>
      <header className="data-report__head">
        <div>
          <h3>{name}</h3>
          <p data-testid="data-summary">{headline(data)}</p>
        </div>
        <button
          type="button"
          className="button button--primary"
          disabled={problems.length > 0}
          onClick={() => void newProject(platform, starterForData(report.path, data, { name: `${name.replace(/\.[^.]+$/, '')} starter`, choices: picked.choices, fingerprint: report.fingerprint }))}
          data-testid="data-starter"
          title="A new project with a network that fits this data: an MLP for a table, a small CNN for pictures"
        >
          New network from this data
        </button>
      </header>
      {problems.length > 0 && (
        <ul className="error">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <div className="data-choices">
        {data.kind === 'table' && (
          <>
            <label>
              Task{' '}
              <select value={data.inspection.target.task} onChange={(e) => choose({ task: e.target.value as Task })} data-testid="data-task">
                {TASKS.map((t) => (
                  <option key={t} value={t}>
                    {t}
                    {t === data.inspection.target.inferredTask ? ' (inferred)' : ''}
                  </option>
                ))}
              </select>
            </label>
            <label title="Fill a missing cell with the training split's mean (numbers) or most frequent value, or drop its row">
              Missing cells{' '}
              <select value={data.inspection.missingPolicy} onChange={(e) => choose({ missing: e.target.value as MissingPolicy })} data-testid="data-missing">
                {MISSING_POLICIES.map((m) => (
                  <option key={m} value={m}>
                    {m === 'fill' ? 'fill (training mean or most frequent)' : 'drop the row'}
                  </option>
                ))}
              </select>
            </label>
          </>
        )}
        {data.kind === 'image-folder' && (
          <label title="How pictures of another size are brought to the Input's">
            Resize{' '}
            <select value={picked.choices.resize ?? data.inspection.suggestion.target.resize} onChange={(e) => choose({ resize: e.target.value as ResizePolicy })} data-testid="data-resize">
              {RESIZE_POLICIES.map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
          </label>
        )}
      </div>
      <Warnings data={data} />
      <Classes data={data} />
      {data.kind === 'table' && (
        <section>
          <h4>Columns</h4>
          <table className="data-table" data-testid="data-columns">
            <thead>
              <tr>
                <th>Column</th>
                <th>Type</th>
                <th>Min</th>
                <th>Max</th>
                <th>Mean</th>
                <th>Median</th>
                <th>Missing</th>
                <th>Distinct</th>
                <th>Target</th>
              </tr>
            </thead>
            <tbody>
              {data.inspection.columns.map((c) => (
                <tr key={c.name} className={c.role === 'target' ? 'data-table__target' : ''}>
                  <td>{c.name}</td>
                  <td>
                    <select value={c.type} onChange={(e) => setType(c.name, e.target.value as ColumnType)} aria-label={`${c.name}'s type`} data-column={c.name} className={c.type !== c.inferredType ? 'data-table__chosen' : ''}>
                      {COLUMN_TYPES.map((t) => (
                        <option key={t}>{t}</option>
                      ))}
                    </select>
                  </td>
                  <td>{num(c.min)}</td>
                  <td>{num(c.max)}</td>
                  <td>{num(c.mean)}</td>
                  <td>{num(c.median)}</td>
                  <td>{c.missing}</td>
                  <td>{c.distinct}</td>
                  <td>
                    <input type="radio" name="target" checked={c.role === 'target'} onChange={() => onTarget(c.name)} aria-label={`Predict ${c.name}`} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {preview.table && (
        <section>
          <h4>First rows</h4>
          <div className="data-table__scroll">
            <table className="data-table" data-testid="data-preview-rows">
              <thead>
                <tr>
                  {preview.table.header.map((h, i) => (
                    <th key={i}>{h}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {preview.table.rows.map((row, r) => (
                  <tr key={r}>
                    {row.map((cell, i) => (
                      <td key={i}>{cell}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      {preview.pictures && (
        <section>
          <h4>Pictures per class</h4>
          <div className="data-pictures" data-testid="data-pictures">
            {preview.pictures.map((c) => (
              <div key={c.className} className="data-pictures__class">
                <span>{c.className}</span>
                <div>
                  {c.urls.map((url, i) => (
                    <img key={i} src={url} alt={`${c.className} ${i + 1}`} />
                  ))}
                </div>
              </div>
            ))}
          </div>
        </section>
      )}
    </div>
  );
}

function headline(data: DataInspection): string {
  const d = data.inspection.description;
  const task = d.task === 'regression' ? 'regression' : `${d.task} classification, ${d.classNames.length} classes`;
  const shape = `input [${d.inputShape.join(', ')}]`;
  switch (data.kind) {
    case 'table': {
      const t = data.inspection;
      return `Table: ${t.usedRows} samples, ${t.columns.length} columns; predicts '${t.target.column}' (${task}); ${shape}; split train ${t.split.train} / validation ${t.split.validation} / test ${t.split.test}.`;
    }
    case 'image-folder': {
      const i = data.inspection;
      return `Pictures: ${i.samples} in ${i.classes.length} classes (${task}); ${shape}, ${i.suggestion.reason}; split ${i.split.given ? 'as given' : 'seeded'}: train ${i.split.train} / validation ${i.split.validation} / test ${i.split.test}.`;
    }
    case 'idx-folder': {
      const i = data.inspection;
      return `IDX files${i.builtin ? ` (${i.builtin})` : ''}: ${i.samples} images (${task}); ${shape}; split train ${i.split.train} / validation ${i.split.validation} / test ${i.split.test}.`;
    }
    case 'arrays': {
      const a = data.inspection;
      return `Arrays: ${a.samples.train} training and ${a.samples.test} test samples (${task}); ${shape}; inputs from ${num(a.inputRange.min)} to ${num(a.inputRange.max)}.`;
    }
  }
}

function Warnings({ data }: { readonly data: DataInspection }) {
  const warnings = data.inspection.warnings;
  const skipped = data.kind === 'image-folder' ? data.inspection.skipped : null;
  if (warnings.length === 0 && !skipped?.count) return null;
  return (
    <section className="data-warnings" data-testid="data-warnings">
      <h4>Worth knowing</h4>
      <ul>
        {warnings.map((w, i) => (
          <li key={i}>{w.message}</li>
        ))}
      </ul>
      {skipped && skipped.count > 0 && (
        <details>
          <summary>{skipped.count} files skipped</summary>
          <ul>
            {skipped.files.slice(0, 100).map((s) => (
              <li key={s.file}>
                {s.file} {s.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

/** Class counts as bars, whatever the kind of data. */
function Classes({ data }: { readonly data: DataInspection }) {
  const counts: { name: string; count: number }[] =
    data.kind === 'table'
      ? [...data.inspection.target.classes]
      : data.kind === 'image-folder'
        ? data.inspection.classes.map((c) => ({ name: c.name, count: c.count }))
        : data.inspection.classes.map((c) => ({ name: c.name, count: c.train + c.test }));
  if (counts.length === 0) return null;
  return <ClassBars title="Samples per class" values={counts.map((c) => c.count)} labels={counts.map((c) => c.name)} format={(v) => v.toLocaleString('en-US')} testId="data-class-counts" />;
}
