/**
 * The canvas's view actions for code outside it (commands, the problems list, the
 * palette). The canvas fills these in when it mounts; before that they do nothing.
 */
export interface Viewport {
  fit(): void;
  /** Centres the view on a node. */
  focus(nodeId: string): void;
  /** Where a new node goes when it is not dropped at a point: the middle of the view. */
  center(): { x: number; y: number };
}

export const viewport: Viewport = {
  fit: () => undefined,
  focus: () => undefined,
  center: () => ({ x: 0, y: 0 }),
};

/**
 * Fits the view once the page has laid out a change that resizes the canvas or its nodes
 * (a new document, the summary drawer growing with it): the canvas learns its new size and
 * its nodes' sizes from resize observers, which report after the next frame's callbacks.
 */
export function fitAfterLayout(): void {
  requestAnimationFrame(() => requestAnimationFrame(() => viewport.fit()));
}

export function attachViewport(actions: Viewport): () => void {
  Object.assign(viewport, actions);
  return () => {
    viewport.fit = () => undefined;
    viewport.focus = () => undefined;
    viewport.center = () => ({ x: 0, y: 0 });
  };
}
