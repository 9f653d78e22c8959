/** A layer's vector output as bars from a zero line (negative values hang below it). */
export function ValueBars({ values, total }: { readonly values: readonly number[]; readonly total: number }) {
  const width = 520;
  const height = 90;
  const max = Math.max(...values.map(Math.abs), Number.MIN_VALUE);
  const hasNegative = values.some((v) => v < 0);
  const zero = hasNegative ? height / 2 : height;
  const step = width / Math.max(values.length, 1);
  return (
    <figure className="value-bars">
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" height={height} preserveAspectRatio="none" role="img" aria-label={`${values.length} values`}>
        <line x1={0} x2={width} y1={zero} y2={zero} className="value-bars__axis" />
        {values.map((v, i) => {
          const h = (Math.abs(v) / max) * (hasNegative ? height / 2 : height);
          return (
            <rect key={i} x={i * step + step * 0.1} width={Math.max(step * 0.8, 0.5)} y={v >= 0 ? zero - h : zero} height={h} className="value-bars__bar">
              <title>{`unit ${i}: ${v.toPrecision(3)}`}</title>
            </rect>
          );
        })}
      </svg>
      {total > values.length && <figcaption className="muted">the first {values.length} of {total} values</figcaption>}
    </figure>
  );
}
