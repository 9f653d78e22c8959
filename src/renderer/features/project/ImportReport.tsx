import { useUi } from '../../state/uiStore';

/** After importing a Keras, tfjs or ONNX model: what came over, what could not, and where training starts. */
export function ImportReportDialog() {
  const report = useUi((s) => s.importReport);
  const close = (): void => useUi.getState().showImportReport(null);
  if (!report) return null;
  return (
    <div className="overlay" onClick={close}>
      <div className="dialog" role="dialog" aria-label={report.title} onClick={(e) => e.stopPropagation()} data-testid="import-report">
        <h2>{report.title}</h2>
        {report.notes.length === 0 ? (
          <p>Every layer and setting was carried over.</p>
        ) : (
          <>
            <p>These settings could not be carried over; the layers use NetCanvas's defaults instead:</p>
            <ul className="import-notes">
              {report.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          </>
        )}
        {report.startingWeights !== undefined && (
          <p data-testid="import-starting-weights">
            The weights of {report.startingWeights} came over too: training starts from them, and the Digits and Export views can use them as the run “{report.startingWeights}
            (imported)”, before any training. The model summary can switch to fresh weights.
          </p>
        )}
        <button type="button" className="button button--primary" onClick={close}>
          OK
        </button>
      </div>
    </div>
  );
}
