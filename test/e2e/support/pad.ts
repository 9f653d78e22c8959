import type { Page } from 'playwright-core';

/** A stroke on the digit pad: points in pad pixels (the pad is 280×280), joined as the mouse moves. */
export type Stroke = readonly (readonly [x: number, y: number])[];

/** A 7 as a person draws it: the bar, then the stem down to the left. */
export const SEVEN: Stroke = [[70, 50], [210, 50], [170, 130], [120, 240]];

/** Draws strokes on the digit pad with the mouse, each from mouse down to mouse up. */
export async function drawOnPad(page: Page, strokes: readonly Stroke[]): Promise<void> {
  const box = await page.getByTestId('pad-canvas').boundingBox();
  if (!box) throw new Error('The digit pad is not on screen');
  const at = ([x, y]: readonly [number, number]) => [box.x + (x * box.width) / 280, box.y + (y * box.height) / 280] as const;
  for (const stroke of strokes) {
    await page.mouse.move(...at(stroke[0]));
    await page.mouse.down();
    for (const point of stroke.slice(1)) await page.mouse.move(...at(point), { steps: 4 });
    await page.mouse.up();
  }
}
