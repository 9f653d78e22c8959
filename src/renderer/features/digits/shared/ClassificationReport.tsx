import type { ClassificationMetrics } from '../../../../core/metrics/classification';
import { percent } from './ClassBars';

const score = (x: number): string => x.toFixed(3);

/**
 * A classifier's scores beyond accuracy (core/metrics/classification), as scikit-learn's
 * classification_report lays them out: precision, recall, F1 and support per class, the
 * macro means, then top-k accuracy and ROC AUC where they apply.
 */
export function ClassificationReport({ metrics, classNames }: { readonly metrics: ClassificationMetrics; readonly classNames: readonly string[] }) {
  return (
    <section className="class-report" data-testid="classification-report">
      <h4>Precision, recall and F1</h4>
      <table>
        <thead>
          <tr>
            <th scope="col">Class</th>
            <th scope="col">Precision</th>
            <th scope="col">Recall</th>
            <th scope="col">F1</th>
            <th scope="col">Samples</th>
          </tr>
        </thead>
        <tbody>
          {metrics.precision.map((p, c) => (
            <tr key={c} data-class={c}>
              <th scope="row">{classNames[c] ?? c}</th>
              <td>{score(p)}</td>
              <td>{score(metrics.recall[c])}</td>
              <td>{score(metrics.f1[c])}</td>
              <td>{metrics.support[c].toLocaleString('en-US')}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-testid="classification-macro">
            <th scope="row">Macro mean</th>
            <td>{score(metrics.macroPrecision)}</td>
            <td>{score(metrics.macroRecall)}</td>
            <td>{score(metrics.macroF1)}</td>
            <td>{metrics.support.reduce((a, b) => a + b, 0).toLocaleString('en-US')}</td>
          </tr>
        </tfoot>
      </table>
      {(metrics.topK || metrics.rocAuc !== undefined) && (
        <p className="muted" data-testid="classification-extra">
          {metrics.topK && <span>Top-{metrics.topK.k} accuracy {percent(metrics.topK.accuracy)}</span>}
          {metrics.topK && metrics.rocAuc !== undefined && ' · '}
          {metrics.rocAuc !== undefined && <span>ROC AUC {score(metrics.rocAuc)}</span>}
        </p>
      )}
    </section>
  );
}
