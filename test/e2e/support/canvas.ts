import type { Locator, Page } from 'playwright-core';

/** Drags a palette item onto the canvas at a point in the canvas (pixels from its top-left) and returns the new node's id. */
export async function dropLayer(page: Page, kind: string, at: { x: number; y: number }): Promise<string> {
  const before = await nodeIds(page);
  await page.getByTestId(`palette-item-${kind}`).dragTo(page.getByTestId('canvas'), { targetPosition: at });
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid^="node-"][data-kind]').length > n, before.length);
  const after = await nodeIds(page);
  const added = after.filter((id) => !before.includes(id));
  if (added.length !== 1) throw new Error(`Dropping ${kind} added ${added.length} nodes`);
  return added[0];
}

export async function nodeIds(page: Page): Promise<string[]> {
  return page.$$eval('[data-testid^="node-"][data-kind]', (els) => els.map((e) => e.getAttribute('data-testid')!.slice('node-'.length)));
}

async function centre(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('The handle is not on screen');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Drags from a node's bottom handle to another node's top handle, as a person connects them. */
export async function dragConnection(page: Page, source: string, target: string): Promise<void> {
  const from = await centre(page.getByTestId(`handle-out-${source}`));
  const to = await centre(page.getByTestId(`handle-in-${target}`));
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 5 });
  await page.mouse.move(to.x, to.y, { steps: 5 });
  await page.mouse.up();
}

/** The number of edges the canvas draws. */
export async function edgeCount(page: Page): Promise<number> {
  return page.locator('.react-flow__edge').count();
}

/** Clicks a node's head and waits until the inspector shows that node (not one drawn over it). */
export async function selectNode(page: Page, id: string): Promise<void> {
  // The view may still be moving (a focus or fit animation) when the click lands, so the
  // click can miss: click again until the inspector shows the node.
  const shown = page.locator(`[data-testid="field-label"][placeholder="${id}"]`);
  for (let attempt = 0; ; attempt++) {
    await page.getByTestId(`node-${id}`).locator('.layer-node__head').click();
    try {
      await shown.waitFor({ timeout: 3000 });
      return;
    } catch (error) {
      if (attempt >= 4) throw error;
    }
  }
}

/** Waits until the canvas stops moving (after a zoom-to-fit animation), for a steady screenshot. */
export async function settle(page: Page): Promise<void> {
  const transform = () => page.locator('.react-flow__viewport').evaluate((e) => (e as HTMLElement).style.transform);
  let last = await transform();
  for (let i = 0; i < 40; i++) {
    await page.waitForTimeout(100);
    const now = await transform();
    if (now === last) return;
    last = now;
  }
}

/** Drops a palette item onto the middle of an edge (as drawn now) and returns the new node's id. */
export async function dropOnEdge(page: Page, kind: string, edgeId: string): Promise<string> {
  const edge = await page.locator(`.react-flow__edge[data-id="${edgeId}"] .react-flow__edge-path`).boundingBox();
  const canvas = await page.getByTestId('canvas').boundingBox();
  if (!edge || !canvas) throw new Error(`The edge ${edgeId} is not on screen`);
  return dropLayer(page, kind, { x: edge.x + edge.width / 2 - canvas.x, y: edge.y + edge.height / 2 - canvas.y });
}

/** The edges the canvas draws as "source → target", sorted (from React Flow's "Edge from a to b" labels). */
export async function drawnEdges(page: Page): Promise<string[]> {
  const labels = await page.locator('.react-flow__edge').evaluateAll((edges) => edges.map((e) => e.getAttribute('aria-label') ?? ''));
  return labels
    .map((label) => {
      const pair = /^Edge from (\S+) to (\S+)$/.exec(label);
      if (!pair) throw new Error(`An edge is labelled '${label}', not 'Edge from a to b'`);
      return `${pair[1]} → ${pair[2]}`;
    })
    .sort();
}
