import { useEffect, useState } from 'react';
import { parseNumber } from '../../editor/numbers';

type Props = {
  readonly testId: string;
  readonly integer?: boolean;
  readonly min: number;
  readonly max: number;
  readonly placeholder?: string;
  /** A further rule than the range (a bound the value must stay strictly inside): why a value is refused, or null. */
  readonly check?: (value: number) => string | null;
  readonly title?: string;
} & ({ readonly optional: true; readonly value: number | null; onChange(value: number | null): void } | { readonly optional?: false; readonly value: number; onChange(value: number): void });

/** A number field that keeps what is typed, passes on only values in range, and says why otherwise. */
export function NumberBox(props: Props) {
  const [text, setText] = useState(props.value === null ? '' : String(props.value));
  const [error, setError] = useState<string | null>(null);
  const { value } = props;
  useEffect(() => {
    setText((t) => (Number(t) === value && t.trim() !== '' ? t : value === null ? '' : String(value)));
  }, [value]);
  const check = (t: string): string | number | null => {
    if (props.optional && t.trim() === '') return null;
    const parsed = parseNumber(t, { integer: props.integer, min: props.min, max: props.max });
    if (!parsed.ok) return parsed.error;
    return props.check?.(parsed.value) ?? parsed.value;
  };
  return (
    <span className="number-box">
      <input
        data-testid={props.testId}
        className={error ? 'invalid' : undefined}
        inputMode={props.integer ? 'numeric' : 'decimal'}
        value={text}
        placeholder={props.placeholder}
        title={props.title}
        onChange={(e) => {
          setText(e.target.value);
          const r = check(e.target.value);
          if (typeof r === 'string') {
            setError(r);
            return;
          }
          setError(null);
          if (props.optional) props.onChange(r);
          else if (r !== null) props.onChange(r);
        }}
      />
      {error && <span className="number-box__error">{error}</span>}
    </span>
  );
}
