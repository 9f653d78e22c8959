/** Spacing of the automatic layout, in canvas pixels. */
export const LAYOUT_ROW = 130;
export const LAYOUT_COLUMN = 260;

/**
 * A layered layout, top to bottom: each node sits one row below the deepest of its
 * sources; nodes of one row are centred side by side in the order given. Nodes on a
 * cycle are placed after everything else.
 */
export function layeredLayout(
  ids: readonly string[],
  edges: readonly { source: string; target: string }[],
): Map<string, { x: number; y: number }> {
  const preds = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const e of edges) preds.get(e.target)?.push(e.source);
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  const depthOf = (id: string): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) return 0;
    visiting.add(id);
    const d = Math.max(-1, ...(preds.get(id) ?? []).filter((p) => preds.has(p)).map(depthOf)) + 1;
    visiting.delete(id);
    depth.set(id, d);
    return d;
  };
  const rows = new Map<number, string[]>();
  for (const id of ids) {
    const d = depthOf(id);
    rows.set(d, [...(rows.get(d) ?? []), id]);
  }
  const out = new Map<string, { x: number; y: number }>();
  for (const [d, row] of rows) {
    row.forEach((id, i) => out.set(id, { x: (i - (row.length - 1) / 2) * LAYOUT_COLUMN, y: d * LAYOUT_ROW }));
  }
  return out;
}
