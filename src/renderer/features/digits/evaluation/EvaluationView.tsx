import { useState } from 'react';
import { formatPercent } from '../../../../core/digits/percent';
import type { NetCanvasApi, RunRecord } from '../../../../core/api/contract';
import { mostConfidentMistakes, topConfusions } from '../../../../core/digits/evaluation';
import { BUILTIN_DATASETS } from '../../../../core/data/description';
import { ClassBars, percent } from '../shared/ClassBars';
import { SampleGrid } from '../shared/SampleGrid';
import { ClassificationReport } from '../shared/ClassificationReport';
import { useAsync } from '../shared/useAsync';
import { CellImages } from './CellImages';
import { ConfusionMatrix, type Cell } from './ConfusionMatrix';

/** How many of the most confident mistakes are shown. */
const CONFIDENT_MISTAKES = 16;

/** The evaluation of a finished run on the test set: confusion matrix (click a cell for its images), per-class accuracy, most confident mistakes. */
export function EvaluationView({ api, runId }: { readonly api: NetCanvasApi; readonly runId: string | null }) {
  const run = useAsync(() => (runId ? api.getRun(runId) : Promise.resolve(null)), runId ?? '');
  if (!runId) return <p className="digits__hint">Train a model: its evaluation on the test set shows here.</p>;
  if (run.status === 'loading') return <p className="digits__hint">Loading the run…</p>;
  if (run.status === 'failed') return <p className="digits__error">Cannot read run {runId}: {run.error}</p>;
  if (!run.value) return null;
  return <RunEvaluation key={run.value.id} api={api} run={run.value} />;
}

function RunEvaluation({ api, run }: { readonly api: NetCanvasApi; readonly run: RunRecord }) {
  const [cell, setCell] = useState<Cell | null>(null);
  const test = run.test;
  if (!test) return <p className="digits__hint">Run {run.name} has no test results (it was stopped before testing).</p>;
  const dataset = run.document.dataset.name;
  const classNames = BUILTIN_DATASETS[dataset].classNames;
  return (
    <div className="evaluation" data-testid="evaluation">
      <p>
        <strong>{run.name}</strong>: {percent(test.testAccuracy)} of {test.samples.toLocaleString('en-US')} test images read right (loss {test.testLoss.toFixed(4)}).
      </p>
      <div className="evaluation__top">
        <ConfusionMatrix confusion={test.confusion} classNames={classNames} selected={cell} onSelect={setCell} />
        <div className="evaluation__side">
          <ClassBars title="Accuracy per class" values={test.perClassAccuracy} max={1} format={percent} labels={classNames} testId="per-class-accuracy" />
          <ConfusedPairs confusion={test.confusion} classNames={classNames} onSelect={setCell} />
        </div>
      </div>
      {cell && <CellImages api={api} dataset={dataset} test={test} cell={cell} classNames={classNames} />}
      {test.classification && <ClassificationReport metrics={test.classification} classNames={classNames} />}
      <ConfidentMistakes api={api} run={run} classNames={classNames} />
    </div>
  );
}

function ConfusedPairs({ confusion, classNames, onSelect }: { readonly confusion: readonly (readonly number[])[]; readonly classNames: readonly string[]; readonly onSelect: (cell: Cell) => void }) {
  const pairs = topConfusions(confusion, 5);
  if (pairs.length === 0) return null;
  return (
    <section>
      <h4>Most often confused</h4>
      <ul className="evaluation__pairs">
        {pairs.map((p) => (
          <li key={`${p.label}-${p.predicted}`}>
            <button type="button" className="link" onClick={() => onSelect(p)}>
              {classNames[p.label]} read as {classNames[p.predicted]}: {p.count}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function ConfidentMistakes({ api, run, classNames }: { readonly api: NetCanvasApi; readonly run: RunRecord; readonly classNames: readonly string[] }) {
  const mistakes = run.test?.mistakes;
  const dataset = run.document.dataset.name;
  const images = useAsync(async () => {
    const chosen = mistakesOrNone(mistakes);
    if (chosen.length === 0) return [];
    const sample = await api.datasetSample(dataset, 'test', chosen.length, 0, chosen.map((m) => m.index));
    return chosen.map((m, i) => ({
      key: m.index,
      pixels: sample.images[i],
      caption: `${classNames[m.label]} → ${classNames[m.predicted]} ${formatPercent(m.confidence)}`,
      tone: 'wrong' as const,
    }));
  }, `${run.id}:${mistakes?.length ?? 'none'}`);
  return (
    <section className="evaluation__mistakes">
      <h4>The most confident mistakes</h4>
      {!mistakes && <p className="digits__hint">This run did not record which test images were misread.</p>}
      {mistakes && mistakes.length === 0 && <p className="digits__hint">No mistakes on the test set.</p>}
      {images.status === 'failed' && <p className="digits__error">Cannot read the test images: {images.error}</p>}
      {images.status === 'done' && images.value.length > 0 && <SampleGrid images={images.value} testId="confident-mistakes" />}
    </section>
  );

  function mistakesOrNone(list: typeof mistakes) {
    return list ? mostConfidentMistakes(list, CONFIDENT_MISTAKES) : [];
  }
}
