// Profiles one training step of a template, kernel by kernel, as the performance notes'
// tables were made: `npx tsx scripts/profile-step.ts mlp [backend] [batch]`.
// Prints each kernel's calls and milliseconds in the step (tf.profile of one trainOnBatch,
// after warm-up steps), and the median wall time of plain steps beside it. PROFILE_THREADS=N sets the
// native kernels' OpenMP threads; PROFILE_SHAPES=Kernel,… prints those kernels' shapes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { openGraphText } from '../src/core/graph/open';
import { activateBackend, compileGraph } from '../src/engine';

const [model = 'mlp', backendName = 'wasm', batchText = '128'] = process.argv.slice(2);
const batch = Number(batchText);
const doc = openGraphText(readFileSync(join('resources', 'templates', `${model}.json`), 'utf8'), `${model}.json`).document;
await activateBackend(backendName as 'wasm');
if (process.env.PROFILE_THREADS) {
  const { loadNativeAddon } = await import('../src/engine');
  const native = loadNativeAddon();
  if (native.ok) native.addon.setThreads(Number(process.env.PROFILE_THREADS));
}
const net = await compileGraph(doc);
const shape = net.inputs[0].shape.slice(1) as number[];
const x = tf.randomUniform([batch, ...shape]);
const y = tf.tidy(() => tf.oneHot(tf.randomUniform([batch], 0, 10, 'int32'), 10));
for (let i = 0; i < 5; i++) await net.trainOnBatch(x, y);
const times: number[] = [];
for (let i = 0; i < 20; i++) {
  const t0 = performance.now();
  await net.trainOnBatch(x, y);
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
const info = await tf.profile(async () => {
  await net.trainOnBatch(x, y);
});
const byName = new Map<string, { calls: number; ms: number }>();
let total = 0;
for (const k of info.kernels) {
  const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
  const row = byName.get(k.name) ?? { calls: 0, ms: 0 };
  row.calls++;
  row.ms += ms;
  byName.set(k.name, row);
  total += ms;
}
const med = times[times.length >> 1];
console.log(`${model} on ${tf.getBackend()}, batch ${batch}: step median ${med.toFixed(2)} ms (${Math.round((batch * 1000) / med)} samples/s), ${info.kernels.length} kernels, ${total.toFixed(2)} ms inside them`);
for (const [name, row] of [...byName].sort((a, b) => b[1].ms - a[1].ms)) console.log(`  ${name.padEnd(28)} ${String(row.calls).padStart(5)} ${row.ms.toFixed(2).padStart(8)} ms`);
if (process.env.PROFILE_SHAPES) for (const k of info.kernels) if (process.env.PROFILE_SHAPES.split(',').includes(k.name)) console.log(`  ${k.name} ${JSON.stringify(k.inputShapes)} -> ${JSON.stringify(k.outputShapes)} ${(k.kernelTimeMs as number).toFixed(3)} ms`);
