import { useState } from 'react';
import { formatPercent } from '../../../../core/digits/percent';
import type { NetCanvasApi, TestMistake, TestResult } from '../../../../core/api/contract';
import { cellHeading, mistakesInCell, pageOf } from '../../../../core/digits/evaluation';
import type { DatasetName } from '../../../../core/training/config';
import { Pager } from '../shared/Pager';
import { SampleGrid } from '../shared/SampleGrid';
import { useAsync } from '../shared/useAsync';
import type { Cell } from './ConfusionMatrix';

/** How many images a page of a cell shows (the engine reads at most 400 by index at once). */
export const CELL_PAGE = 40;
/** How many correctly read examples a diagonal cell shows. */
const EXAMPLES = 40;
/** Random test images drawn to find correctly read examples of a class. */
const DRAWN = 300;

/**
 * The test images behind a cell of the confusion matrix, with their true and predicted
 * classes: every mistake the run recorded for an off-diagonal cell (most confident first), a
 * page at a time, and examples the model read right for a diagonal one.
 */
export function CellImages(props: { readonly api: NetCanvasApi; readonly dataset: DatasetName; readonly test: TestResult; readonly cell: Cell; readonly classNames: readonly string[] }) {
  const { cell } = props;
  // A fresh page count for each cell.
  return cell.label === cell.predicted ? <RightExamples {...props} /> : <Mistakes key={`${cell.label}:${cell.predicted}`} {...props} />;
}

type Props = Parameters<typeof CellImages>[0];

function Mistakes({ api, dataset, test, cell, classNames }: Props) {
  const [page, setPage] = useState(0);
  const recorded = test.mistakes;
  const all = recorded ? mistakesInCell(recorded, cell.label, cell.predicted) : [];
  const shown = pageOf(all, page, CELL_PAGE);
  const images = useAsync(async () => {
    if (shown.items.length === 0) return [];
    const sample = await api.datasetSample(dataset, 'test', shown.items.length, 0, shown.items.map((m) => m.index));
    return shown.items.map((m, i) => ({ key: m.index, pixels: sample.images[i], caption: caption(m), tone: 'wrong' as const }));
  }, `${dataset}:${cell.label}:${cell.predicted}:${recorded?.length ?? 'none'}:${shown.page}`);

  function caption(m: TestMistake): string {
    return `${classNames[m.label]} → ${classNames[m.predicted]} ${formatPercent(m.confidence)}`;
  }

  const count = test.confusion[cell.label]?.[cell.predicted] ?? 0;
  return (
    <section className="cell-images" data-testid="cell-images">
      <h4 data-testid="cell-heading">{cellHeading({ count, shown: recorded ? all.length : null, label: classNames[cell.label], predicted: classNames[cell.predicted], right: false })}</h4>
      {!recorded && <p className="digits__hint">This run did not record which test images were misread, so its images cannot be shown.</p>}
      {recorded && shown.pages > 1 && <Pager shown={shown} onPage={setPage} order="most confident first" />}
      {images.status === 'failed' && <p className="digits__error">Cannot read the test images: {images.error}</p>}
      {images.status === 'loading' && recorded && <p className="digits__hint">Loading…</p>}
      {images.status === 'done' && <SampleGrid images={images.value} testId="cell-grid" />}
    </section>
  );
}

function RightExamples({ api, dataset, test, cell, classNames }: Props) {
  const recorded = test.mistakes;
  const images = useAsync(async () => {
    if (!recorded) return null;
    const wrong = new Set(recorded.map((m) => m.index));
    const sample = await api.datasetSample(dataset, 'test', DRAWN, cell.label + 1);
    return sample.indices
      .map((index, i) => ({ index, label: sample.labels[i], pixels: sample.images[i] }))
      .filter((s) => s.label === cell.label && s.index < test.samples && !wrong.has(s.index))
      .slice(0, EXAMPLES)
      .map((s) => ({ key: s.index, pixels: s.pixels, caption: `${classNames[s.label]} ✓`, tone: 'right' as const }));
  }, `${dataset}:${cell.label}:${recorded?.length ?? 'none'}`);
  const count = test.confusion[cell.label]?.[cell.predicted] ?? 0;
  return (
    <section className="cell-images" data-testid="cell-images">
      <h4 data-testid="cell-heading">{cellHeading({ count, shown: images.status === 'done' && images.value ? images.value.length : null, label: classNames[cell.label], predicted: classNames[cell.predicted], right: true })}</h4>
      {!recorded && <p className="digits__hint">This run did not record which test images were misread, so its images cannot be shown.</p>}
      {images.status === 'failed' && <p className="digits__error">Cannot read the test images: {images.error}</p>}
      {images.status === 'loading' && recorded && <p className="digits__hint">Loading…</p>}
      {images.status === 'done' && images.value && <SampleGrid images={images.value} testId="cell-grid" />}
    </section>
  );
}
