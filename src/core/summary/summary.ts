import type { GraphAnalysis } from '../graph/analyse';
import type { GraphDocument } from '../graph/document';
import { formatShape, type Shape } from '../shapes/shape';

export interface SummaryRow {
  readonly name: string;
  readonly type: string;
  readonly outputShape: Shape | null;
  readonly params: number;
  readonly trainable: number;
  readonly nonTrainable: number;
  readonly macs: number;
  readonly connectedTo: readonly string[];
}

export interface ModelSummary {
  readonly name: string;
  readonly rows: readonly SummaryRow[];
  readonly totalParams: number;
  readonly trainableParams: number;
  readonly nonTrainableParams: number;
  readonly macs: number;
  readonly outputShape: Shape | null;
}

/** The node of each summary row: the layers in the order they run, then those on a cycle. */
export function summaryOrder(doc: GraphDocument, analysis: GraphAnalysis): string[] {
  return [...analysis.topology.order, ...doc.nodes.map((n) => n.id).filter((id) => analysis.topology.cyclic.has(id))];
}

/** The rows of Keras's `model.summary()`, in the order the layers run. */
export function summarize(doc: GraphDocument, analysis: GraphAnalysis): ModelSummary {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const rows = summaryOrder(doc, analysis).map((id): SummaryRow => {
    const node = byId.get(id)!;
    const a = analysis.nodes.get(id)!;
    const trainable = a.params?.trainable ?? 0;
    const nonTrainable = a.params?.nonTrainable ?? 0;
    return {
      name: node.label ?? node.id,
      type: node.kind,
      outputShape: a.outputShape,
      params: trainable + nonTrainable,
      trainable,
      nonTrainable,
      macs: a.macs,
      connectedTo: (analysis.topology.incoming.get(id) ?? []).map((e) => byId.get(e.source)?.label ?? e.source),
    };
  });
  return {
    name: doc.name,
    rows,
    totalParams: analysis.totals.total,
    trainableParams: analysis.totals.trainable,
    nonTrainableParams: analysis.totals.nonTrainable,
    macs: analysis.totals.macs,
    outputShape: analysis.outputId ? (analysis.nodes.get(analysis.outputId)?.outputShape ?? null) : null,
  };
}

const COUNT_FORMAT = new Intl.NumberFormat('en-US');

/** `80,266`. One formatter for every call: `toLocaleString` builds one each time, which showed in profiles of big graphs. */
export const formatCount = (n: number): string => COUNT_FORMAT.format(n);

/** `1.2M`, `80.3K`: multiply-adds in a narrow column. */
export function formatCompact(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)}G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}K`;
  return String(n);
}

/**
 * Prints the summary as Keras does, one line at a time through `print`, so the same
 * table serves a terminal, a test and the UI. A "Connected to" column appears when the
 * graph branches.
 */
export function printSummary(summary: ModelSummary, print: (line: string) => void, width = 90): void {
  const branched = summary.rows.some((r) => r.connectedTo.length > 1) || summary.rows.filter((r) => r.type === 'Input').length > 1;
  const columns = branched ? [0.3, 0.52, 0.64, 0.76, 1] : [0.42, 0.7, 0.84, 1];
  const stops = columns.map((c) => Math.floor(c * width));
  const line = (cells: string[]): string => {
    let out = '';
    cells.forEach((cell, i) => {
      const room = stops[i] - out.length;
      out += cell.length >= room ? `${cell.slice(0, Math.max(0, room - 1))} ` : cell.padEnd(room);
    });
    return out.trimEnd();
  };
  const heads = ['Layer (type)', 'Output Shape', 'Param #', 'Mult-Adds', ...(branched ? ['Connected to'] : [])];
  print(`Model: "${summary.name}"`);
  print('_'.repeat(width));
  print(line(heads));
  print('='.repeat(width));
  summary.rows.forEach((row, i) => {
    const cells = [
      `${row.name} (${row.type})`,
      row.outputShape ? formatShape(row.outputShape) : '?',
      formatCount(row.params),
      formatCompact(row.macs),
      ...(branched ? [row.connectedTo.join(', ')] : []),
    ];
    print(line(cells));
    print(i === summary.rows.length - 1 ? '='.repeat(width) : '_'.repeat(width));
  });
  if (summary.rows.length === 0) print('='.repeat(width));
  print(`Total params: ${formatCount(summary.totalParams)}`);
  print(`Trainable params: ${formatCount(summary.trainableParams)}`);
  print(`Non-trainable params: ${formatCount(summary.nonTrainableParams)}`);
  print(`Multiply-adds per sample: ${formatCount(summary.macs)}`);
  print('_'.repeat(width));
}
