import { formatPercent } from '../../../../core/digits/percent';

/**
 * One vertical bar per class (0–9 for digits), each as tall as its value relative to the
 * largest; the highlighted class stands out. Used for probabilities and label counts.
 */
export function ClassBars(props: {
  readonly values: readonly number[];
  readonly format: (value: number) => string;
  readonly highlight?: number | null;
  /** The top of the scale; the largest value when absent. */
  readonly max?: number;
  readonly labels?: readonly string[];
  readonly testId?: string;
  readonly title?: string;
}) {
  const { values, format, highlight = null, labels, testId, title } = props;
  const max = props.max ?? Math.max(...values, Number.MIN_VALUE);
  return (
    <figure className="class-bars" data-testid={testId}>
      {title && <figcaption>{title}</figcaption>}
      <div className="class-bars__plot">
        {values.map((value, i) => (
          <div key={i} className={`class-bars__column${i === highlight ? ' class-bars__column--highlight' : ''}`} data-class={i} data-value={value} title={`${labels?.[i] ?? i}: ${format(value)}`}>
            <span className="class-bars__value">{format(value)}</span>
            <div className="class-bars__track">
              <div className="class-bars__bar" style={{ height: `${Math.max(0, Math.min(1, value / max)) * 100}%` }} />
            </div>
            <span className="class-bars__label">{labels?.[i] ?? i}</span>
          </div>
        ))}
      </div>
    </figure>
  );
}

/** Probabilities and shares, one decimal, never rounded up to 100% (the core's formatPercent). */
export const percent = formatPercent;
