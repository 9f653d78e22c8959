import { useEffect, useRef, useState } from 'react';
import { parseNumber, type NumberRule } from '../../../editor/numbers';

export type Parse = (text: string) => { ok: true; value: unknown } | { ok: false; error: string };

/**
 * A text box that holds what the person types and hands a parsed value on every
 * keystroke that parses; otherwise it shows why it does not. Leaving the box with text
 * that does not parse refuses it: the value from before the edit comes back (never the
 * part typed so far, "2" of "2.5") and the box keeps the text and the reason until the
 * value changes or the box is edited again.
 */
export function TextEntry(props: {
  readonly id: string;
  readonly value: unknown;
  readonly format: (value: unknown) => string;
  readonly parse: Parse;
  readonly onChange: (value: unknown) => void;
  readonly onEditStart: () => void;
  readonly onEditEnd: () => void;
  readonly invalid: boolean;
  readonly testId: string;
  readonly placeholder?: string;
  readonly onLocalError: (error: string | null) => void;
}) {
  const { value, format, parse, onLocalError } = props;
  const [text, setText] = useState(() => format(value));
  const [focused, setFocused] = useState(false);
  /** The value when the box was focused, restored when its text is refused. */
  const atFocus = useRef<unknown>(value);
  /** Set while refused text is shown over the restored value. */
  const refusedOver = useRef<{ value: unknown } | null>(null);
  useEffect(() => {
    if (focused) return;
    if (refusedOver.current && Object.is(refusedOver.current.value, value)) return;
    refusedOver.current = null;
    setText(format(value));
    onLocalError(null);
  }, [value, focused, format, onLocalError]);
  return (
    <input
      id={props.id}
      className={props.invalid ? 'invalid' : undefined}
      value={text}
      placeholder={props.placeholder}
      data-testid={props.testId}
      spellCheck={false}
      onFocus={() => {
        atFocus.current = value;
        refusedOver.current = null;
        setFocused(true);
        props.onEditStart();
      }}
      onBlur={() => {
        const parsed = parse(text);
        if (!parsed.ok) {
          refusedOver.current = { value: atFocus.current };
          if (!Object.is(value, atFocus.current)) props.onChange(atFocus.current);
          onLocalError(parsed.error);
        }
        setFocused(false);
        props.onEditEnd();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
      }}
      onChange={(e) => {
        setText(e.target.value);
        const parsed = parse(e.target.value);
        if (parsed.ok) {
          onLocalError(null);
          props.onChange(parsed.value);
        } else {
          onLocalError(parsed.error);
        }
      }}
    />
  );
}

/** A Parse for a number field under `rule` (whole or not, its range). */
export const numberParse =
  (rule: NumberRule): Parse =>
  (text) =>
    parseNumber(text, rule);

export const formatNumber = (v: unknown): string => (typeof v === 'number' ? String(v) : v === undefined || v === null ? '' : JSON.stringify(v));
