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
