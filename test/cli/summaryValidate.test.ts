import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openGraphText } from '../../src/core/graph/open';
import { cli } from '../support/cli';
import { tfjsLayers } from '../support/tfOracle';

/** The reference chapter's figures (REFERENCE.md), the oracle for the templates. */
const BOOK = [
  { template: 'mlp', total: '269,322', params: 269322 },
  { template: 'cnn', total: '80,266', params: 80266 },
  { template: 'rnn', total: '75,530', params: 75530 },
];

describe('netcanvas summary', () => {
  it.each(BOOK)('$template ends with the book’s total, $total', async ({ template, total }) => {
    const { code, stdout } = await cli(['summary', `resources/templates/${template}.json`]);
    expect(code).toBe(0);
    expect(stdout).toContain(`Total params: ${total}\n`);
    expect(stdout).toContain('Trainable params: ');
    expect(stdout).toMatch(/Layer \(type\)\s+Output Shape\s+Param #/);
  });

  it.each(BOOK)('--json for $template agrees with tfjs-layers layer by layer', async ({ template, params }) => {
    const { code, stdout } = await cli(['summary', `resources/templates/${template}.json`, '--json']);
    expect(code).toBe(0);
    const summary = JSON.parse(stdout);
    expect(summary.totalParams).toBe(params);
    expect(summary.trainableParams + summary.nonTrainableParams).toBe(params);
    const { document } = openGraphText(readFileSync(`resources/templates/${template}.json`, 'utf8'));
    const oracle = await tfjsLayers(document);
    expect(summary.layers.map((l: any) => [l.name, l.outputShape, l.params])).toEqual(oracle.map((l) => [l.name, l.outputShape, l.trainable + l.nonTrainable]));
    expect(summary.outputShape).toEqual([null, 10]);
  });

  it('reads a Keras model.to_json() topology', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nc-cli-'));
    const keras = {
      class_name: 'Sequential',
      config: {
        name: 'sequential',
        layers: [
          { class_name: 'Dense', config: { name: 'dense', units: 256, activation: 'relu', batch_input_shape: [null, 784] } },
          { class_name: 'Dropout', config: { name: 'dropout', rate: 0.45 } },
          { class_name: 'Dense', config: { name: 'dense_1', units: 10, activation: 'softmax' } },
        ],
      },
    };
    writeFileSync(join(dir, 'model.json'), JSON.stringify(keras));
    const { code, stdout } = await cli(['summary', join(dir, 'model.json'), '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).totalParams).toBe(784 * 256 + 256 + 2570);
  });
});

describe('netcanvas validate', () => {
  it('exits 0 for a valid graph', async () => {
    const { code, stdout } = await cli(['validate', 'resources/templates/cnn.json']);
    expect(code).toBe(0);
    expect(stdout).toContain('valid');
  });

  it('exits 1 with every problem, node by node', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nc-cli-'));
    const doc = JSON.parse(readFileSync('resources/templates/cnn.json', 'utf8'));
    doc.nodes.splice(6, 1); // drop Flatten
    doc.edges = doc.edges.filter((e: any) => e.source !== 'flatten' && e.target !== 'flatten');
    doc.edges.push({ id: 'fix', source: 'conv2d_3', target: 'dropout' });
    doc.nodes.find((n: any) => n.id === 'conv2d_1').config.kernelSize = [30, 30];
    writeFileSync(join(dir, 'broken.json'), JSON.stringify(doc));
    const { code, stdout } = await cli(['validate', join(dir, 'broken.json')]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/error: Conv2D 'conv2d_1' \(kernelSize\): a 30×30 window does not fit a 28×28 input/);
    const json = await cli(['validate', join(dir, 'broken.json'), '--json']);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout);
    expect(report.valid).toBe(false);
    expect(report.problems.some((p: any) => p.nodeId === 'conv2d_1' && p.field === 'kernelSize' && p.code === 'window-too-large')).toBe(true);
    // Every problem carries a code the documentation lists.
    const { PROBLEM_CODES } = await import('../../src/core/problems/codes');
    for (const p of report.problems) expect(Object.hasOwn(PROBLEM_CODES, p.code), `code of ${p.message}`).toBe(true);
  });
});

/** Bad input of every kind: exit code 1 and one paragraph, never a stack trace. */
const BAD_FILES: { name: string; content: string | (() => string); says: RegExp }[] = [
  { name: 'empty', content: '', says: /is empty/ },
  { name: 'truncated', content: () => readFileSync('resources/templates/mlp.json', 'utf8').slice(0, 300), says: /not valid JSON/ },
  { name: 'not JSON', content: 'not json at all', says: /not valid JSON/ },
  { name: 'wrong types', content: () => readFileSync('resources/templates/mlp.json', 'utf8').replace('"units": 256', '"units": "many"'), says: /nodes\[1\]\.config\.units: expected number, got string/ },
  { name: 'absurd sizes', content: () => readFileSync('resources/templates/mlp.json', 'utf8').replace('"units": 256', '"units": 99999999999'), says: /units: must be at most/ },
  { name: 'huge file', content: () => ' '.repeat(21 * 1024 * 1024), says: /at most 20 MiB/ },
  {
    name: 'unknown layer class',
    content: JSON.stringify({ class_name: 'Sequential', config: { layers: [{ class_name: 'Conv3D', config: { name: 'c3', batch_input_shape: [null, 8, 8, 8, 1] } }] } }),
    says: /layers NetCanvas does not have: 'c3' \(Conv3D\)/,
  },
];

describe('bad input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nc-bad-'));
  it.each(BAD_FILES)('$name file: exit 1 with a message', async ({ name, content, says }) => {
    const file = join(dir, `${name.replace(/ /g, '-')}.json`);
    writeFileSync(file, typeof content === 'function' ? content() : content);
    for (const command of ['summary', 'validate']) {
      const { code, stderr, stdout } = await cli([command, file]);
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toMatch(says);
      expect(stderr.trim().split('\n').length).toBe(1);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  });

  it.each([
    { args: ['summary', 'no-such-file.json'], code: 1, says: /no-such-file\.json: no such file/ },
    { args: ['summary', 'resources'], code: 1, says: /is a folder/ },
    { args: ['summary'], code: 1, says: /name a graph file/ },
    { args: ['summary', 'resources/templates/mlp.json', '--colour'], code: 2, says: /unknown option --colour/ },
    { args: ['frobnicate'], code: 2, says: /unknown command 'frobnicate'/ },
  ])('$args', async ({ args, code, says }) => {
    const result = await cli(args);
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(says);
  });
});

describe('the netcanvas executable', () => {
  it('runs from the command line', () => {
    const out = execFileSync(process.execPath, ['bin/netcanvas.mjs', 'summary', 'resources/templates/rnn.json'], { encoding: 'utf8' });
    expect(out.trimEnd().split('\n').at(-5)).toBe('Total params: 75,530');
  });

  it('exits 1 without a stack trace on a bad file', () => {
    const run = spawnSync(process.execPath, ['bin/netcanvas.mjs', 'validate', 'package.json'], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/neither a NetCanvas graph/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
