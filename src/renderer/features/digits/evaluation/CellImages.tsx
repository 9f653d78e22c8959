import { formatPercent } from '../../../../core/digits/percent';
import type { NetCanvasApi, TestMistake, TestResult } from '../../../../core/api/contract';
import { cellHeading, mistakesInCell } from '../../../../core/digits/evaluation';
import type { DatasetName } from '../../../../core/training/config';
import { SampleGrid } from '../shared/SampleGrid';
import { useAsync } from '../shared/useAsync';
import type { Cell } from './ConfusionMatrix';

/** How many test images a cell shows at most. */
const SHOWN = 40;
/** Random test images drawn to find correctly read examples of a class. */
const DRAWN = 300;

/**
 * The test images behind a cell of the confusion matrix, with their true and predicted
 * classes: the mistakes the run recorded for an off-diagonal cell (most confident first),
 * and examples the model read right for a diagonal one.
 */
export function CellImages(props: { readonly api: NetCanvasApi; readonly dataset: DatasetName; readonly test: TestResult; readonly cell: Cell; readonly classNames: readonly string[] }) {
  const { api, dataset, test, cell, classNames } = props;
  const right = cell.label === cell.predicted;
  const recorded = test.mistakes;
  const images = useAsync(async () => {
    if (!recorded) return null;
    if (!right) {
      const chosen = mistakesInCell(recorded, cell.label, cell.predicted).slice(0, SHOWN);
      if (chosen.length === 0) return [];
      const sample = await api.datasetSample(dataset, 'test', chosen.length, 0, chosen.map((m) => m.index));
      return chosen.map((m, i) => ({ key: m.index, pixels: sample.images[i], caption: caption(m), tone: 'wrong' as const }));
    }
    const wrong = new Set(recorded.map((m) => m.index));
    const sample = await api.datasetSample(dataset, 'test', DRAWN, cell.label + 1);
    return sample.indices
      .map((index, i) => ({ index, label: sample.labels[i], pixels: sample.images[i] }))
      .filter((s) => s.label === cell.label && s.index < test.samples && !wrong.has(s.index))
      .slice(0, SHOWN)
      .map((s) => ({ key: s.index, pixels: s.pixels, caption: `${classNames[s.label]} ✓`, tone: 'right' as const }));
  }, `${dataset}:${cell.label}:${cell.predicted}:${recorded?.length ?? 'none'}`);

  function caption(m: TestMistake): string {
    return `${classNames[m.label]} → ${classNames[m.predicted]} ${formatPercent(m.confidence)}`;
  }

  const count = test.confusion[cell.label]?.[cell.predicted] ?? 0;
  return (
    <section className="cell-images" data-testid="cell-images">
      <h4 data-testid="cell-heading">{cellHeading({ count, shown: images.status === 'done' && images.value ? images.value.length : null, label: classNames[cell.label], predicted: classNames[cell.predicted], right })}</h4>
      {!recorded && <p className="digits__hint">This run did not record which test images were misread, so its images cannot be shown.</p>}
      {images.status === 'failed' && <p className="digits__error">Cannot read the test images: {images.error}</p>}
      {images.status === 'loading' && recorded && <p className="digits__hint">Loading…</p>}
      {images.status === 'done' && images.value && <SampleGrid images={images.value} testId="cell-grid" />}
    </section>
  );
}
