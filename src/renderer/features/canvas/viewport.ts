import { SCREEN_ASPECT } from '../../../core/graph/layout';

/**
 * The canvas's view actions for code outside it (commands, the problems list, the
 * palette). The canvas fills these in when it mounts; before that they do nothing.
 */
export interface Viewport {
  /** Fits the whole graph in view; `animate: false` jumps there (a graph just opened). */
  fit(options?: { animate?: boolean }): void;
  /** Centres the view on a node. */
  focus(nodeId: string): void;
  /** Where a new node goes when it is not dropped at a point: the middle of the view. */
  center(): { x: number; y: number };
  /** The canvas's width over its height, the shape Arrange layout aims for (SCREEN_ASPECT before it mounts). */
  aspect(): number;
}

export const viewport: Viewport = {
  fit: () => undefined,
  focus: () => undefined,
  center: () => ({ x: 0, y: 0 }),
  aspect: () => SCREEN_ASPECT,
};

/**
 * Fits the view once the page has laid out a change that resizes the canvas or its nodes
 * (a new document, the summary drawer growing with it): the canvas learns its new size and
 * its nodes' sizes from resize observers, which report after the next frame's callbacks.
 */
export function fitAfterLayout(): void {
  requestAnimationFrame(() => requestAnimationFrame(() => viewport.fit({ animate: false })));
}

export function attachViewport(actions: Viewport): () => void {
  Object.assign(viewport, actions);
  return () => {
    viewport.fit = () => undefined;
    viewport.focus = () => undefined;
    viewport.center = () => ({ x: 0, y: 0 });
    viewport.aspect = () => SCREEN_ASPECT;
  };
}

/** A rectangle on the canvas, in canvas pixels. */
export interface Bounds {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The box around nodes at `positions`, each `size` large; null for none. */
export function graphBounds(positions: readonly { readonly x: number; readonly y: number }[], size: { width: number; height: number }): Bounds | null {
  if (positions.length === 0) return null;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const p of positions) {
    minX = Math.min(minX, p.x);
    minY = Math.min(minY, p.y);
    maxX = Math.max(maxX, p.x + size.width);
    maxY = Math.max(maxY, p.y + size.height);
  }
  return { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}

/** The zoom out the canvas allows ordinarily; a graph too large to fit at it lowers it (`minZoomFor`). */
export const MIN_ZOOM = 0.2;

/**
 * The least zoom the canvas allows: `MIN_ZOOM`, or less where the whole graph fits the pane
 * (with `padding`, React Flow's fit padding) only below it, so a large graph opens fitted.
 * Rounded down to a step so a drag does not change it at every move.
 */
export function minZoomFor(bounds: Bounds | null, pane: { width: number; height: number }, padding: number): number {
  if (!bounds || pane.width <= 0 || pane.height <= 0 || bounds.width <= 0 || bounds.height <= 0) return MIN_ZOOM;
  const fits = Math.min(pane.width / (bounds.width * (1 + padding)), pane.height / (bounds.height * (1 + padding)));
  if (fits >= MIN_ZOOM) return MIN_ZOOM;
  return Math.max(0.001, Math.floor(fits * 1000) / 1000);
}

/** The minimap's size in screen pixels: about the canvas's own shape, so the view fitted to a graph fills it. */
export const MINIMAP_SIZE = { width: 150, height: 100 } as const;

/**
 * The stroke that draws each node in the minimap at least `minimumPx` screen pixels thick
 * however far the map shrinks the graph: the stroke is in canvas pixels, so it grows with
 * the map's scale (in steps of a power of two, so moving a node rarely changes it). A
 * 500-layer chain is then a coloured bar rather than a line a fraction of a pixel wide.
 */
export function minimapStroke(bounds: Bounds | null, minimumPx = 2): number {
  if (!bounds || bounds.width <= 0 || bounds.height <= 0) return 3;
  const scale = Math.max(bounds.width / MINIMAP_SIZE.width, bounds.height / MINIMAP_SIZE.height);
  return Math.max(3, 2 ** Math.ceil(Math.log2(minimumPx * scale)));
}
