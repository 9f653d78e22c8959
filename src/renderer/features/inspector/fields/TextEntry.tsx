import { useEffect, useState } from 'react';

export type Parse = (text: string) => { ok: true; value: unknown } | { ok: false; error: string };

/**
 * A text box that holds what the person types and hands a parsed value on every
 * keystroke that parses; otherwise it shows why it does not.
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
  useEffect(() => {
    if (focused) return;
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
        setFocused(true);
        props.onEditStart();
      }}
      onBlur={() => {
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

export const parseInt: Parse = (text) => {
  const t = text.trim();
  if (t === '') return { ok: false, error: 'Enter a whole number.' };
  if (!/^-?\d+$/.test(t)) return { ok: false, error: `'${t}' is not a whole number.` };
  return { ok: true, value: Number(t) };
};

export const parseFloat: Parse = (text) => {
  const t = text.trim();
  const n = Number(t);
  if (t === '' || !Number.isFinite(n)) return { ok: false, error: t === '' ? 'Enter a number.' : `'${t}' is not a number.` };
  return { ok: true, value: n };
};

export const formatNumber = (v: unknown): string => (typeof v === 'number' ? String(v) : v === undefined || v === null ? '' : JSON.stringify(v));
