import { describe, expect, it } from 'vitest';
import { appForSuite } from './support/suite';
import { edgeCount, nodeIds, selectNode } from './support/canvas';

/**
 * Issue 15: the book's reference CNN (listing 1.4.1) built from an empty canvas with the
 * palette search and the inspector only: each layer added below the selected one,
 * already connected, and selected. The test counts every UI action (an add: a query and
 * Enter; a field edit: a value and Enter, or a choice) and reads Keras's 80,266.
 */
describe('building the reference CNN as fast as it is thought', () => {
  const app = appForSuite();

  it('takes at most 20 actions: no drags, no connections made by hand', async () => {
    const { page } = app();
    let actions = 0;
    const add = async (query: string, kind: string): Promise<string> => {
      actions++;
      const before = await nodeIds(page);
      const search = page.getByTestId('palette-search');
      await search.fill(query);
      await search.press('Enter');
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid^="node-"][data-kind]').length > n, before.length);
      const added = (await nodeIds(page)).filter((id) => !before.includes(id));
      expect(added).toHaveLength(1);
      expect(await page.getByTestId(`node-${added[0]}`).getAttribute('data-kind')).toBe(kind);
      // The new layer is selected, so the next add goes below it.
      expect(await page.getByTestId('field-label').getAttribute('placeholder')).toBe(added[0]);
      return added[0];
    };
    const edit = async (field: string, value: string): Promise<void> => {
      actions++;
      const control = page.getByTestId(`field-${field}`);
      if ((await control.evaluate((e) => e.tagName)) === 'SELECT') await control.selectOption(value);
      else {
        await control.fill(value);
        await control.press('Enter');
      }
    };
    const conv = async (): Promise<string> => {
      const id = await add('conv', 'Conv2D');
      await edit('filters', '64');
      await edit('activation', 'relu');
      expect(await page.locator('.sidebar').evaluate((e) => e.scrollWidth - e.clientWidth), 'the Conv2D inspector fits').toBe(0);
      return id;
    };

    const ids: string[] = [];
    ids.push(await add('inp', 'Input'));
    const canvasHeight = async (): Promise<number> => (await page.getByTestId('canvas').boundingBox())!.height;
    const firstHeight = await canvasHeight();
    await edit('shape-presets', 'image');
    // At 1440×900 the inspector fits its column: the Shape field and its presets are not cut off.
    const overflow = await page.locator('.sidebar').evaluate((e) => e.scrollWidth - e.clientWidth);
    expect(overflow).toBe(0);
    for (const id of ['field-shape', 'field-shape-presets']) {
      const [box, side] = [(await page.getByTestId(id).boundingBox())!, (await page.locator('.sidebar').boundingBox())!];
      expect(box.x + box.width, id).toBeLessThanOrEqual(side.x + side.width);
    }
    ids.push(await conv());
    ids.push(await add('max', 'MaxPooling2D'));
    ids.push(await conv());
    ids.push(await add('max', 'MaxPooling2D'));
    ids.push(await conv());
    ids.push(await add('flat', 'Flatten'));
    ids.push(await add('drop', 'Dropout'));
    await edit('rate', '0.2');
    ids.push(await add('dense', 'Dense'));
    await edit('units', '10');
    await edit('activation', 'softmax');

    expect(actions).toBeLessThanOrEqual(20);
    // The summary drawer keeps its size (and scrolls) as layers are added: the canvas is not squeezed.
    expect(await canvasHeight()).toBe(firstHeight);
    expect(await page.getByTestId('summary').evaluate((e) => e.scrollHeight > e.clientHeight)).toBe(true);
    await expect.poll(() => page.getByTestId('total-params').textContent()).toBe('80,266');
    expect(await edgeCount(page)).toBe(ids.length - 1);
    for (let i = 1; i < ids.length; i++) expect(await page.locator(`.react-flow__edge[data-id="e_${ids[i - 1]}_${ids[i]}"]`).count(), `${ids[i - 1]} → ${ids[i]}`).toBe(1);
    const shape = (id: string) => page.getByTestId(`node-${id}`).getByTestId('node-shape').textContent();
    expect(await Promise.all(ids.map(shape))).toEqual(['28×28×1', '26×26×64', '13×13×64', '11×11×64', '5×5×64', '3×3×64', '576', '576', '10']);
    expect(await page.getByTestId('problems-ok').count()).toBe(1);
  });

  it('connects the selected layer to another from the inspector, offering only the layers it can feed', async () => {
    const { page } = app();
    // Nothing selected: the Dense lands unconnected in the middle of the view.
    await page.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } });
    await page.getByTestId('palette-search').fill('dense');
    await page.getByTestId('palette-search').press('Enter');
    await page.getByTestId('node-dense_2').waitFor();
    const edges = await edgeCount(page);
    expect(edges).toBe(8);
    await selectNode(page, 'flatten_1');
    const connectTo = page.getByTestId('connect-to');
    await connectTo.focus();
    // flatten_1 (576 features) can feed the new Dense; dropout_1 already has its input, the Input takes none.
    await expect.poll(() => connectTo.locator('option').evaluateAll((o) => o.map((e) => (e as HTMLOptionElement).value))).toEqual(['', 'dense_2']);
    await connectTo.selectOption('dense_2');
    await expect.poll(() => edgeCount(page)).toBe(edges + 1);
    expect(await page.locator('.react-flow__edge[data-id="e_flatten_1_dense_2"]').count()).toBe(1);
    expect(await page.getByTestId('status-message').textContent()).toBe('Connected flatten_1 → dense_2');
  });
});
