import type { PredictionState } from '../shared/usePrediction';
import { ClassBars, percent } from '../shared/ClassBars';
import { DigitImage } from '../shared/DigitImage';
import { DigitPad } from './DigitPad';

/** Before the model has read a digit, the bars say so instead of claiming 0%. */
const noReading = (): string => '–';

/**
 * The digit pad tab: draw on the left; on the right the 28×28 picture the model reads, its
 * answer and the probability of each of the ten classes.
 */
export function PadView(props: {
  readonly pixels: Float32Array | null;
  readonly onDigit: (pixels: Float32Array | null) => void;
  readonly state: PredictionState;
  readonly hint: string | null;
}) {
  const { pixels, onDigit, state, hint } = props;
  const prediction = state.prediction;
  const probabilities = prediction?.probabilities ?? Array.from({ length: 10 }, () => 0);
  return (
    <div className="pad-view">
      <DigitPad onDigit={onDigit} />
      <div className="pad-view__reading">
        <div className="pad-view__answer">
          <figure>
            <DigitImage values={pixels ?? new Float32Array(784)} size={112} label="What the model sees (28×28)" testId="pad-preview" />
            <figcaption className="muted">what the model sees</figcaption>
          </figure>
          <div className="pad-view__prediction" aria-live="polite">
            <span className="muted">It reads</span>
            <output className="pad-view__digit" data-testid="pad-prediction">
              {prediction ? prediction.predictedClass : '–'}
            </output>
            {prediction && <span className="muted" data-testid="pad-sure">{percent(prediction.probabilities[prediction.predictedClass])} sure</span>}
          </div>
        </div>
        <ClassBars values={probabilities} max={1} format={prediction ? percent : noReading} highlight={prediction?.predictedClass ?? null} testId="pad-probabilities" title="Probability of each digit" />
        {hint && <p className="digits__hint">{hint}</p>}
        {state.error && <p className="digits__error" data-testid="pad-error">{state.error}</p>}
      </div>
    </div>
  );
}
