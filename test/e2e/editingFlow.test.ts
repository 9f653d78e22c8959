import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { preprocessDigit } from '../../src/core/digits/preprocess';
import { loadModelFiles } from '../../src/engine/runs/modelFiles';
import { RunStore } from '../../src/engine/runs/runStore';
import { expectMostConfusedCellShown } from '../digits/support/cellPages';
import { dragConnection, drawnEdges, dropOnEdge, edgeCount, nodeIds, selectNode, settle } from './support/canvas';
import { drawOnPad, SEVEN } from './support/pad';
import { expectReferenceCnn, REFERENCE_CNN_TYPED, typeLayers } from './support/referenceCnn';
import { appForSuite } from './support/suite';
import { trainToCompletion } from './support/training';

/**
 * Issue 15, as one user session on one page: the reference CNN built from an empty canvas in
 * at most 20 counted UI actions, then edited (a layer spliced onto an edge, a layer deleted
 * from the chain and its neighbours rejoined, a connection made from the keyboard, whole
 * values refused or taken), the status line showing only what is current, saved as "Book
 * CNN" and reopened after a reload, trained briefly, its conv2d_1 feature maps drawn whole,
 * and a confusion-matrix cell's count matched by the images reachable through its pages.
 * Each `it` is one step of the session and says what it asserts; each starts where the
 * previous one left the page.
 */

/** The layers as the keyboard build names them, in order (the reference CNN). */
const IDS = ['input_1', 'conv2d_1', 'max_pooling2d_1', 'conv2d_2', 'max_pooling2d_2', 'conv2d_3', 'flatten_1', 'dropout_1', 'dense_1'];

/** The reference chain's edges, sorted as `drawnEdges` gives them. */
const CHAIN = IDS.slice(1).map((id, i) => `${IDS[i]} → ${id}`).sort();

/** Values typed key by key into Dense's Units (a whole-number field, 10 before each): each taken whole or refused, never cut to the part that parses. */
const TYPED_UNITS = [
  { typed: '2.5', refuses: /'2\.5' is not a whole number/, asserts: 'a fraction is refused, not kept as the 2 typed on the way' },
  { typed: '12abc', refuses: /'12abc' is not a whole number/, asserts: 'trailing letters refuse the value, not drop the letters (not 12)' },
];

describe('one session: build, edit, save, reopen, train and look inside the reference CNN', () => {
  const app = appForSuite();

  it('builds the reference CNN from an empty canvas in at most 20 counted actions and reads 80,266 parameters', async () => {
    const { page } = app();
    expect(await nodeIds(page), 'the canvas starts empty').toEqual([]);
    const { ids, actions } = await typeLayers(page, REFERENCE_CNN_TYPED);
    expect(ids).toEqual(IDS);
    expect(actions).toBeLessThanOrEqual(20);
    await expectReferenceCnn(page, ids);
    console.log(`the reference CNN in ${actions} counted actions`);
  });

  it('splices a layer dropped onto an edge into it: source → new → target, the old edge gone', async () => {
    const { page } = app();
    // The build left its last query in the search box: clear it to show the whole palette.
    await page.getByTestId('palette-search').fill('');
    await page.getByTestId('fit-view').click();
    await settle(page);
    const dropout = await dropOnEdge(page, 'Dropout', 'e_max_pooling2d_2_conv2d_3');
    expect(dropout).toBe('dropout_2');
    await expect.poll(() => edgeCount(page)).toBe(IDS.length);
    expect(await page.getByTestId('status-message').textContent()).toBe('Spliced dropout_2 into the edge');
    const spliced = CHAIN.filter((e) => e !== 'max_pooling2d_2 → conv2d_3').concat(['max_pooling2d_2 → dropout_2', 'dropout_2 → conv2d_3']).sort();
    expect(await drawnEdges(page)).toEqual(spliced);
    // A Dropout keeps the shape and has no weights: the model is the same size.
    expect(await page.getByTestId('node-dropout_2').getByTestId('node-shape').textContent()).toBe('5×5×64');
    expect(await page.getByTestId('total-params').textContent()).toBe('80,266');
  });

  it('deletes a layer in the chain and rejoins its neighbours; undo brings it back with both edges, and undoes the splice', async () => {
    const { page } = app();
    const spliced = await drawnEdges(page);
    await selectNode(page, 'dropout_2');
    await page.keyboard.press('Delete');
    await expect.poll(() => page.getByTestId('node-dropout_2').count()).toBe(0);
    expect(await drawnEdges(page), 'max_pooling2d_2 is joined to conv2d_3 again').toEqual(CHAIN);
    await page.keyboard.press('Control+z');
    await page.getByTestId('node-dropout_2').waitFor();
    expect(await drawnEdges(page), 'one undo restores the layer and both its edges').toEqual(spliced);
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByTestId('node-dropout_2').count()).toBe(0);
    await expectReferenceCnn(page, IDS);
  });

  it('connects by keyboard with Connect to, which offers only the layers the selected one can feed; "Connected a → b" goes when b is deleted', async () => {
    const { page } = app();
    // Nothing selected: the Dense lands unconnected in the middle of the view.
    await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
    await page.getByTestId('palette-search').fill('dense');
    await page.getByTestId('palette-search').press('Enter');
    await page.getByTestId('node-dense_2').waitFor();
    expect(await drawnEdges(page)).toEqual(CHAIN);
    await selectNode(page, 'flatten_1');
    const connectTo = page.getByTestId('connect-to');
    await connectTo.focus();
    // flatten_1 (576 features) can feed the new Dense; dropout_1 already has its input, the Input takes none.
    await expect.poll(() => connectTo.locator('option').evaluateAll((o) => o.map((e) => (e as HTMLOptionElement).value))).toEqual(['', 'dense_2']);
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => edgeCount(page)).toBe(IDS.length);
    expect(await drawnEdges(page)).toEqual([...CHAIN, 'flatten_1 → dense_2'].sort());
    expect(await page.getByTestId('status-message').textContent()).toBe('Connected flatten_1 → dense_2');
    await selectNode(page, 'dense_2');
    await page.keyboard.press('Delete');
    await expect.poll(() => page.getByTestId('node-dense_2').count()).toBe(0);
    expect(await page.getByTestId('status-message').textContent(), 'the message was about a layer that is gone').toBe('');
    await expectReferenceCnn(page, IDS);
  });

  it.each(TYPED_UNITS)('a whole-number field refuses "$typed" with a message and keeps its value: $asserts', async ({ typed, refuses }) => {
    const { page } = app();
    await selectNode(page, 'dense_1');
    const units = page.getByTestId('field-units');
    await units.fill('');
    await units.pressSequentially(typed);
    await units.press('Enter');
    expect(await page.getByTestId('field-error-units').textContent()).toMatch(refuses);
    expect(await units.inputValue(), 'the refused text stays in the box to be corrected').toBe(typed);
    await expect.poll(() => page.getByTestId('node-dense_1').getByTestId('node-params').textContent()).toBe('5,770 params');
    expect(await page.getByTestId('total-params').textContent()).toBe('80,266');
  });

  it('takes "1e3" whole (1000 units, not the 1 before the e); the status bar shows the error that makes, and not once it is fixed', async () => {
    const { page } = app();
    await selectNode(page, 'dense_1');
    const units = page.getByTestId('field-units');
    await units.fill('');
    await units.pressSequentially('1e3');
    await units.press('Enter');
    // The field shows the value taken once the edit has gone through (later under load).
    await expect.poll(() => units.inputValue()).toBe('1000');
    await expect.poll(() => page.getByTestId('node-dense_1').getByTestId('node-params').textContent()).toBe('577,000 params');
    // 1000 outputs for 10 digit classes: an error, in the status bar, under the field and in the problems list.
    await expect.poll(() => page.getByTestId('problem-count').textContent()).toBe('1 error');
    expect(await page.getByTestId('field-error-units').textContent()).toContain('the last layer needs 10 units');
    expect(await page.getByTestId('problem-item').allTextContents()).toEqual([expect.stringContaining('the last layer needs 10 units')]);
    await units.fill('10');
    await units.press('Enter');
    await expect.poll(() => page.getByTestId('problem-count').textContent()).toBe('Ready to train');
    expect(await page.getByTestId('problem-item').count()).toBe(0);
    expect(await page.getByTestId('field-error-units').count()).toBe(0);
    await expectReferenceCnn(page, IDS);
  });

  it('Save As names the project "Book CNN" in the page and keeps it in the browser', async () => {
    const { page } = app();
    await page.getByTestId('save-as').click();
    const input = page.getByTestId('name-dialog-input');
    await input.waitFor();
    await input.fill('Book CNN');
    await page.getByTestId('name-dialog-confirm').click();
    await page.getByTestId('toast-success').filter({ hasText: 'Saved Book CNN.netcanvas.json in this browser' }).waitFor();
    expect(await page.getByTestId('project-name').inputValue()).toBe('Book CNN');
    await expect.poll(() => page.getByTestId('dirty-marker').count()).toBe(0);
  });

  it("shows a refused connection's reason while it is current, and not after switching project", async () => {
    const { page } = app();
    await dragConnection(page, 'dense_1', 'conv2d_1');
    const message = page.getByTestId('status-message');
    await expect.poll(() => message.textContent()).toMatch(/takes one input and already has one/);
    expect(await message.getAttribute('class')).toContain('statusbar__message--error');
    expect(await edgeCount(page)).toBe(IDS.length - 1);
    await page.getByTestId('new-menu').click();
    await page.getByTestId('template-mlp').click();
    await page.getByTestId('node-dense_3').waitFor();
    expect(await message.textContent(), 'the reason was about the CNN, no longer open').toBe('');
    // Back to the saved CNN from the Recent menu.
    await page.getByTestId('recent-menu').click();
    await page.locator('.menu__item').filter({ hasText: 'Book CNN.netcanvas.json' }).click();
    await expect.poll(() => page.getByTestId('project-name').inputValue()).toBe('Book CNN');
    await expectReferenceCnn(page, IDS);
    expect(await message.textContent()).toBe('');
  });

  it('reopens "Book CNN" after a reload of the page, by its name, with its graph', async () => {
    const { page } = app();
    await page.reload();
    await page.getByTestId('canvas').waitFor();
    await expect.poll(() => page.getByTestId('project-name').inputValue()).toBe('Book CNN');
    await page.getByTestId(`node-${IDS[IDS.length - 1]}`).waitFor();
    await expectReferenceCnn(page, IDS);
    expect(await page.getByTestId('dirty-marker').count()).toBe(0);
  });

  it('trains the reopened CNN briefly: one epoch on 128 digits, tested on 1,000', async () => {
    const { page } = app();
    await trainToCompletion(page, [
      ['train-epochs', '1'],
      ['train-batch', '128'],
      ['train-limit', '128'],
      ['train-test-limit', '1000'],
      ['train-seed', '5'],
    ]);
  }, 130_000);

  it("draws conv2d_1's 64 feature maps whole in Inside the network: each equals the run's conv2d_1 output for the pad's digit", async () => {
    const { page, runsDir } = app();
    await page.getByTestId('tab-digits').click();
    await page.getByTestId('pad-canvas').waitFor();
    await drawOnPad(page, [SEVEN]);
    await expect.poll(() => page.getByTestId('pad-prediction').textContent(), { timeout: 20_000 }).toMatch(/^\d$/);
    // The digit as the model reads it: the pad's own pixels through the one preprocessing.
    const pad = await page.getByTestId('pad-canvas').evaluate((c: HTMLCanvasElement) => {
      const image = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
      return { data: Array.from(image.data), width: image.width, height: image.height };
    });
    const digit = preprocessDigit(Uint8ClampedArray.from(pad.data), pad.width, pad.height, { background: 'light' });

    await page.getByTestId('digits-tab-inside').click();
    const maps = page.getByTestId('activation-conv2d_1').locator('canvas');
    await expect.poll(() => maps.count(), { timeout: 20_000 }).toBe(64);
    const drawn = await maps.evaluateAll((canvases) =>
      (canvases as HTMLCanvasElement[]).map((c) => ({ size: `${c.width}×${c.height}`, grey: Array.from(c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data.filter((_, i) => i % 4 === 0)) })),
    );
    expect(drawn.map((d) => d.size)).toEqual(Array(64).fill('26×26'));

    // The oracle: the run's saved model, its conv2d_1 output computed whole by tfjs here, each channel scaled to its own range.
    const store = new RunStore(runsDir);
    const runs = await store.list();
    expect(runs).toHaveLength(1);
    const model = await loadModelFiles(store.folder(runs[0].id));
    try {
      const layer = tf.model({ inputs: model.inputs, outputs: model.getLayer('conv2d_1').output as tf.SymbolicTensor });
      const out = layer.predict(tf.tensor(digit, [1, 28, 28, 1])) as tf.Tensor;
      expect(out.shape).toEqual([1, 26, 26, 64]);
      const full = (await out.data()) as Float32Array;
      out.dispose();
      let litLowerHalf = 0;
      let largest = 0;
      drawn.forEach(({ grey }, c) => {
        const map = Array.from({ length: 26 * 26 }, (_, p) => full[p * 64 + c]);
        const [lo, hi] = [Math.min(...map), Math.max(...map)];
        const expected = map.map((v) => Math.round((hi > lo ? (v - lo) / (hi - lo) : 0) * 255));
        for (let p = 0; p < expected.length; p++) largest = Math.max(largest, Math.abs(grey[p] - expected[p]));
        if (grey.slice(13 * 26).some((v) => v > 0)) litLowerHalf++;
      });
      // Each drawn grey level is the oracle's to within rounding to 8 bits.
      expect(largest).toBeLessThanOrEqual(1);
      // The bug of issue 15 drew rows 10–25 of conv2d_1 black in every map.
      expect(litLowerHalf).toBeGreaterThan(0);
      console.log(`conv2d_1: 64 maps of 26×26 as drawn, largest difference ${largest}/255, ${litLowerHalf} with ink in the lower half`);
    } finally {
      model.dispose();
    }
  });

  it("a confusion-matrix cell's count equals the test images reachable through its pages", async () => {
    const { page } = app();
    await page.getByTestId('digits-tab-evaluation').click();
    const { label, predicted, count } = await expectMostConfusedCellShown(page);
    // The model, trained on purpose on one batch, misreads many digits: the cell needs more than one page of 40, and the last page's range ends at the count.
    expect(count).toBeGreaterThan(40);
    expect(await page.getByTestId('cell-range').getAttribute('data-last')).toBe(String(count));
    expect(await page.getByTestId('cell-range').getAttribute('data-total')).toBe(String(count));
    console.log(`cell ${label} read as ${predicted}: ${count} test images, all reached on ${Math.ceil(count / 40)} pages`);
  });
});
