import { useMemo } from 'react';

export interface Series {
  readonly id: string;
  readonly label: string;
  readonly color: string;
  readonly points: readonly { readonly x: number; readonly y: number }[];
  readonly dashed?: boolean;
  readonly thin?: boolean;
  /** Draw a dot at each point (few points, e.g. one per epoch). */
  readonly dots?: boolean;
}

const W = 520;
const H = 220;
const M = { top: 12, right: 14, bottom: 30, left: 48 };

/** Round tick values that cover [min, max]. */
export function ticks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

function tickLabel(v: number, percent: boolean): string {
  if (percent) return `${Math.round(v * 100)}%`;
  return Math.abs(v) >= 100 ? v.toFixed(0) : Number(v.toPrecision(3)).toString();
}

/** A small SVG line chart: shared axes, one path per series, and a legend. */
export function LineChart(props: {
  readonly title: string;
  readonly series: readonly Series[];
  readonly xLabel: string;
  readonly percent?: boolean;
  readonly yMin?: number;
  readonly yMax?: number;
  readonly testId: string;
}) {
  const { series, percent = false } = props;
  const all = series.flatMap((s) => s.points).filter((p) => Number.isFinite(p.y));
  const frame = useMemo(() => {
    const xs = all.map((p) => p.x);
    const ys = all.map((p) => p.y);
    const xMax = Math.max(1, ...xs);
    let yLo = props.yMin ?? Math.min(...ys, Infinity);
    let yHi = props.yMax ?? Math.max(...ys, -Infinity);
    if (!Number.isFinite(yLo) || !Number.isFinite(yHi)) [yLo, yHi] = [0, 1];
    if (yHi - yLo < 1e-9) [yLo, yHi] = [yLo - 0.5, yHi + 0.5];
    const pad = (yHi - yLo) * 0.05;
    if (props.yMin === undefined) yLo -= pad;
    if (props.yMax === undefined) yHi += pad;
    return { xMax, yLo, yHi };
  }, [all, props.yMin, props.yMax]);
  const sx = (x: number): number => M.left + (x / frame.xMax) * (W - M.left - M.right);
  const sy = (y: number): number => M.top + (1 - (y - frame.yLo) / (frame.yHi - frame.yLo)) * (H - M.top - M.bottom);
  const path = (s: Series): string =>
    s.points
      .filter((p) => Number.isFinite(p.y))
      .map((p, i) => `${i === 0 ? 'M' : 'L'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`)
      .join('');
  const yTicks = ticks(frame.yLo, frame.yHi, 4);
  const xTicks = ticks(0, frame.xMax, Math.min(10, Math.ceil(frame.xMax))).filter((t) => Number.isInteger(t) || frame.xMax < 2);
  const shown = series.filter((s) => s.points.length > 0);
  return (
    <figure className="chart" data-testid={props.testId} data-points={all.length} data-last={series[0]?.points.at(-1)?.y}>
      <figcaption>
        <span className="chart__title">{props.title}</span>
        <span className="chart__legend">
          {shown.map((s) => (
            <span key={s.id} className="chart__key">
              <svg width="18" height="8" aria-hidden>
                <line x1="0" y1="4" x2="18" y2="4" stroke={s.color} strokeWidth={2} strokeDasharray={s.dashed ? '4 3' : undefined} />
              </svg>
              {s.label}
            </span>
          ))}
        </span>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} className="chart__plot" role="img" aria-label={props.title}>
        {yTicks.map((t) => (
          <g key={`y${t}`}>
            <line x1={M.left} x2={W - M.right} y1={sy(t)} y2={sy(t)} className="chart__grid" />
            <text x={M.left - 6} y={sy(t)} className="chart__tick" textAnchor="end" dominantBaseline="middle">
              {tickLabel(t, percent)}
            </text>
          </g>
        ))}
        {xTicks.map((t) => (
          <text key={`x${t}`} x={sx(t)} y={H - M.bottom + 14} className="chart__tick" textAnchor="middle">
            {tickLabel(t, false)}
          </text>
        ))}
        <line x1={M.left} x2={W - M.right} y1={H - M.bottom} y2={H - M.bottom} className="chart__axis" />
        <text x={(M.left + W - M.right) / 2} y={H - 3} className="chart__label" textAnchor="middle">
          {props.xLabel}
        </text>
        {shown.map((s) => (
          <g key={s.id} className="chart__series" data-series={s.id}>
            <path d={path(s)} fill="none" stroke={s.color} strokeWidth={s.thin ? 1 : 2} strokeOpacity={s.thin ? 0.55 : 1} strokeDasharray={s.dashed ? '5 4' : undefined} strokeLinejoin="round" />
            {s.dots && s.points.map((p, i) => (Number.isFinite(p.y) ? <circle key={i} cx={sx(p.x)} cy={sy(p.y)} r={3} fill={s.color} /> : null))}
          </g>
        ))}
        {all.length === 0 && (
          <text x={W / 2} y={H / 2} className="chart__empty" textAnchor="middle">
            Curves appear here while the network trains
          </text>
        )}
      </svg>
    </figure>
  );
}
