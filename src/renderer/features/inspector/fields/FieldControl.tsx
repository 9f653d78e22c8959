import { useCallback, useState } from 'react';
import { formatRegularizer, REGULARIZER_FACTOR } from '../../../../core/layers/common/regularizer';
import { formatNumber, numberParse, TextEntry, type Parse } from './TextEntry';
import type { FieldProps } from './types';

const formatDims = (v: unknown): string => (Array.isArray(v) ? v.join(' × ') : formatNumber(v));
const parseDims: Parse = (text) => {
  const parts = text.split(/[\s,×xX*]+/).filter(Boolean);
  if (parts.length === 0) return { ok: false, error: 'Enter the dimensions, e.g. 28 × 28 × 1.' };
  const bad = parts.find((p) => !/^-?\d+$/.test(p));
  if (bad) return { ok: false, error: `'${bad}' is not a whole number.` };
  return { ok: true, value: parts.map(Number) };
};

/** One config field in the inspector, drawn from its FieldSpec. */
export function FieldControl(props: FieldProps) {
  const { field, error } = props;
  const [localError, setLocalError] = useState<string | null>(null);
  const onLocalError = useCallback((e: string | null) => setLocalError(e), []);
  const id = `field-${field.name}`;
  const shown = localError ?? error;
  return (
    <div className={`field field--${field.type}${shown ? ' field--invalid' : ''}`}>
      <label htmlFor={id} title={field.help}>
        {field.label}
      </label>
      <Control {...props} id={id} invalid={Boolean(shown)} onLocalError={onLocalError} />
      {shown ? (
        <p className="field__error" data-testid={`field-error-${field.name}`}>
          {shown}
        </p>
      ) : field.help ? (
        <p className="field__help">{field.help}</p>
      ) : null}
    </div>
  );
}

type ControlProps = FieldProps & { id: string; invalid: boolean; onLocalError: (e: string | null) => void };

function Control(props: ControlProps) {
  const { field, value, id, onChange } = props;
  const text = (parse: Parse, format: (v: unknown) => string, placeholder?: string) => (
    <TextEntry
      id={id}
      value={value}
      format={format}
      parse={parse}
      onChange={onChange}
      onEditStart={props.onEditStart}
      onEditEnd={props.onEditEnd}
      invalid={props.invalid}
      testId={id}
      placeholder={placeholder}
      onLocalError={props.onLocalError}
    />
  );
  switch (field.type) {
    case 'int':
      return text(numberParse({ integer: true, min: field.min, max: field.max }), formatNumber);
    case 'float':
      return text(numberParse({ min: field.min, max: field.max }), formatNumber);
    case 'enum':
      return (
        <select id={id} data-testid={id} value={String(value)} onChange={(e) => onChange(e.target.value)}>
          {field.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      );
    case 'bool':
      return (
        <label className="switch">
          <input id={id} data-testid={id} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />
          <span>{value === true ? 'yes' : 'no'}</span>
        </label>
      );
    case 'pair':
      return <PairControl {...props} />;
    case 'dims': {
      const { presets } = field;
      return (
        <div className="dims">
          {text(parseDims, formatDims, 'e.g. 28 × 28 × 1')}
          {presets && (
            <select
              aria-label={`${field.label} presets`}
              data-testid={`${id}-presets`}
              value={presets.find((p) => formatDims(p.shape) === formatDims(value))?.id ?? ''}
              onChange={(e) => {
                const preset = presets.find((p) => p.id === e.target.value);
                if (preset) onChange([...preset.shape]);
              }}
            >
              <option value="">Custom {field.label.toLowerCase()}</option>
              {presets.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.label}
                </option>
              ))}
            </select>
          )}
        </div>
      );
    }
    case 'regularizer':
      return <RegularizerControl {...props} />;
  }
}

function PairControl(props: ControlProps) {
  const min = props.field.type === 'pair' ? props.field.min : undefined;
  const pair = Array.isArray(props.value) ? props.value : typeof props.value === 'number' ? [props.value, props.value] : [undefined, undefined];
  const part = (i: 0 | 1) => (
    <TextEntry
      id={i === 0 ? props.id : `${props.id}-1`}
      value={pair[i]}
      format={formatNumber}
      parse={numberParse({ integer: true, min })}
      onChange={(v) => props.onChange(i === 0 ? [v, pair[1]] : [pair[0], v])}
      onEditStart={props.onEditStart}
      onEditEnd={props.onEditEnd}
      invalid={props.invalid}
      testId={`${props.id}-${i}`}
      onLocalError={props.onLocalError}
    />
  );
  return (
    <div className="pair">
      {part(0)}
      <span className="muted">×</span>
      {part(1)}
    </div>
  );
}

type Reg = { type: 'l1' | 'l2'; factor: number } | { type: 'l1_l2'; l1: number; l2: number } | null;

function RegularizerControl(props: ControlProps) {
  const reg = (props.value ?? null) as Reg;
  const number = (key: 'factor' | 'l1' | 'l2', current: number) => (
    <TextEntry
      id={`${props.id}-${key}`}
      value={current}
      format={formatNumber}
      parse={numberParse(REGULARIZER_FACTOR)}
      onChange={(v) => props.onChange({ ...reg, [key]: v })}
      onEditStart={props.onEditStart}
      onEditEnd={props.onEditEnd}
      invalid={props.invalid}
      testId={`${props.id}-${key}`}
      onLocalError={props.onLocalError}
    />
  );
  return (
    <div className="regularizer" title={formatRegularizer(reg)}>
      <select
        id={props.id}
        data-testid={props.id}
        value={reg?.type ?? 'none'}
        onChange={(e) => {
          const t = e.target.value;
          props.onChange(t === 'none' ? null : t === 'l1_l2' ? { type: 'l1_l2', l1: 0.001, l2: 0.001 } : { type: t, factor: 0.001 });
        }}
      >
        <option value="none">none</option>
        <option value="l1">L1</option>
        <option value="l2">L2</option>
        <option value="l1_l2">L1 + L2</option>
      </select>
      {reg && reg.type !== 'l1_l2' && number('factor', reg.factor)}
      {reg && reg.type === 'l1_l2' && (
        <>
          {number('l1', reg.l1)}
          {number('l2', reg.l2)}
        </>
      )}
    </div>
  );
}
