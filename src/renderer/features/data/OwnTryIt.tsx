import { ClassificationReport } from '../digits/shared/ClassificationReport';
import { useState } from 'react';
import type { NetCanvasApi, OwnPrediction, RunRecord } from '../../../core/api/contract';
import { formFields, formRow } from '../../../core/data/table';
import { formatPercent } from '../../../core/digits/percent';
import { messageOf } from '../../../core/messageOf';
import { ConfusionMatrix, type Cell } from '../digits/evaluation/ConfusionMatrix';
import { ClassBars, percent } from '../digits/shared/ClassBars';
import { Pager } from '../digits/shared/Pager';
import { useAsync } from '../digits/shared/useAsync';
import { pageOf } from '../../../core/digits/evaluation';
import { RegressionCharts } from './RegressionCharts';
import { toBase64 } from './upload';
import { useDropZone } from './dropZone';
import './data.css';

/** The largest picture read from a drop or a file chooser (the engine's limit, before base64). */
const MAX_PICTURE_BYTES = 16 * 1024 * 1024;

/**
 * "Try it" for a run trained on own data: its evaluation on the held-out test split (the
 * confusion matrix and per-class accuracy for classes; MAE, RMSE and R² in the target's
 * units for a value), and one sample through the model: a form of the table's columns, or a
 * picture dropped or chosen.
 */
export function OwnTryIt({ api, run }: { readonly api: NetCanvasApi; readonly run: RunRecord }) {
  const data = run.data!;
  const d = data.description;
  return (
    <section className="try-own" data-testid="try-own" data-task={d.task}>
      <h3>
        {run.name} <span className="hint">on {d.label}</span>
      </h3>
      <div className="try-own__columns">
        <div>
          <h4>Try a sample</h4>
          {data.preprocessing.kind === 'table' && <TableForm api={api} run={run} />}
          {data.preprocessing.kind === 'image' && <PictureDrop api={api} run={run} />}
          {data.preprocessing.kind === 'arrays' && <p className="hint">This run was trained on arrays: predict with its exported model (Export view).</p>}
        </div>
        <Evaluation api={api} run={run} />
      </div>
    </section>
  );
}

function Answer({ run, prediction }: { readonly run: RunRecord; readonly prediction: OwnPrediction }) {
  const names = run.data!.description.classNames;
  if ('value' in prediction) {
    return (
      <p className="try-own__answer" data-testid="try-answer" data-value={prediction.value}>
        {Number(prediction.value.toPrecision(5))}
      </p>
    );
  }
  // probabilities is keyed by class name as the engine made it; read back by the names, never by keys from elsewhere.
  const values = names.map((name) => (Object.hasOwn(prediction.probabilities, name) ? prediction.probabilities[name] : 0));
  return (
    <div>
      <p className="try-own__answer" data-testid="try-answer" data-class={prediction.class}>
        {prediction.class} <span className="hint">{formatPercent(prediction.probability)}</span>
      </p>
      <ClassBars values={values} labels={names} max={1} format={percent} highlight={prediction.index} testId="try-probabilities" />
    </div>
  );
}

function TableForm({ api, run }: { readonly api: NetCanvasApi; readonly run: RunRecord }) {
  const preprocessing = run.data!.preprocessing;
  const plan = preprocessing.kind === 'table' ? preprocessing.plan : null;
  const fields = plan ? formFields(plan) : [];
  const [values, setValues] = useState(() => fields.map((f) => f.initial));
  const [state, setState] = useState<{ prediction?: OwnPrediction; error?: string; busy?: boolean }>({});
  if (!plan) return null;
  const predict = async () => {
    setState({ busy: true });
    try {
      setState({ prediction: await api.predictSample({ runId: run.id, row: formRow(plan, values) }) });
    } catch (error) {
      setState({ error: messageOf(error) });
    }
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void predict();
      }}
      data-testid="try-form"
    >
      <div className="try-own__form">
        {fields.map((field, i) => {
          const set = (value: string) => setValues(values.map((v, k) => (k === i ? value : v)));
          return (
            <label key={field.column} style={{ display: 'contents' }}>
              <span>{field.column}</span>
              {field.type === 'number' ? (
                <input type="number" step="any" value={values[i]} onChange={(e) => set(e.target.value)} data-column={field.column} />
              ) : (
                <select value={values[i]} onChange={(e) => set(e.target.value)} data-column={field.column}>
                  {field.options.map((o) => (
                    <option key={o}>{o}</option>
                  ))}
                </select>
              )}
            </label>
          );
        })}
      </div>
      <p className="hint">Fields start at the training split's median (numbers) or most frequent value.</p>
      <button type="submit" className="button button--primary" disabled={state.busy} data-testid="try-predict">
        Predict
      </button>
      {state.error && <p className="error">{state.error}</p>}
      {state.prediction && <Answer run={run} prediction={state.prediction} />}
    </form>
  );
}

function PictureDrop({ api, run }: { readonly api: NetCanvasApi; readonly run: RunRecord }) {
  const [state, setState] = useState<{ url?: string; prediction?: OwnPrediction; error?: string }>({});
  const read = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > MAX_PICTURE_BYTES) {
      setState({ error: `${file.name} is ${(file.size / 2 ** 20).toFixed(1)} MB; a picture of at most 16 MB` });
      return;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    const url = URL.createObjectURL(file);
    setState({ url });
    try {
      setState({ url, prediction: await api.predictSample({ runId: run.id, picture: toBase64(bytes) }) });
    } catch (error) {
      setState({ url, error: messageOf(error) });
    }
  };
  const drop = useDropZone((data) => void read(data.files[0]));
  return (
    <div>
      <label className={`try-own__drop${drop.over ? ' try-own__drop--over' : ''}`} {...drop.handlers}>
        {state.url ? <img src={state.url} alt="The picture read" /> : 'Drop a picture here, or click to choose one (PNG, JPEG, WebP)'}
        <input type="file" accept="image/png,image/jpeg,image/webp" hidden onChange={(e) => void read(e.target.files?.[0])} data-testid="try-picture" />
      </label>
      {state.error && <p className="error">{state.error}</p>}
      {state.prediction && <Answer run={run} prediction={state.prediction} />}
    </div>
  );
}

/** The most samples of a cell listed or pictured on one page. */
const CELL_SAMPLES = 48;

/** The test samples behind a confusion-matrix cell: their pictures, or the table rows they came from, most confident first, a page at a time. */
function CellSamples({ api, run, cell }: { readonly api: NetCanvasApi; readonly run: RunRecord; readonly cell: Cell }) {
  const [page, setPage] = useState(0);
  const test = run.test!;
  const names = run.data!.description.classNames;
  const inCell = (test.outcomes ?? []).filter((o) => o.label === cell.label && o.predicted === cell.predicted).sort((a, b) => b.confidence - a.confidence);
  const paged = pageOf(inCell, page, CELL_SAMPLES);
  const shown = paged.items;
  const pictures = run.data!.preprocessing.kind === 'image';
  const urls = useAsync(() => (pictures ? Promise.all(shown.map((o) => api.previewPicture(o.source).catch(() => null))) : Promise.resolve([])), `${run.id}:${cell.label}:${cell.predicted}:${paged.page}`);
  const count = test.confusion[cell.label]?.[cell.predicted] ?? 0;
  return (
    <section className="try-own__cell" data-testid="cell-samples" data-count={count} data-listed={shown.length}>
      <h4>
        {count} test sample{count === 1 ? '' : 's'} of {names[cell.label]} read as {names[cell.predicted]}
        {/* The run records at most MAX_TEST_OUTCOMES samples one by one: say when fewer can be seen. */}
        {test.outcomes && inCell.length < count ? ` (${inCell.length} of them recorded one by one)` : ''}
      </h4>
      {!test.outcomes && <p className="hint">This run did not record its test samples one by one.</p>}
      {paged.pages > 1 && <Pager shown={paged} onPage={setPage} order="most confident first" />}
      {pictures ? (
        <div className="try-own__pictures">
          {shown.map((o, i) => (
            <figure key={o.source} title={o.source}>
              {urls.status === 'done' && urls.value[i] ? <img src={urls.value[i]!} alt={o.source} /> : <span className="hint">…</span>}
              <figcaption>{formatPercent(o.confidence)}</figcaption>
            </figure>
          ))}
        </div>
      ) : (
        <ul className="try-own__rows">
          {shown.map((o) => (
            <li key={o.source}>
              {o.source.replace(/^.*[\\/]/, '')} <span className="hint">{formatPercent(o.confidence)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Evaluation({ api, run }: { readonly api: NetCanvasApi; readonly run: RunRecord }) {
  const [cell, setCell] = useState<Cell | null>(null);
  const test = run.test;
  const names = run.data!.description.classNames;
  if (!test) return <p className="hint">This run has no test results (it was stopped before testing).</p>;
  return (
    <div data-testid="own-evaluation">
      <h4>On the held-out test split ({test.samples.toLocaleString('en-US')} samples)</h4>
      {test.regression ? (
        <dl className="try-own__metrics" data-testid="regression-metrics" data-r2={test.regression.r2}>
          <div>
            <dt>R²</dt>
            <dd>{test.regression.r2.toFixed(3)}</dd>
          </div>
          <div>
            <dt>MAE</dt>
            <dd>{Number(test.regression.mae.toPrecision(4))}</dd>
          </div>
          <div>
            <dt>RMSE</dt>
            <dd>{Number(test.regression.rmse.toPrecision(4))}</dd>
          </div>
        </dl>
      ) : null}
      {test.regression && test.points && <RegressionCharts points={test.points} />}
      {!test.regression && (
        <>
          <p data-testid="own-test-accuracy" data-accuracy={test.testAccuracy}>
            {percent(test.testAccuracy)} right (loss {test.testLoss.toFixed(4)})
          </p>
          <ConfusionMatrix confusion={test.confusion} classNames={names} selected={cell} onSelect={setCell} />
          {cell && <CellSamples key={`${cell.label}:${cell.predicted}`} api={api} run={run} cell={cell} />}
          <ClassBars title="Accuracy per class" values={test.perClassAccuracy} max={1} format={percent} labels={names} testId="own-per-class" />
          {test.classification && <ClassificationReport metrics={test.classification} classNames={names} />}
        </>
      )}
    </div>
  );
}
