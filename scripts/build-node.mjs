#!/usr/bin/env node
// `npm run build:node`: bundles the `netcanvas` CLI (out/cli/netcanvas.mjs) and the training
// job's entry (out/cli/training-worker.mjs, which the engine forks, and training-helper.mjs, its
// second thread) with esbuild. Packages
// with native parts, side-effect imports or data files (tfjs, webgpu, resvg, sharp, ws) stay in
// node_modules, so their .wasm and .node files are found where they are.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import process from 'node:process';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

await build({
  absWorkingDir: root,
  entryPoints: {
    netcanvas: 'src/cli/index.ts',
    'training-worker': 'src/engine/jobs/trainingWorker.ts',
    // The second core's half of the parallel training loop, started by the worker beside it.
    'training-helper': 'src/engine/training/parallel/helper.ts',
  },
  outdir: 'out/cli',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: false,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  external: ['@tensorflow/*', 'webgpu', '@resvg/*', 'sharp', '@img/*', 'ws', 'tsx', 'tsx/*', 'electron'],
  // Bundled CommonJS code may call require(); an ES module has none of its own.
  banner: { js: "import { createRequire as __netcanvasCreateRequire } from 'node:module'; const require = __netcanvasCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
process.stdout.write('Built out/cli/netcanvas.mjs, out/cli/training-worker.mjs and out/cli/training-helper.mjs\n');
