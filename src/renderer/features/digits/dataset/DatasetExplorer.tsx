import { useState } from 'react';
import type { NetCanvasApi } from '../../../../core/api/contract';
import type { DatasetName } from '../../../../core/training/config';
import { BUILTIN_DATASETS } from '../../../../core/data/description';
import { ClassBars } from '../shared/ClassBars';
import { SampleGrid } from '../shared/SampleGrid';
import { useAsync } from '../shared/useAsync';

/** How many training images the explorer shows at a time. */
export const EXPLORER_SAMPLES = 25;

/** The dataset explorer: 25 random training images with their labels (reshuffled on click) and each split's label distribution. */
export function DatasetExplorer({ api, dataset }: { readonly api: NetCanvasApi; readonly dataset: DatasetName }) {
  const [seed, setSeed] = useState(1);
  const info = BUILTIN_DATASETS[dataset];
  const sample = useAsync(() => api.datasetSample(dataset, 'train', EXPLORER_SAMPLES, seed), `${dataset}:${seed}`);
  if (sample.status === 'failed') return <p className="digits__error">Cannot read {info.label}: {sample.error}</p>;
  const value = sample.status === 'done' ? sample.value : null;
  const count = (n: number) => n.toLocaleString('en-US');
  return (
    <div className="dataset-explorer">
      <section>
        <header className="digits__section-head">
          <h3>{EXPLORER_SAMPLES} random training images</h3>
          <button type="button" className="button" onClick={() => setSeed((s) => s + 1)} data-testid="sample-reshuffle">
            Reshuffle
          </button>
        </header>
        {value ? (
          <SampleGrid
            testId="sample-grid"
            images={value.images.map((pixels, i) => ({ key: value.indices[i], pixels, caption: info.classNames[value.labels[i]] ?? String(value.labels[i]) }))}
          />
        ) : (
          <p className="digits__hint">Loading {info.label}…</p>
        )}
      </section>
      {value && (
        <section className="dataset-explorer__counts">
          <ClassBars title={`Training set: ${count(value.trainCounts.reduce((a, b) => a + b, 0))} images`} values={value.trainCounts} format={count} labels={info.classNames} testId="train-counts" />
          <ClassBars title={`Test set: ${count(value.testCounts.reduce((a, b) => a + b, 0))} images`} values={value.testCounts} format={count} labels={info.classNames} testId="test-counts" />
        </section>
      )}
    </div>
  );
}
