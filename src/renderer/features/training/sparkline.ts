/**
 * The points of a sparkline of `values` in a `width` × `height` box, as SVG's `points`: one
 * point per value from left to right, from 0 at the bottom to the largest value at the top
 * (a value of 0 on the bottom edge, the largest on the top edge); a single value is a flat line.
 */
export function sparklinePoints(values: readonly number[], width: number, height: number): string {
  if (values.length === 0) return '';
  const top = Math.max(...values);
  const y = (v: number): number => (top > 0 ? height * (1 - v / top) : height);
  const fmt = (n: number): string => Number(n.toFixed(2)).toString();
  if (values.length === 1) return `0,${fmt(y(values[0]))} ${fmt(width)},${fmt(y(values[0]))}`;
  return values.map((v, i) => `${fmt((i / (values.length - 1)) * width)},${fmt(y(v))}`).join(' ');
}
