#!/usr/bin/env node
// `node scripts/gpu-check/pack.mjs`: prepares .gpu-check/, everything the GPU check needs on a
// lent GPU machine (device tool), where there is no Node and nothing can be fetched:
//   node.gz          this machine's node binary
//   bench.mjs        scripts/gpu-check/bench.ts and the engine, one file (esbuild), plus
//   training-helper.mjs  the data-parallel loop's second thread, beside it
//   node_modules/    webgpu (Dawn's dawn.node for linux-x64, gzipped) and tfjs-backend-wasm's .wasm files
//   torch_peer.py    the PyTorch peer
//   gl/*.deb         the Vulkan and EGL loaders (Dawn finds the NVIDIA GPU through Vulkan)
// and run.sh beside this script runs the check there. About 55 MiB in all (the device
// tool carries at most 64 MiB with the working tree). See docs/performance.md, "GPU check".
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const kit = join(root, '.gpu-check');
const peer = process.env.NETCANVAS_TORCH_PEER ?? join(root, '..', 'shared', 'bench', 'torch_peer.py');

async function gzip(from, to) {
  await pipeline(createReadStream(from), createGzip({ level: 9 }), createWriteStream(to));
}

rmSync(kit, { recursive: true, force: true });
mkdirSync(kit, { recursive: true });

await build({
  absWorkingDir: root,
  entryPoints: { bench: 'scripts/gpu-check/bench.ts', 'training-helper': 'src/engine/training/parallel/helper.ts' },
  outdir: kit,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Dawn is a native addon, found beside the bundle. tfjs stays in its own single-file CommonJS
  // builds (copied below): bundling its sources again breaks it (side-effect imports dropped,
  // two copies of tfjs-core's classes).
  external: ['webgpu', '@tensorflow/*', 'electron', 'tsx', 'tsx/*'],
  // Bundled CommonJS code (tfjs-backend-wasm's Emscripten glue) may use require and __dirname.
  banner: {
    js: [
      "import { createRequire as __netcanvasCreateRequire } from 'node:module';",
      "import { fileURLToPath as __netcanvasFileURLToPath } from 'node:url';",
      "import { dirname as __netcanvasDirname } from 'node:path';",
      'const require = __netcanvasCreateRequire(import.meta.url);',
      'const __filename = __netcanvasFileURLToPath(import.meta.url);',
      'const __dirname = __netcanvasDirname(__filename);',
    ].join(' '),
  },
  logLevel: 'warning',
});

await gzip(process.execPath, join(kit, 'node.gz'));

const webgpu = join(root, 'node_modules', 'webgpu');
const webgpuKit = join(kit, 'node_modules', 'webgpu');
mkdirSync(join(webgpuKit, 'dist', 'linux-x64'), { recursive: true });
for (const f of ['package.json', 'index.js']) copyFileSync(join(webgpu, f), join(webgpuKit, f));
await gzip(join(webgpu, 'dist', 'linux-x64', 'dawn.node'), join(webgpuKit, 'dist', 'linux-x64', 'dawn.node.gz'));

// Each tfjs package as Node loads it: package.json and its one-file CommonJS build ("main"),
// the wasm backend's .wasm files, and the small packages they require.
const TFJS = ['tfjs', 'tfjs-core', 'tfjs-layers', 'tfjs-converter', 'tfjs-data', 'tfjs-backend-cpu', 'tfjs-backend-webgl', 'tfjs-backend-wasm', 'tfjs-backend-webgpu'];
for (const name of TFJS) {
  const from = join(root, 'node_modules', '@tensorflow', name);
  const to = join(kit, 'node_modules', '@tensorflow', name);
  const main = JSON.parse(readFileSync(join(from, 'package.json'), 'utf8')).main;
  mkdirSync(dirname(join(to, main)), { recursive: true });
  copyFileSync(join(from, 'package.json'), join(to, 'package.json'));
  copyFileSync(join(from, main), join(to, main));
  if (name === 'tfjs-backend-wasm') for (const f of readdirSync(join(from, 'dist')).filter((f) => f.endsWith('.wasm'))) copyFileSync(join(from, 'dist', f), join(to, 'dist', f));
}
for (const name of ['seedrandom', 'long', '@webgpu/types']) {
  if (existsSync(join(root, 'node_modules', name))) cpSync(join(root, 'node_modules', name), join(kit, 'node_modules', name), { recursive: true });
}

if (existsSync(peer)) copyFileSync(peer, join(kit, 'torch_peer.py'));
else process.stderr.write(`No PyTorch peer at ${peer}: the check will run without it (set NETCANVAS_TORCH_PEER).\n`);

// The loaders, as the device tool's README says (amd64 packages from Debian's archive).
mkdirSync(join(kit, 'gl'));
const lists = '/tmp/netcanvas-gpu-check-apt';
mkdirSync(join(lists, 'partial'), { recursive: true });
const apt = ['-oAPT::Architecture=amd64', '-oAPT::Architectures=amd64', `-oDir::State::Lists=${lists}`];
try {
  execFileSync('apt-get', [...apt, 'update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', [...apt, 'download', 'libvulkan1', 'libegl1', 'libglvnd0', 'libopengl0', 'libgl1', 'libglx0', 'libgles2'], { cwd: join(kit, 'gl'), stdio: 'inherit' });
} catch {
  process.stderr.write('Could not download the Vulkan loader packages: Dawn will find no GPU unless the machine has libvulkan.so.1.\n');
}

const size = (dir) => readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? size(join(dir, e.name)) : statSync(join(dir, e.name)).size), 0);
process.stdout.write(`Packed .gpu-check/ (${(size(kit) / 2 ** 20).toFixed(1)} MiB). On the GPU machine: carry .gpu-check, run bash scripts/gpu-check/run.sh\n`);
