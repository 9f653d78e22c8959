import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { dragConnection, dropLayer, edgeCount, nodeIds, selectNode } from './canvas';

/** Sets one inspector field of the selected node: a text box is typed and Enter pressed, a select chosen. */
export async function setField(page: Page, field: string, value: string): Promise<void> {
  const control = page.getByTestId(`field-${field}`);
  if ((await control.evaluate((e) => e.tagName)) === 'SELECT') await control.selectOption(value);
  else {
    await control.fill(value);
    await control.press('Enter');
  }
}

/** Sets inspector fields of a node: text boxes are typed, selects chosen (`preset` is the Input's shape presets). */
export async function setFields(page: Page, node: string, fields: Record<string, string>): Promise<void> {
  await selectNode(page, node);
  for (const [name, value] of Object.entries(fields)) await setField(page, name === 'preset' ? 'shape-presets' : name, value);
}

/** The reference CNN (listing 1.4.1), laid out in two columns so every node is on screen at zoom 1. */
export const REFERENCE_CNN: readonly { kind: string; at: { x: number; y: number }; fields?: Record<string, string> }[] = [
  { kind: 'Input', at: { x: 260, y: 50 }, fields: { preset: 'image' } },
  { kind: 'Conv2D', at: { x: 260, y: 190 }, fields: { filters: '64', activation: 'relu' } },
  { kind: 'MaxPooling2D', at: { x: 260, y: 330 } },
  { kind: 'Conv2D', at: { x: 260, y: 470 }, fields: { filters: '64', activation: 'relu' } },
  { kind: 'MaxPooling2D', at: { x: 260, y: 610 } },
  { kind: 'Conv2D', at: { x: 600, y: 50 }, fields: { filters: '64', activation: 'relu' } },
  { kind: 'Flatten', at: { x: 600, y: 190 } },
  { kind: 'Dropout', at: { x: 600, y: 330 }, fields: { rate: '0.2' } },
  { kind: 'Dense', at: { x: 600, y: 470 }, fields: { units: '10', activation: 'softmax' } },
];

/**
 * Builds the reference CNN as a person would: drags each layer from the palette, sets
 * it up in the inspector, and connects each bottom handle to the next top handle.
 * Returns the node ids in order.
 */
export async function buildReferenceCnn(page: Page): Promise<string[]> {
  const ids: string[] = [];
  for (const layer of REFERENCE_CNN) {
    const id = await dropLayer(page, layer.kind, layer.at);
    if (layer.fields) await setFields(page, id, layer.fields);
    ids.push(id);
  }
  for (let i = 1; i < ids.length; i++) {
    await dragConnection(page, ids[i - 1], ids[i]);
    await page.waitForFunction((n) => document.querySelectorAll('.react-flow__edge').length === n, i, { timeout: 5000 }).catch(async () => {
      throw new Error(`Connecting ${ids[i - 1]} → ${ids[i]} did not add an edge: ${await page.getByTestId('status-message').textContent()}`);
    });
  }
  return ids;
}

/** One layer of a build typed into the palette search: the query, the kind it must add, and its inspector edits (field, value). */
export interface TypedLayer {
  readonly query: string;
  readonly kind: string;
  readonly edits?: readonly (readonly [field: string, value: string])[];
}

const CONV: TypedLayer = { query: 'conv', kind: 'Conv2D', edits: [['filters', '64'], ['activation', 'relu']] };

/** The reference CNN as typed: each layer added below the selected one, already connected (issue 15). */
export const REFERENCE_CNN_TYPED: readonly TypedLayer[] = [
  { query: 'inp', kind: 'Input', edits: [['shape-presets', 'image']] },
  CONV,
  { query: 'max', kind: 'MaxPooling2D' },
  CONV,
  { query: 'max', kind: 'MaxPooling2D' },
  CONV,
  { query: 'flat', kind: 'Flatten' },
  { query: 'drop', kind: 'Dropout', edits: [['rate', '0.2']] },
  { query: 'dense', kind: 'Dense', edits: [['units', '10'], ['activation', 'softmax']] },
];

/** The reference CNN's output shapes, layer by layer, as Keras's summary gives them. */
export const REFERENCE_CNN_SHAPES = ['28×28×1', '26×26×64', '13×13×64', '11×11×64', '5×5×64', '3×3×64', '576', '576', '10'];

/**
 * Types layers in with the palette search and the inspector only, counting every UI action:
 * an add (a query and Enter) is one, a field edit (a value and Enter, or a choice) is one.
 * Each add must add one layer of its kind and select it. `afterLayer` runs after a layer's
 * edits (for checks; it counts nothing). Returns the node ids in order and the action count.
 */
export async function typeLayers(page: Page, layers: readonly TypedLayer[], afterLayer?: (layer: TypedLayer, id: string) => Promise<void>): Promise<{ ids: string[]; actions: number }> {
  let actions = 0;
  const ids: string[] = [];
  for (const layer of layers) {
    actions++;
    const before = await nodeIds(page);
    const search = page.getByTestId('palette-search');
    await search.fill(layer.query);
    await search.press('Enter');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid^="node-"][data-kind]').length > n, before.length);
    const added = (await nodeIds(page)).filter((id) => !before.includes(id));
    expect(added, `'${layer.query}' adds one layer`).toHaveLength(1);
    expect(await page.getByTestId(`node-${added[0]}`).getAttribute('data-kind')).toBe(layer.kind);
    // The new layer is selected, so the next add goes below it.
    expect(await page.getByTestId('field-label').getAttribute('placeholder')).toBe(added[0]);
    for (const [field, value] of layer.edits ?? []) {
      actions++;
      await setField(page, field, value);
    }
    ids.push(added[0]);
    await afterLayer?.(layer, added[0]);
  }
  return { ids, actions };
}

/** The reference CNN is on the canvas as `ids`: Keras's 80,266 parameters, a chain of edges, Keras's shapes, no problems. */
export async function expectReferenceCnn(page: Page, ids: readonly string[]): Promise<void> {
  await expect.poll(() => page.getByTestId('total-params').textContent()).toBe('80,266');
  expect(await edgeCount(page)).toBe(ids.length - 1);
  for (let i = 1; i < ids.length; i++) expect(await page.locator(`.react-flow__edge[data-id="e_${ids[i - 1]}_${ids[i]}"]`).count(), `${ids[i - 1]} → ${ids[i]}`).toBe(1);
  const shape = (id: string) => page.getByTestId(`node-${id}`).getByTestId('node-shape').textContent();
  expect(await Promise.all(ids.map(shape))).toEqual(REFERENCE_CNN_SHAPES);
  expect(await page.getByTestId('problems-ok').count()).toBe(1);
}
