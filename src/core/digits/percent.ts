/**
 * A probability or share as people read it, one decimal everywhere, so the figures of one
 * reading agree with each other: 0.997 is "99.7%", never rounded up to "100%" beside bars of
 * 0.1% and 0.2%. Only exactly 1 is "100%" and exactly 0 is "0%"; values that one decimal
 * would round to those read ">99.9%" and "<0.1%".
 */
export function formatPercent(value: number): string {
  if (!Number.isFinite(value)) return '–';
  if (value >= 1) return value === 1 ? '100%' : `${(value * 100).toFixed(1)}%`;
  if (value <= 0) return value === 0 ? '0%' : `${(value * 100).toFixed(1)}%`;
  if (value >= 0.9995) return '>99.9%';
  if (value < 0.0005) return '<0.1%';
  return `${(value * 100).toFixed(1)}%`;
}
