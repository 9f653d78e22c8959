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
  // Depth-first over sources with a stack of its own (a chain of any length is safe); a
  // source still being visited lies on a cycle and counts as row 0.
  const depthOf = (start: string): number => {
    const stack: { id: string; next: number }[] = [];
    const enter = (id: string) => {
      visiting.add(id);
      stack.push({ id, next: 0 });
    };
    if (!depth.has(start)) enter(start);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const sources = preds.get(top.id) ?? [];
      if (top.next < sources.length) {
        const p = sources[top.next++];
        if (preds.has(p) && !depth.has(p) && !visiting.has(p)) enter(p);
        continue;
      }
      let d = 0;
      for (const p of sources) if (preds.has(p)) d = Math.max(d, (depth.get(p) ?? 0) + 1);
      visiting.delete(top.id);
      depth.set(top.id, d);
      stack.pop();
    }
    return depth.get(start)!;
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
