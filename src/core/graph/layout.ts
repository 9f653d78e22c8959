import dagre from '@dagrejs/dagre';

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

/** The size the layout gives every layer's box (a layer node before it is measured). */
export const LAYOUT_NODE = { width: 200, height: 84 } as const;
/** The shape arranged graphs aim for: about the canvas's (and its minimap's) own. */
export const SCREEN_ASPECT = 1.5;
/** The rows a screen shows readably; a graph with more is wrapped into columns. */
export const WRAP_ROWS = 12;
/** The fewest rows a wrapped column has, so a wrapped graph still reads down its columns. */
const MIN_COLUMN_ROWS = 4;
/** The room between two wrapped columns (more than between neighbours in a row, so columns read apart). */
const WRAP_GAP = 2 * (LAYOUT_COLUMN - LAYOUT_NODE.width);
/** Above this many nodes the crossing-reducing layout takes seconds, so rows come from `layeredLayout`. */
const DAGRE_LIMIT = 2000;

export interface ArrangeOptions {
  /** The width over the height to aim for (the canvas's); SCREEN_ASPECT unless given. */
  readonly aspect?: number;
  /** The most rows before wrapping into columns; WRAP_ROWS unless given. */
  readonly maxRows?: number;
}

interface Placed {
  readonly id: string;
  readonly row: number;
  readonly x: number;
}

/** Rows and in-row places from dagre (fewer crossings, branches side by side), for a graph that branches. */
function dagreRows(ids: readonly string[], edges: readonly { source: string; target: string }[]): Placed[] {
  const g = new dagre.graphlib.Graph({ multigraph: false });
  g.setGraph({ rankdir: 'TB', nodesep: LAYOUT_COLUMN - LAYOUT_NODE.width, ranksep: LAYOUT_ROW - LAYOUT_NODE.height, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const id of ids) g.setNode(id, { width: LAYOUT_NODE.width, height: LAYOUT_NODE.height });
  for (const e of edges) g.setEdge(e.source, e.target);
  dagre.layout(g);
  const placed = ids.map((id) => {
    const n = g.node(id);
    return { id, x: n.x - LAYOUT_NODE.width / 2, y: n.y };
  });
  const top = Math.min(...placed.map((p) => p.y));
  return placed.map((p) => ({ id: p.id, x: p.x, row: Math.round((p.y - top) / LAYOUT_ROW) }));
}

/** Rows from `layeredLayout` (a node one row below its deepest source), for chains and very large graphs. */
function simpleRows(ids: readonly string[], edges: readonly { source: string; target: string }[]): Placed[] {
  const at = layeredLayout(ids, edges);
  return ids.map((id) => ({ id, x: at.get(id)!.x, row: Math.round(at.get(id)!.y / LAYOUT_ROW) }));
}

/** A band of consecutive rows, `first` to before `end`, that becomes one column, and its extent across. */
interface Band {
  readonly first: number;
  readonly end: number;
  left: number;
  right: number;
}

/**
 * Where a graph may be cut between columns: the boundaries between rows crossed by edges from
 * the fewest layers (one, below a layer that feeds all that follows: between a chain's layers,
 * after a residual block's Add), so no branch is split over two columns.
 */
function cutsOf(placed: readonly Placed[], edges: readonly { source: string; target: string }[], rows: number): boolean[] {
  const rowOf = new Map(placed.map((p) => [p.id, p.row]));
  // A layer's edges cross the boundaries from just below its row to its farthest target's row.
  const reach = new Map<string, { from: number; to: number }>();
  for (const e of edges) {
    const [a, b] = [rowOf.get(e.source)!, rowOf.get(e.target)!];
    const [top, bottom, owner] = a <= b ? [a, b, e.source] : [b, a, e.target];
    const span = reach.get(owner);
    reach.set(owner, { from: Math.min(span?.from ?? top, top), to: Math.max(span?.to ?? bottom, bottom) });
  }
  const delta = new Array<number>(rows + 2).fill(0);
  for (const { from, to } of reach.values()) {
    delta[from + 1]++;
    delta[to + 1]--;
  }
  const feeders: number[] = [];
  for (let b = 0, running = 0; b <= rows; b++) feeders.push((running += delta[b]));
  const fewest = Math.min(...feeders.slice(1, rows));
  return feeders.map((c, b) => b > 0 && b < rows && c === fewest);
}

/** The columns of about `rowsPerColumn` rows each, cut only where `cuts` allows, with how far each reaches across. */
function bands(placed: readonly Placed[], rows: number, rowsPerColumn: number, cuts: readonly boolean[]): { bands: Band[]; bandOf: number[] } {
  const out: Band[] = [];
  for (let first = 0; first < rows; ) {
    let end = Math.min(rows, first + rowsPerColumn);
    if (end < rows && !cuts[end]) {
      // The latest allowed cut within the column's rows, else the first one after them.
      let b = end;
      while (b > first + 1 && !cuts[b]) b--;
      if (!cuts[b]) for (b = end; b < rows && !cuts[b]; ) b++;
      end = b;
    }
    out.push({ first, end, left: Infinity, right: -Infinity });
    first = end;
  }
  const bandOf: number[] = [];
  out.forEach((band, i) => {
    for (let r = band.first; r < band.end; r++) bandOf[r] = i;
  });
  for (const p of placed) {
    const band = out[bandOf[p.row]];
    band.left = Math.min(band.left, p.x);
    band.right = Math.max(band.right, p.x + LAYOUT_NODE.width);
  }
  return { bands: out.filter((b) => b.left !== Infinity), bandOf };
}

function aspectOf(columns: readonly Band[]): number {
  const width = columns.reduce((sum, b) => sum + b.right - b.left, 0) + WRAP_GAP * (columns.length - 1);
  const height = (Math.max(...columns.map((b) => b.end - b.first)) - 1) * LAYOUT_ROW + LAYOUT_NODE.height;
  return width / height;
}

/**
 * The one layout NetCanvas arranges graphs with (imports, old files, starters, the Arrange
 * layout command): top to bottom in rows, a node below its sources; a graph that branches
 * gets dagre's rows and order, so parallel branches stand side by side with few crossings.
 * A graph of more rows than a screen shows readably (`maxRows`) is wrapped into columns,
 * left to right, each reading down, as many rows to a column as bring the whole graph's
 * width over height closest to `aspect`; every edge then points forward in reading order
 * (a later column, or further down the same one). Positions are top-left corners in canvas
 * pixels, the graph's top-left at (0, 0), whole numbers.
 */
export function arrangeLayout(
  ids: readonly string[],
  edges: readonly { source: string; target: string }[],
  options: ArrangeOptions = {},
): Map<string, { x: number; y: number }> {
  const aspect = options.aspect ?? SCREEN_ASPECT;
  const maxRows = options.maxRows ?? WRAP_ROWS;
  if (!(aspect > 0) || !Number.isFinite(aspect)) throw new Error(`The layout's aspect must be a positive number, not ${aspect}`);
  if (!Number.isInteger(maxRows) || maxRows < 1) throw new Error(`The layout's rows before wrapping must be a whole number of at least 1, not ${maxRows}`);
  const known = new Set(ids);
  const inner = edges.filter((e) => e.source !== e.target && known.has(e.source) && known.has(e.target));
  const ins = new Map<string, number>();
  const outs = new Map<string, number>();
  for (const e of inner) {
    ins.set(e.target, (ins.get(e.target) ?? 0) + 1);
    outs.set(e.source, (outs.get(e.source) ?? 0) + 1);
  }
  const branches = [...ins.values(), ...outs.values()].some((n) => n > 1);
  const placed = branches && ids.length <= DAGRE_LIMIT ? dagreRows(ids, inner) : simpleRows(ids, inner);
  const out = new Map<string, { x: number; y: number }>();
  if (placed.length === 0) return out;
  const rows = Math.max(...placed.map((p) => p.row)) + 1;
  const cuts = cutsOf(placed, inner, rows);
  let layout = bands(placed, rows, rows, cuts);
  if (rows > maxRows) {
    // Column heights from the fewest rows up, in steps of 5 % (a few hundred tries for any
    // graph); the one closest to the aimed-for shape wins.
    let best = Infinity;
    for (let k = Math.min(MIN_COLUMN_ROWS, rows); k <= rows; k = Math.max(k + 1, Math.round(k * 1.05))) {
      const tried = bands(placed, rows, k, cuts);
      const miss = Math.abs(Math.log(aspectOf(tried.bands) / aspect));
      if (miss < best - 1e-9) {
        best = miss;
        layout = tried;
      }
    }
  }
  const shift = new Map<Band, number>();
  let x = 0;
  for (const b of layout.bands) {
    shift.set(b, x - b.left);
    x += b.right - b.left + WRAP_GAP;
  }
  for (const p of placed) {
    const band = layout.bands.find((b) => p.row >= b.first && p.row < b.end)!;
    out.set(p.id, { x: Math.round(p.x + shift.get(band)!), y: (p.row - band.first) * LAYOUT_ROW });
  }
  return out;
}

/**
 * Whether a graph's positions read as one long line: more layers than a screen shows in a
 * column (`WRAP_ROWS`), in a box at least four times thinner (or wider) than `aspect`.
 * Fitted to the screen such a graph is a sliver, its minimap a line; opening one offers
 * Arrange layout.
 */
export function isLongLine(positions: readonly { readonly x: number; readonly y: number }[], aspect = SCREEN_ASPECT): boolean {
  if (positions.length <= WRAP_ROWS) return false;
  const xs = positions.map((p) => p.x);
  const ys = positions.map((p) => p.y);
  const width = Math.max(...xs) - Math.min(...xs) + LAYOUT_NODE.width;
  const height = Math.max(...ys) - Math.min(...ys) + LAYOUT_NODE.height;
  const shape = width / height / aspect;
  return shape < 1 / 4 || shape > 4;
}
