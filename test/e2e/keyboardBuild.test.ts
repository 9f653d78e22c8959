import { describe, expect, it } from 'vitest';
import { appForSuite } from './support/suite';
import { expectReferenceCnn, REFERENCE_CNN_TYPED, typeLayers } from './support/referenceCnn';

/**
 * Issue 15: the book's reference CNN (listing 1.4.1) built from an empty canvas with the
 * palette search and the inspector only, each layer added below the selected one, already
 * connected, and selected, while the inspector and the summary drawer keep their room. The
 * whole session (the count of at most 20 actions, the edits after it, Connect to) is
 * test/e2e/editingFlow.test.ts; this test asserts the layout along the way.
 */
describe('building the reference CNN as fast as it is thought', () => {
  const app = appForSuite();

  it('the inspector fits its column at 1440×900 and the summary drawer keeps its size while the layers are typed in', async () => {
    const { page } = app();
    const sidebarOverflow = () => page.locator('.sidebar').evaluate((e) => e.scrollWidth - e.clientWidth);
    const canvasHeight = async (): Promise<number> => (await page.getByTestId('canvas').boundingBox())!.height;
    let firstHeight = 0;
    const { ids } = await typeLayers(page, REFERENCE_CNN_TYPED, async (layer) => {
      if (layer.kind === 'Input') {
        firstHeight = await canvasHeight();
        // The Shape field and its presets are not cut off.
        expect(await sidebarOverflow()).toBe(0);
        for (const id of ['field-shape', 'field-shape-presets']) {
          const [box, side] = [(await page.getByTestId(id).boundingBox())!, (await page.locator('.sidebar').boundingBox())!];
          expect(box.x + box.width, id).toBeLessThanOrEqual(side.x + side.width);
        }
      }
      if (layer.kind === 'Conv2D') expect(await sidebarOverflow(), 'the Conv2D inspector fits').toBe(0);
    });
    // The summary drawer keeps its size (and scrolls) as layers are added: the canvas is not squeezed.
    expect(await canvasHeight()).toBe(firstHeight);
    expect(await page.getByTestId('summary').evaluate((e) => e.scrollHeight > e.clientHeight)).toBe(true);
    await expectReferenceCnn(page, ids);
  });
});
