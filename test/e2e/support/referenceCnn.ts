import type { Page } from 'playwright-core';
import { dragConnection, dropLayer, selectNode } from './canvas';

/** Sets inspector fields of a node: text boxes are typed, selects chosen (`preset` is the Input's shape presets). */
export async function setFields(page: Page, node: string, fields: Record<string, string>): Promise<void> {
  await selectNode(page, node);
  for (const [name, value] of Object.entries(fields)) {
    const control = page.getByTestId(name === 'preset' ? 'field-shape-presets' : `field-${name}`);
    if ((await control.evaluate((e) => e.tagName)) === 'SELECT') await control.selectOption(value);
    else {
      await control.fill(value);
      await control.press('Enter');
    }
  }
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
