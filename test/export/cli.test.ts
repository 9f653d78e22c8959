import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serializeDocument } from '../../src/core/graph/load';
import { runCli } from '../../src/cli/main';
import { EXPORT_GRAPHS, repoRoot } from './graphs';

/** `netcanvas export` and `netcanvas plot`, run in-process in a scratch folder. */
const folder = mkdtempSync(path.join(tmpdir(), 'netcanvas-export-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
writeFileSync(path.join(folder, 'residual.netcanvas.json'), serializeDocument(EXPORT_GRAPHS[3].doc()));
const residual = EXPORT_GRAPHS[3].doc();
writeFileSync(
  path.join(folder, 'no-beta.json'),
  serializeDocument({ ...residual, nodes: residual.nodes.map((n) => (n.id === 'bn' ? { ...n, config: { ...n.config, center: false } } : n)) }),
);
writeFileSync(path.join(folder, 'blank.json'), readFileSync(path.join(repoRoot, 'resources/templates/blank.json')));

async function netcanvas(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false, cwd: folder, env: {} });
  return { code, stdout, stderr };
}

const read = (file: string) => readFileSync(path.join(folder, file), 'utf8');

describe('netcanvas export', () => {
  it.each([
    { args: [], file: 'train.ts', check: (text: string) => text.includes('function buildModel(): tf.LayersModel') && text.includes('Test accuracy') },
    { args: ['--format', 'model'], file: 'model.ts', check: (text: string) => text.includes('export function buildModel(): tf.LayersModel') },
    { args: ['--format', 'keras'], file: 'model.keras.json', check: (text: string) => JSON.parse(text).class_name === 'Functional' && JSON.parse(text).training_config.optimizer_config.class_name === 'RMSprop' },
    { args: ['--format=tfjs'], file: 'model.json', check: (text: string) => JSON.parse(text).format === 'layers-model' && JSON.parse(text).weightsManifest.length === 0 },
  ])('$file', async ({ args, file, check }) => {
    const result = await netcanvas('export', 'residual.netcanvas.json', ...args, '-o', file);
    expect(result).toMatchObject({ code: 0, stdout: '' });
    expect(check(read(file))).toBe(true);
    const printed = await netcanvas('export', 'residual.netcanvas.json', ...args);
    expect(printed.code).toBe(0);
    // The program names its own file in its "run it" line; everything else is the same.
    expect(printed.stdout.replace('npx tsx train.ts', '')).toBe(read(file).replace(`npx tsx ${file}`, ''));
    expect(readdirSync(folder).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('writes a tfjs model.json whose topology tfjs loads', async () => {
    await netcanvas('export', 'residual.netcanvas.json', '--format', 'tfjs', '-o', 'loadable.json');
    const json = JSON.parse(read('loadable.json'));
    await tf.setBackend('cpu');
    const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology }));
    expect(model.layers.map((l) => l.name)).toEqual(['input', 'dense_a', 'dense_b', 'sum', 'bn', 'out']);
    // 784×32 + 32, 784×32 without bias, gamma, beta, moving mean and variance of 32, 32×10 + 10.
    expect(model.countParams()).toBe(25_120 + 25_088 + 128 + 330);
    model.dispose();
  });

  it.each([
    { args: ['residual.netcanvas.json', '--format', 'svg'], code: 2, message: "unknown format 'svg' (formats: ts, model, keras, tfjs, onnx, pytorch)" },
    { args: ['residual.netcanvas.json', '--output'], code: 2, message: '--output needs a value' },
    { args: ['residual.netcanvas.json', '--epochs', '3'], code: 2, message: 'unknown option --epochs' },
    { args: ['residual.netcanvas.json', 'other.json'], code: 2, message: 'export takes one graph file' },
    { args: [], code: 1, message: 'name a graph file' },
    { args: ['missing.json'], code: 1, message: 'missing.json: no such file' },
    { args: ['blank.json'], code: 1, message: "'Untitled' cannot be exported as code yet: The graph is empty" },
    { args: ['no-beta.json'], code: 1, message: "BatchNormalization 'bn' (center): TensorFlow.js cannot train BatchNormalization with center turned off" },
    { args: ['residual.netcanvas.json', '-o', 'no/such/folder/train.ts'], code: 1, message: 'the folder no/such/folder does not exist' },
  ])('refuses $args with a message naming the problem', async ({ args, code, message }) => {
    const result = await netcanvas('export', ...args);
    expect(result.code).toBe(code);
    expect(result.stderr).toContain(message);
  });
});

describe('netcanvas plot', () => {
  it('writes an SVG, a PNG, or the SVG to standard output', async () => {
    expect((await netcanvas('plot', 'residual.netcanvas.json', '-o', 'graph.svg')).code).toBe(0);
    expect(read('graph.svg')).toMatch(/^<\?xml[^]*<svg[^]*sum \(Add\)[^]*<\/svg>\n$/);
    expect((await netcanvas('plot', 'residual.netcanvas.json', '-o', 'graph.png', '--layout', 'layered', '--scale', '1')).code).toBe(0);
    expect(readFileSync(path.join(folder, 'graph.png')).subarray(1, 4).toString()).toBe('PNG');
    const printed = await netcanvas('plot', 'residual.netcanvas.json', '--no-shapes');
    expect(printed.stdout).toContain('<svg');
    expect(printed.stdout).not.toContain('output: (None');
  });

  it.each([
    { args: ['-o', 'graph.gif'], message: "cannot tell the picture format of 'graph.gif'" },
    { args: ['--layout', 'circle'], message: "unknown layout 'circle' (layouts: auto, positions, layered)" },
    { args: ['--scale', '0', '-o', 'x.png'], message: '--scale must be at least 1' },
    { args: ['--scale', '2'], message: '--scale applies to PNG pictures only' },
  ])('refuses $args', async ({ args, message }) => {
    const result = await netcanvas('plot', 'residual.netcanvas.json', ...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
});
