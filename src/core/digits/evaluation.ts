import type { TestMistake } from '../api/contract';

/** The misclassified test images in one cell of the confusion matrix, most confident first. */
export function mistakesInCell(mistakes: readonly TestMistake[], label: number, predicted: number): TestMistake[] {
  return mistakes.filter((m) => m.label === label && m.predicted === predicted).sort((a, b) => b.confidence - a.confidence);
}

/** The `count` mistakes the model was surest of. */
export function mostConfidentMistakes(mistakes: readonly TestMistake[], count: number): TestMistake[] {
  return [...mistakes].sort((a, b) => b.confidence - a.confidence).slice(0, count);
}

/** How strongly to shade a confusion-matrix cell: its share of its row (the true class), in [0, 1]. */
export function cellShare(confusion: readonly (readonly number[])[], label: number, predicted: number): number {
  const row = confusion[label] ?? [];
  const total = row.reduce((a, b) => a + b, 0);
  return total > 0 ? (row[predicted] ?? 0) / total : 0;
}

/** The off-diagonal pairs (true, predicted) the model confuses most often, largest count first. */
export function topConfusions(confusion: readonly (readonly number[])[], count: number): { label: number; predicted: number; count: number }[] {
  const pairs = confusion.flatMap((row, label) => row.map((n, predicted) => ({ label, predicted, count: n })));
  return pairs.filter((p) => p.label !== p.predicted && p.count > 0).sort((a, b) => b.count - a.count).slice(0, count);
}

/**
 * The heading over a confusion-matrix cell's images: how many test images the cell counts
 * and, when fewer are shown, how many: "80 test images of 4 read as 9, showing the 40 the
 * model was surest of". `shown` is null while the images load.
 */
export function cellHeading(cell: { readonly count: number; readonly shown: number | null; readonly label: string; readonly predicted: string; readonly right: boolean }): string {
  const { count, shown, label, predicted, right } = cell;
  const head = `${count.toLocaleString('en-US')} test image${count === 1 ? '' : 's'} of ${label} read as ${predicted}`;
  if (shown === null || shown >= count) return head;
  if (shown === 0) return `${head}, none shown`;
  return right ? `${head}, showing ${shown} example${shown === 1 ? '' : 's'}` : `${head}, showing the ${shown} the model was surest of`;
}

/** One page of a list: its items, which page it is (from 0) of how many, and the positions it spans (from 1, as shown). */
export interface ListPage<T> {
  readonly items: readonly T[];
  readonly page: number;
  readonly pages: number;
  /** The position of its first item, from 1; 0 when the list is empty. */
  readonly first: number;
  readonly last: number;
  readonly total: number;
}

/**
 * Page `page` (from 0) of `items` in pages of `size`; a page past either end is the nearest
 * one, so every item is on exactly one page and each is reachable.
 */
export function pageOf<T>(items: readonly T[], page: number, size: number): ListPage<T> {
  if (!Number.isInteger(size) || size < 1) throw new Error(`A page holds at least one item, got ${size}`);
  const pages = Math.max(1, Math.ceil(items.length / size));
  const at = Math.min(Math.max(0, Math.floor(page)), pages - 1);
  const slice = items.slice(at * size, (at + 1) * size);
  return { items: slice, page: at, pages, first: slice.length ? at * size + 1 : 0, last: at * size + slice.length, total: items.length };
}
