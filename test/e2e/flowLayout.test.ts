import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { emptyDocument } from '../../src/core/graph/document';
import { layeredLayout } from '../../src/core/graph/layout';
import { serializeDocument } from '../../src/core/graph/load';
import { selectNode, settle } from './support/canvas';
import { appForSuite } from './support/suite';

/**
 * Editing that flows (issue 15) in Chromium: a long chain opened as one column is offered
 * Arrange layout, and Ctrl+Shift+A wraps it into columns (its nodes and its minimap a
 * rectangle, not a line), one undo step; a collapsed group leaves no gap below it, and the
 * inspector's group panel renames it, shows its members, count and shapes, and runs its
 * commands.
 */

interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The box on screen around every element `selector` matches. */
async function unionBox(page: Page, selector: string): Promise<Box & { count: number }> {
  return page.$$eval(selector, (els) => {
    const rects = els.map((e) => e.getBoundingClientRect());
    const left = Math.min(...rects.map((r) => r.left));
    const top = Math.min(...rects.map((r) => r.top));
    return { x: left, y: top, width: Math.max(...rects.map((r) => r.right)) - left, height: Math.max(...rects.map((r) => r.bottom)) - top, count: rects.length };
  });
}

const CHAIN = 200;

/** An Input and `count - 1` Dense layers in one column (core's layeredLayout), as bench:ui opens them. */
function denseChain(count: number): string {
  const ids = ['input_1', ...Array.from({ length: count - 1 }, (_, i) => `dense_${i + 1}`)];
  const edges = ids.slice(1).map((id, i) => ({ id: `e${i}`, source: ids[i], sourcePort: 'out' as const, target: id, targetPort: 'in' as const }));
  const at = layeredLayout(ids, edges);
  const nodes = ids.map((id, i) => ({ id, kind: i === 0 ? 'Input' : 'Dense', config: i === 0 ? { shape: [784] } : { units: 32, activation: 'relu' }, position: at.get(id)! }));
  return serializeDocument({ ...emptyDocument(`Dense chain of ${count}`), nodes, edges });
}
const RUN = ['conv2d_1', 'max_pooling2d_1', 'conv2d_2', 'max_pooling2d_2', 'conv2d_3'];

describe('editing that flows, in the browser', () => {
  const app = appForSuite();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'netcanvas-flow-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`a ${CHAIN}-layer chain opened as one column is offered Arrange layout; Ctrl+Shift+A wraps it to the canvas's shape, one undo step`, async () => {
    const { page } = app();
    const file = path.join(dir, `chain-${CHAIN}.netcanvas.json`);
    writeFileSync(file, denseChain(CHAIN));
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('open-project').click();
    await (await chooser).setFiles(file);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid^="node-"][data-kind]').length === n, CHAIN, { timeout: 60_000 });
    await settle(page);
    await expect.poll(() => page.getByTestId('toast-info').textContent()).toMatch(new RegExp(`${CHAIN} layers in one long line.*Arrange layout \\(Ctrl\\+Shift\\+A or L\\)`));

    const canvas = (await page.getByTestId('canvas').boundingBox())!;
    const column = await unionBox(page, '[data-testid^="node-"][data-kind]');
    const columnMap = await unionBox(page, '.react-flow__minimap-node');
    // Opened as it was saved: one thin column, and so is its minimap.
    expect(column.height / column.width).toBeGreaterThan(20);
    expect(columnMap.height / columnMap.width).toBeGreaterThan(20);

    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('Control+Shift+A');
    await settle(page);
    const wrapped = await unionBox(page, '[data-testid^="node-"][data-kind]');
    const wrappedMap = await unionBox(page, '.react-flow__minimap-node');
    const aspect = canvas.width / canvas.height;
    const shape = wrapped.width / wrapped.height;
    // Every layer drawn, fitted, in a box about the canvas's shape (within a factor of 1.6), and the minimap too.
    expect(wrapped.count).toBe(CHAIN);
    expect(Math.abs(Math.log(shape / aspect))).toBeLessThan(Math.log(1.6));
    expect(wrappedMap.width / wrappedMap.height).toBeGreaterThan(0.5);
    expect(wrappedMap.width / wrappedMap.height).toBeLessThan(3);
    expect(wrapped.x).toBeGreaterThanOrEqual(canvas.x - 1);
    expect(wrapped.y).toBeGreaterThanOrEqual(canvas.y - 1);
    expect(wrapped.x + wrapped.width).toBeLessThanOrEqual(canvas.x + canvas.width + 1);
    expect(wrapped.y + wrapped.height).toBeLessThanOrEqual(canvas.y + canvas.height + 1);
    // The layers read down each column, then on to the next: dense_1 below the Input, the last layer right of both.
    const at = async (id: string) => (await page.getByTestId(`node-${id}`).boundingBox())!;
    const [input, first, last] = [await at('input_1'), await at('dense_1'), await at(`dense_${CHAIN - 1}`)];
    expect(first.y).toBeGreaterThan(input.y);
    expect(Math.abs(first.x - input.x)).toBeLessThan(1);
    expect(last.x).toBeGreaterThan(input.x + input.width);
    console.log(JSON.stringify({ event: 'arrange', layers: CHAIN, canvasAspect: Math.round(aspect * 100) / 100, arrangedAspect: Math.round(shape * 100) / 100, minimapAspect: Math.round((wrappedMap.width / wrappedMap.height) * 100) / 100, columnAspect: Math.round((column.width / column.height) * 1000) / 1000 }));

    // One undo step puts the column back.
    await page.keyboard.press('Control+z');
    await page.keyboard.press('f');
    await settle(page);
    await expect.poll(async () => (await at(`dense_${CHAIN - 1}`)).x - (await at('input_1')).x).toBeLessThan(1);
  });

  it('a collapsed group leaves no gap; the inspector shows it and runs its commands', async () => {
    const { page } = app();
    await page.getByTestId('new-menu').click();
    page.once('dialog', (d) => void d.accept());
    await page.getByTestId('template-cnn').click();
    await page.getByTestId('node-conv2d_1').waitFor();
    await settle(page);
    const at = async (id: string) => (await page.getByTestId(id).boundingBox())!;
    // Where Flatten stands below the Input, in rows (the Input to the layer or block below it), whatever the zoom.
    const flattenRows = async (): Promise<number> => {
      const input = (await at('node-input')).y;
      const next = (await page.getByTestId('group-node-group_1').count()) > 0 ? 'group-node-group_1' : 'node-conv2d_1';
      return Math.round(((await at('node-flatten')).y - input) / ((await at(next)).y - input));
    };
    expect(await flattenRows()).toBe(6);

    await selectNode(page, 'conv2d_1');
    for (const id of RUN.slice(1)) await page.getByTestId(`node-${id}`).locator('.layer-node__head').click({ modifiers: ['Control'] });
    await page.keyboard.press('Control+g');
    const block = page.getByTestId('group-node-group_1');
    await block.waitFor();
    // The layers after the group come up under it: Flatten one row below the block (two below the Input), not five.
    await expect.poll(flattenRows).toBe(2);
    const blockBox = await at('group-node-group_1');
    expect((await at('node-flatten')).y).toBeGreaterThan(blockBox.y + blockBox.height);

    // The block is selected (its layers are): the inspector shows the group.
    const panel = page.getByTestId('group-panel');
    await panel.waitFor();
    expect(await panel.getByTestId('group-panel-name').inputValue()).toBe('Block 1');
    expect(await panel.getByTestId('group-panel-params').textContent()).toBe('74,496');
    expect(await panel.getByTestId('group-panel-in').textContent()).toBe('(None, 28, 28, 1)');
    expect(await panel.getByTestId('group-panel-out').textContent()).toBe('(None, 3, 3, 64)');
    expect(await panel.locator('[data-testid^="group-member-"]').count()).toBe(RUN.length);
    // Its buttons are the registry's commands, with their keys.
    expect(await panel.getByTestId('group-panel-toggle').textContent()).toBe('Collapse/expand groupCtrl+E');
    expect(await panel.getByTestId('group-panel-ungroup').textContent()).toBe('UngroupCtrl+Shift+G');

    // Renamed in the panel as F2 renames it: the block shows the new name.
    await panel.getByTestId('group-panel-name').fill('Features');
    await panel.getByTestId('group-panel-name').press('Enter');
    await expect.poll(() => block.getByTestId('group-name').textContent()).toBe('Features');
    await panel.getByTestId('group-panel-save').click();
    await expect.poll(() => page.getByTestId('status-message').textContent()).toBe('Saved “Features” in My blocks (5 layers)');

    // A member clicked: the group expands in place (Flatten back where it was) and that layer is selected.
    await panel.getByTestId('group-member-conv2d_2').click();
    await page.getByTestId('group-frame-group_1').waitFor();
    await page.locator('[data-testid="field-label"][placeholder="conv2d_2"]').waitFor();
    await settle(page);
    expect(await flattenRows()).toBe(6);

    // Ctrl+E on the layer of the group collapses it again (the gap closes); the panel's button expands it.
    await page.keyboard.press('Control+e');
    await block.waitFor();
    await expect.poll(flattenRows).toBe(2);
    await block.locator('.group-node__caption').click();
    await panel.waitFor();
    await panel.getByTestId('group-panel-toggle').click();
    await page.getByTestId('group-frame-group_1').waitFor();
    expect(await flattenRows()).toBe(6);
    await panel.getByTestId('group-panel-ungroup').click();
    await expect.poll(() => page.locator('[data-testid^="group-frame-"], [data-testid^="group-node-"]').count()).toBe(0);
    expect(await flattenRows()).toBe(6);
    expect(await page.getByTestId('total-params').textContent()).toBe('80,266');
  });
});
