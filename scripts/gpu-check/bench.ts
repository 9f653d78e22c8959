// The GPU check's entry points, bundled into one file by pack.mjs (Node is not on the GPU
// machine and nothing can be installed there):
//   node bench.mjs bench [bench options]   `netcanvas bench`, e.g. --backends webgpu,wasm --no-peer
//   node bench.mjs profile BACKEND         per-kernel profile of one training step of each template
// NETCANVAS_TF_FLAGS="NAME=value;NAME=value" sets tfjs flags for `profile` once its backend has
// loaded (e.g. WEBGPU_CPU_FORWARD=false), so one run can compare the webgpu backend's settings.
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { benchCommand, templatesDir } from '../../src/cli/commands/bench';
import type { CliIO } from '../../src/cli/io';
import type { BackendName } from '../../src/core/api/contract';
import { loadDocument } from '../../src/core/graph/load';
import { activateBackend } from '../../src/engine/backends';
import { compileGraph } from '../../src/engine/compile/compile';
import { messageOf } from '../../src/core/messageOf';

const io: CliIO = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  isTTY: false,
  cwd: process.cwd(),
  env: process.env,
};

function setFlags(text: string | undefined): void {
  for (const item of (text ?? '').split(';').map((s) => s.trim()).filter(Boolean)) {
    const [name, raw] = item.split('=');
    if (!name || raw === undefined) throw new Error(`NETCANVAS_TF_FLAGS: '${item}' is not NAME=value`);
    const value = raw === 'true' ? true : raw === 'false' ? false : Number.isNaN(Number(raw)) ? raw : Number(raw);
    tf.env().set(name, value);
  }
}

/** Times a few steps of each template on `backend` and profiles one, kernel by kernel: one JSON line per model. */
async function profile(backend: BackendName): Promise<void> {
  const active = await activateBackend(backend);
  setFlags(process.env.NETCANVAS_TF_FLAGS); // a backend registers its flags when it loads
  const templates = templatesDir();
  for (const name of ['mlp', 'cnn', 'rnn']) {
    const doc = loadDocument(JSON.parse(readFileSync(path.join(templates, `${name}.json`), 'utf8')));
    const model = await compileGraph(doc);
    const batch = doc.training.batchSize;
    const x = tf.randomUniform([batch, ...(model.inputs[0].shape.slice(1) as number[])]);
    const y = tf.tidy(() => tf.oneHot(tf.randomUniform([batch], 0, 10, 'int32'), 10));
    for (let i = 0; i < 3; i++) await model.trainOnBatch(x, y);
    const steps = 10;
    const began = performance.now();
    for (let i = 0; i < steps; i++) await model.trainOnBatch(x, y);
    const stepMs = (performance.now() - began) / steps;
    const info = await tf.profile(async () => void (await model.trainOnBatch(x, y)));
    const totals = new Map<string, { ms: number; calls: number }>();
    for (const k of info.kernels) {
      const t = totals.get(k.name) ?? { ms: 0, calls: 0 };
      t.ms += Number(k.kernelTimeMs) || 0;
      t.calls++;
      totals.set(k.name, t);
    }
    const top = [...totals].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15).map(([kernel, t]) => ({ kernel, ms: +t.ms.toFixed(2), calls: t.calls }));
    process.stdout.write(`${JSON.stringify({ backend, device: active.device, flags: process.env.NETCANVAS_TF_FLAGS ?? '', model: name, batch, stepMs: +stepMs.toFixed(2), samplesPerSecond: Math.round((batch / stepMs) * 1000), kernels: info.kernels.length, top })}\n`);
    tf.dispose([x, y]);
    model.dispose();
  }
}

const [verb, ...rest] = process.argv.slice(2);
if (verb === 'bench') {
  try {
    process.exitCode = await benchCommand.run(rest, io);
  } catch (error) {
    process.stderr.write(`netcanvas bench: ${messageOf(error)}\n`);
    process.exitCode = 1;
  }
}
else if (verb === 'profile' && rest[0]) await profile(rest[0] as BackendName);
else {
  process.stderr.write('Usage: node bench.mjs bench [netcanvas bench options] | profile BACKEND\n');
  process.exitCode = 2;
}
