import { describe, expect, it } from 'vitest';
import { LAYER_KINDS } from '../../src/core/layers/catalogue';
import { appForSuite } from './support/suite';
import { dragConnection, dropLayer, edgeCount, selectNode, settle } from './support/canvas';

/** Scenario 2: a connection that cannot work is refused with its reason; edits undo and redo. */
describe('editing in the browser', () => {
  const app = appForSuite();

  it('refuses connections that cannot work, saying why, and undoes and redoes edits', async () => {
    const { page } = app();
    const input = await dropLayer(page, 'Input', { x: 420, y: 90 });
    const dense = await dropLayer(page, 'Dense', { x: 420, y: 260 });
    const conv = await dropLayer(page, 'Conv2D', { x: 420, y: 430 });
    const other = await dropLayer(page, 'Dense', { x: 720, y: 260 });
    expect([input, dense, conv, other]).toEqual(['input_1', 'dense_1', 'conv2d_1', 'dense_2']);
    // Each drop lands where the pointer was: the drop point lies inside the new node.
    const canvasBox = (await page.getByTestId('canvas').boundingBox())!;
    for (const [id, at] of [[input, { x: 420, y: 90 }], [dense, { x: 420, y: 260 }], [conv, { x: 420, y: 430 }], [other, { x: 720, y: 260 }]] as const) {
      const box = (await page.getByTestId(`node-${id}`).boundingBox())!;
      const px = canvasBox.x + at.x;
      const py = canvasBox.y + at.y;
      expect({ id, inside: px >= box.x && px <= box.x + box.width && py >= box.y && py <= box.y + box.height }).toEqual({ id, inside: true });
    }

    await dragConnection(page, input, dense);
    await expect.poll(() => edgeCount(page)).toBe(1);
    await expect.poll(() => page.getByTestId(`node-${dense}`).getByTestId('node-shape').textContent()).toBe('32');

    // A vector into a Conv2D: a rank mismatch, refused with the core's reason, shown at the
    // handle while the connection is dragged over it, and gone when the drag ends.
    const from = (await page.getByTestId(`handle-out-${dense}`).boundingBox())!;
    const to = (await page.getByTestId(`handle-in-${conv}`).boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 8 });
    await expect.poll(() => page.getByTestId('connection-reason').textContent()).toMatch(/needs an image .* receives a vector/);
    await page.mouse.up();
    expect(await page.getByTestId('connection-reason').count()).toBe(0);
    await page.getByTestId('toast-error').filter({ hasText: 'needs an image' }).waitFor();
    expect(await page.getByTestId('status-message').textContent()).toMatch(/needs an image .* receives a vector/);
    expect(await edgeCount(page)).toBe(1);

    // A second input into a single-input layer.
    await dragConnection(page, input, other);
    await expect.poll(() => edgeCount(page)).toBe(2);
    await dragConnection(page, other, dense);
    await page.getByTestId('toast-error').filter({ hasText: 'takes one input and already has one' }).waitFor();
    expect(await edgeCount(page)).toBe(2);

    // Edit a field in the inspector; the node's parameter count follows.
    await selectNode(page, dense);
    const units = page.getByTestId('field-units');
    await units.fill('64');
    await units.press('Enter');
    const params = page.getByTestId(`node-${dense}`).getByTestId('node-params');
    await expect.poll(() => params.textContent()).toBe('50,240 params');
    // The refusal said before the edit is about a document that is no longer current.
    expect(await page.getByTestId('status-message').textContent()).toBe('');

    // A value under the field's minimum is refused with its reason; spaces around a value are
    // not part of it. (Partial values typed key by key, "2.5" and "12abc", are refused in
    // test/e2e/editingFlow.test.ts.)
    await selectNode(page, dense);
    await units.fill('0');
    expect(await page.getByTestId('field-error-units').textContent()).toMatch(/'0' is below 1/);
    await units.fill(' 64 ');
    await units.press('Enter');
    expect(await page.getByTestId('field-error-units').count()).toBe(0);
    expect(await units.inputValue()).toBe('64');

    // Undo and redo with the keyboard (focus on the canvas, not a text field).
    await page.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } });
    await page.keyboard.press('Control+z');
    await expect.poll(() => params.textContent()).toBe('25,120 params');
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => params.textContent()).toBe('50,240 params');

    // Delete a node with the keyboard; undo brings it back with its edge.
    await selectNode(page, other);
    await page.keyboard.press('Delete');
    await expect.poll(() => page.getByTestId(`node-${other}`).count()).toBe(0);
    expect(await edgeCount(page)).toBe(1);
    await page.keyboard.press('Control+z');
    await page.getByTestId(`node-${other}`).waitFor();
    expect(await edgeCount(page)).toBe(2);
    await page.keyboard.press('Control+y');
    await expect.poll(() => page.getByTestId(`node-${other}`).count()).toBe(0);

    // Copy and paste: new ids, selected.
    await selectNode(page, dense);
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    await page.getByTestId('node-dense_2').waitFor();

    // The help overlay lists the shortcuts.
    await page.keyboard.press('?');
    await page.getByTestId('help-overlay').waitFor();
    expect(await page.getByTestId('help-overlay').textContent()).toContain('Ctrl+Shift+Z');
  });

  it("selects a problem's layer from the problems list and applies its fix", async () => {
    const { page } = app();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('help-overlay').count()).toBe(0);
    await page.getByTestId('new-menu').click();
    await page.getByTestId('template-mlp').click();
    await page.getByTestId('node-dense_3').waitFor();
    expect(await page.getByTestId('total-params').textContent()).toBe('269,322');
    // An image into the MLP: its first Dense works on the last axis and the output is not 10 classes.
    await selectNode(page, 'input');
    await page.getByTestId('field-shape-presets').selectOption('image');
    const problem = page.getByTestId('problem-item').filter({ hasText: 'insert Flatten before it' });
    await problem.waitFor();
    await page.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } });
    await problem.locator('.problem__message').click();
    expect(await page.getByTestId('field-label').getAttribute('placeholder')).toBe('dense_1');
    await problem.getByTestId('problem-fix').click();
    await expect.poll(() => page.getByTestId('total-params').textContent()).toBe('269,322');
    expect(await page.getByTestId('problems-ok').count()).toBe(1);
    expect(await page.getByTestId('node-flatten_1').getByTestId('node-shape').textContent()).toBe('784');
  });

  it('searches the palette and adds a layer with Enter or a double-click', async () => {
    const { page } = app();
    // "pool" finds the pooling kinds, and only those.
    const pooling = LAYER_KINDS.filter((s) => s.group === 'pooling').map((s) => `palette-item-${s.kind}`);
    await page.getByTestId('palette-search').fill('pool');
    await expect.poll(() => page.locator('[data-testid^="palette-item-"]').evaluateAll((items) => items.map((i) => i.getAttribute('data-testid')).sort())).toEqual([...pooling].sort());
    expect(await page.getByTestId('palette-item-MaxPooling2D').getAttribute('title')).toMatch(/\w+/);
    // "inp" lists Input only (not Dense and Dropout, whose descriptions mention inputs).
    await page.getByTestId('palette-search').fill('inp');
    await expect.poll(() => page.locator('[data-testid^="palette-item-"]').evaluateAll((items) => items.map((i) => i.getAttribute('data-testid')))).toEqual(['palette-item-Input']);
    await page.getByTestId('palette-search').fill('');
    // With a layer selected, each add goes below the selected one, connected, and is selected next.
    await selectNode(page, 'flatten_1');
    const before = await page.locator('[data-testid^="node-"][data-kind]').count();
    const edgesBefore = await edgeCount(page);
    await page.getByTestId('palette-item-Dense').dblclick();
    // Enter in the search box adds the first match.
    await page.getByTestId('palette-search').fill('flat');
    await page.getByTestId('palette-search').press('Enter');
    await expect.poll(() => page.locator('[data-testid^="node-"][data-kind]').count()).toBe(before + 2);
    await page.getByTestId('palette-search').fill('');
    await page.getByTestId('node-flatten_2').waitFor();
    expect(await edgeCount(page)).toBe(edgesBefore + 2);
    expect(await page.getByTestId('field-label').getAttribute('placeholder')).toBe('flatten_2');
    expect(await page.getByTestId('status-message').textContent()).toBe('Added flatten_2 below dense_4, connected');
  });

  it('moves a node by dragging it, as one undo step', async () => {
    const { page } = app();
    const node = page.getByTestId('node-flatten_2');
    await page.getByTestId('summary-toggle').click();
    await page.getByTestId('fit-view').click();
    await settle(page);
    const start = (await node.boundingBox())!;
    await page.mouse.move(start.x + 40, start.y + 12);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(start.x + 40 + i * 12, start.y + 12 + i * 6);
    await page.mouse.up();
    const moved = (await node.boundingBox())!;
    expect(Math.round(moved.x - start.x)).toBeGreaterThan(100);
    await page.keyboard.press('Control+z');
    await expect.poll(async () => Math.round((await node.boundingBox())!.x - start.x)).toBe(0);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(async () => Math.round((await node.boundingBox())!.x - moved.x)).toBe(0);
  });
});
