import { describe, expect, it } from 'vitest';
import { appForSuite } from './support/suite';
import { edgeCount, selectNode, settle } from './support/canvas';

/**
 * Groups in Chromium: the CNN template's convolution run grouped with Ctrl+G into one node
 * with the summed count, collapsed and expanded with Ctrl+E, renamed with F2, saved to My
 * blocks and added again from the palette, and every step undone.
 */
const RUN = ['conv2d_1', 'max_pooling2d_1', 'conv2d_2', 'max_pooling2d_2', 'conv2d_3'];
/** 640 + 36,928 + 36,928: the three convolutions (pooling has no weights); Keras's summary of the book's CNN. */
const RUN_PARAMS = '74,496 params';

describe('groups in the browser', () => {
  const app = appForSuite();

  it('groups a run into one node with its summed count, collapses, expands, renames, saves it as a block, adds it again, and undoes', async () => {
    const { page } = app();
    await page.getByTestId('new-menu').click();
    await page.getByTestId('template-cnn').click();
    await page.getByTestId('node-conv2d_1').waitFor();
    await settle(page);
    expect(await edgeCount(page)).toBe(9);

    // Ctrl+G with nothing selected is refused, saying what to do.
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('Control+g');
    await expect.poll(() => page.getByTestId('status-message').textContent()).toBe('Cannot group: Select the layers to group first');

    // Two layers with a gap between them are refused.
    await selectNode(page, 'conv2d_1');
    await page.getByTestId('node-conv2d_2').locator('.layer-node__head').click({ modifiers: ['Control'] });
    await page.keyboard.press('Control+g');
    await expect.poll(() => page.getByTestId('status-message').textContent()).toMatch(/not connected as one run: conv2d_2/);
    expect(await page.locator('[data-testid^="group-node-"]').count()).toBe(0);

    // The whole run of convolutions and poolings: one node.
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await selectNode(page, 'conv2d_1');
    for (const id of RUN.slice(1)) await page.getByTestId(`node-${id}`).locator('.layer-node__head').click({ modifiers: ['Control'] });
    await page.keyboard.press('Control+g');
    const block = page.getByTestId('group-node-group_1');
    await block.waitFor();
    expect(await block.getByTestId('group-params').textContent()).toBe(RUN_PARAMS);
    expect(await block.getByTestId('group-members').textContent()).toBe('5 layers');
    expect(await block.getByTestId('group-shapes').textContent()).toBe('28×28×1 → 3×3×64');
    expect(await block.getByTestId('group-name').textContent()).toBe('Block 1');
    for (const id of RUN) expect(await page.getByTestId(`node-${id}`).count()).toBe(0);
    // Its four inner edges are hidden; the edge in and the edge out are drawn to it.
    expect(await edgeCount(page)).toBe(5);
    expect(await page.getByTestId('total-params').textContent()).toBe('80,266');

    // Dragging the block moves its layers with it, as one undo step.
    const before = (await block.boundingBox())!;
    const inputBox = (await page.getByTestId('node-input').boundingBox())!;
    await page.mouse.move(before.x + 30, before.y + 30);
    await page.mouse.down();
    await page.mouse.move(before.x + 80, before.y + 30, { steps: 5 });
    await page.mouse.move(before.x + 130, before.y + 30, { steps: 5 });
    await page.mouse.up();
    const moved = Math.round((await block.boundingBox())!.x - before.x);
    expect(moved).toBeGreaterThan(50);

    // Ctrl+E expands it in place: the layers inside a labelled frame, every edge drawn.
    await page.keyboard.press('Control+e');
    const frame = page.getByTestId('group-frame-group_1');
    await frame.waitFor();
    expect(await block.count()).toBe(0);
    expect(await frame.getByTestId('group-params').textContent()).toBe(`5 layers · ${RUN_PARAMS}`);
    for (const id of RUN) await page.getByTestId(`node-${id}`).waitFor();
    expect(await edgeCount(page)).toBe(9);
    // The layers moved with the block, as far right of the column they shared with the Input.
    for (const id of RUN) {
      const dx = (await page.getByTestId(`node-${id}`).boundingBox())!.x - inputBox.x;
      expect({ id, off: Math.abs(dx - moved) <= 1 }).toEqual({ id, off: true });
    }
    const frameBox = (await frame.boundingBox())!;
    for (const id of RUN) {
      const box = (await page.getByTestId(`node-${id}`).boundingBox())!;
      expect({ id, inside: box.x >= frameBox.x && box.y >= frameBox.y && box.x + box.width <= frameBox.x + frameBox.width + 1 && box.y + box.height <= frameBox.y + frameBox.height + 1 }).toEqual({ id, inside: true });
    }
    await page.keyboard.press('Control+e');
    await block.waitFor();
    expect(await frame.count()).toBe(0);

    // F2 renames it in place.
    await page.keyboard.press('F2');
    const rename = block.getByTestId('group-rename');
    await rename.waitFor();
    await page.keyboard.type('Conv stack');
    await page.keyboard.press('Enter');
    await expect.poll(() => block.getByTestId('group-name').textContent()).toBe('Conv stack');

    // Saved to My blocks; added again below the Input, connected, as a group of its own.
    await block.getByTestId('group-save').click();
    await expect.poll(() => page.getByTestId('status-message').textContent()).toBe('Saved “Conv stack” in My blocks (5 layers)');
    const saved = page.getByTestId('my-block-Conv stack');
    await saved.waitFor();
    await selectNode(page, 'input');
    await saved.dblclick();
    const copy = page.getByTestId('group-node-group_2');
    await copy.waitFor();
    expect(await copy.getByTestId('group-name').textContent()).toBe('Conv stack');
    expect(await copy.getByTestId('group-params').textContent()).toBe(RUN_PARAMS);
    expect(await page.getByTestId('status-message').textContent()).toBe('Added “Conv stack” (5 layers) below input, connected');
    await expect.poll(() => page.getByTestId('total-params').textContent()).toBe('154,762');
    // The edge from the Input to the copy's first layer is drawn to the copy's node.
    expect(await edgeCount(page)).toBe(6);

    // With the copy selected, a layer from the palette goes below it, fed by its last layer.
    await page.getByTestId('palette-item-Flatten').dblclick();
    await expect.poll(() => page.getByTestId('status-message').textContent()).toBe('Added flatten_1 below conv2d_6, connected');
    expect(await page.getByTestId('node-flatten_1').getByTestId('node-shape').textContent()).toBe('576');
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByTestId('node-flatten_1').count()).toBe(0);

    // Undo, step by step: the add, the rename, the collapse, the expand, the move, the group.
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('Control+z');
    await expect.poll(() => copy.count()).toBe(0);
    expect(await page.getByTestId('total-params').textContent()).toBe('80,266');
    await page.keyboard.press('Control+z');
    await expect.poll(() => block.getByTestId('group-name').textContent()).toBe('Block 1');
    await page.keyboard.press('Control+z');
    await frame.waitFor();
    await page.keyboard.press('Control+z');
    await block.waitFor();
    await page.keyboard.press('Control+z');
    await expect.poll(async () => Math.round((await block.boundingBox())!.x - before.x)).toBe(0);
    await page.keyboard.press('Control+z');
    await expect.poll(() => block.count()).toBe(0);
    for (const id of RUN) await page.getByTestId(`node-${id}`).waitFor();
    expect(await edgeCount(page)).toBe(9);

    // The block outlives the page: after a reload it is listed again, read back and checked.
    await page.reload();
    await page.getByTestId('canvas').waitFor();
    await page.getByTestId('my-block-Conv stack').waitFor();
  });
});
