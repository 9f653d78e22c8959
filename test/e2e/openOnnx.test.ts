import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeModel } from '../../src/core/onnx/proto';
import { largestDifference, randomInput, runOnnx } from '../support/onnxOracle';
import { torchExport, torchMissing, type TorchExport } from '../support/torchOnnx';
import { appForSuite } from './support/suite';

/**
 * Issue 14: an .onnx file opened in the app (Chromium against the browser host). A CNN made
 * and exported by PyTorch in the test becomes a graph with PyTorch's parameter count; the
 * report and the model summary say training starts from the file's weights; before any
 * training, the imported run's weights, saved from the Export panel and run by ONNX Runtime,
 * predict what ONNX Runtime predicts from the original file (within 1e-4). A model with
 * operators that do not map is refused naming every one, and the open graph stays.
 */
if (torchMissing) console.warn(torchMissing);

describe.skipIf(Boolean(torchMissing))('opening an ONNX model in the app', () => {
  const app = appForSuite();
  let dir: string;
  let cnn: TorchExport;
  let odd: TorchExport;

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'netcanvas-e2e-open-onnx-'));
    cnn = torchExport(dir, 'digits', [
      'model = nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(4 * 13 * 13, 10), nn.Softmax(dim=1))',
      'shape = (1, 1, 28, 28)',
    ].join('\n'));
    odd = torchExport(dir, 'odd', 'class M(nn.Module):\n    def forward(self, x):\n        return torch.cos(x) + torch.abs(x)\nmodel = M()\nshape = (1, 4)');
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const open = async (file: string): Promise<void> => {
    const { page } = app();
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('open-project').click();
    await (await chooser).setFiles(file);
  };

  it("opens a PyTorch export as a graph with PyTorch's parameter count, saying training starts from the file's weights", async () => {
    const { page } = app();
    await open(cnn.file);
    const report = page.getByTestId('import-report');
    await report.waitFor();
    expect(await report.locator('h2').textContent()).toBe('Imported digits.onnx (ONNX model)');
    expect(await page.getByTestId('import-starting-weights').textContent()).toContain('training starts from them');
    await report.getByRole('button', { name: 'OK' }).click();
    await expect.poll(() => page.getByTestId('total-params').textContent()).toBe(cnn.params.toLocaleString('en'));
    const table = await page.getByTestId('summary-table').textContent();
    for (const kind of ['Conv2D', 'MaxPooling2D', 'Flatten', 'Dense']) expect(table).toContain(`(${kind})`);
    expect(await page.getByTestId('starting-weights').textContent()).toMatch(/Training starts from the weights imported from digits\.onnx \(run run-[\w-]+\)/);
  });

  it('before any training, the imported weights predict what ONNX Runtime predicts from the file (saved from the Export panel), within 1e-4', async () => {
    const { page } = app();
    await page.getByTestId('tab-export').click();
    await page.getByTestId('export-tab-onnx').click();
    await page.getByTestId('export-run').selectOption({ label: 'digits.onnx (imported)' });
    const download = page.waitForEvent('download');
    await page.getByTestId('export-save').click();
    const saved = new Uint8Array(readFileSync(await (await download).path()));
    const metadata = new Map((decodeModel(saved).metadata_props as { key: string; value: string }[]).map((p) => [p.key, p.value]));
    expect(metadata.get('netcanvas.weights')).toMatch(/^trained: run digits\.onnx \(imported\)/);
    // One channel: NCHW [n, 1, 28, 28] and NHWC [n, 28, 28, 1] hold the same values in the same order.
    const data = randomInput(3, 4 * 784).map((v) => (v + 1) / 2);
    const want = await runOnnx(cnn.bytes, { x: { data, dims: [4, 1, 28, 28] } });
    const inputName = [...metadata.keys()].find((k) => /^input\.[^.]+\.layout$/.test(k))?.split('.')[1] ?? 'input';
    const got = await runOnnx(saved, { [inputName]: { data, dims: [4, 28, 28, 1] } });
    expect(got.dims).toEqual(want.dims);
    expect(largestDifference(got.data, want.data)).toBeLessThanOrEqual(1e-4);
    await page.getByTestId('tab-design').click();
  });

  it('switches to fresh weights from the model summary, undoably', async () => {
    const { page } = app();
    await page.getByTestId('use-fresh-weights').click();
    await page.getByTestId('starting-weights').waitFor({ state: 'detached' });
    await page.keyboard.press('Control+z');
    await page.getByTestId('starting-weights').waitFor();
  });

  it('refuses a model whose operators do not map, naming every one, and keeps the open graph', async () => {
    const { page } = app();
    await open(odd.file);
    const toast = page.getByTestId('toast-error');
    await toast.waitFor();
    const text = (await toast.textContent()) ?? '';
    expect(text).toContain('odd.onnx was not opened');
    expect(text).toMatch(/uses operators NetCanvas does not map: .*\(Cos\)/);
    expect(text).toMatch(/\(Abs\)/);
    expect(await page.getByTestId('total-params').textContent()).toBe(cnn.params.toLocaleString('en'));
  });
});
