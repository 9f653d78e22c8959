#!/usr/bin/env node
// `npm run build:native`: compiles NetCanvas's native kernels (native/src: convolutions by
// oneDNN, max-pool gradients and bias sums in C++) into build/native/netcanvas-native.node,
// a Node-API addon (one binary for every Node ≥ 18 and Electron). They are optional: without
// them the wasm backend trains with its WebAssembly kernels only.
//
// Needs a C++17 compiler (CXX, default g++), Node-API's headers (the node-api-headers package,
// or those beside the node binary) and oneDNN 2.x (Debian: apt-get install g++ libdnnl-dev; elsewhere set
// DNNL_ROOT to a folder with include/ and lib/).
//   --require   exit 1 when the addon cannot be built (CI); otherwise say why and exit 0
//   --quiet     print nothing on success
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import process from 'node:process';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== '--require' && a !== '--quiet');
if (unknown.length > 0) {
  process.stderr.write(`build-native: unknown option ${unknown[0]} (options: --require, --quiet)\n`);
  process.exit(2);
}
const required = args.includes('--require');
const quiet = args.includes('--quiet');
const output = join(root, 'build', 'native', 'netcanvas-native.node');

function skip(reason) {
  process.stderr.write(`Native kernels not built: ${reason}.\n${required ? '' : 'Training uses the WebAssembly kernels only.\n'}`);
  process.exit(required ? 1 : 0);
}

const compiler = process.env.CXX || 'g++';
if (spawnSync(compiler, ['--version'], { stdio: 'ignore' }).status !== 0) skip(`no C++ compiler (${compiler}); on Debian: apt-get install g++ libdnnl-dev`);

// Node-API's headers: the node-api-headers package (a devDependency, so always there after
// npm ci), else the ones installed beside Node.
const nodeHeaders = [join(root, 'node_modules', 'node-api-headers', 'include'), join(dirname(process.execPath), '..', 'include', 'node'), '/usr/include/node', '/usr/local/include/node'].find((dir) =>
  existsSync(join(dir, 'node_api.h')),
);
if (!nodeHeaders) skip(`Node-API's headers (node_api.h) are not in node_modules/node-api-headers, beside ${process.execPath}, nor in /usr/include/node`);

const dnnlRoot = process.env.DNNL_ROOT;
const dnnlInclude = dnnlRoot ? join(dnnlRoot, 'include') : '/usr/include';
if (!existsSync(join(dnnlInclude, 'oneapi', 'dnnl', 'dnnl.hpp')) && !existsSync(join(dnnlInclude, 'dnnl.hpp'))) {
  skip(`oneDNN's headers are not in ${dnnlInclude}; on Debian: apt-get install libdnnl-dev, elsewhere set DNNL_ROOT`);
}

const sources = readdirSync(join(root, 'native', 'src')).filter((f) => f.endsWith('.cc')).sort().map((f) => join(root, 'native', 'src', f));
mkdirSync(dirname(output), { recursive: true });
const partial = `${output}.${process.pid}.partial`;
// -fno-math-errno: without it, std::sqrt must set errno on a negative input, so GCC cannot
// vectorize a loop that calls it (Adam's update ran 3.5× slower); no kernel reads errno.
const flags = [
  '-O3', '-fno-math-errno', '-std=c++17', '-shared', '-fPIC', '-fopenmp', '-fvisibility=hidden', '-Wall', '-Wextra',
  `-I${nodeHeaders}`, `-I${dnnlInclude}`,
  ...(dnnlRoot ? [`-L${join(dnnlRoot, 'lib')}`, `-Wl,-rpath,${join(dnnlRoot, 'lib')}`] : []),
  ...sources, '-ldnnl', '-o', partial,
];
try {
  execFileSync(compiler, flags, { stdio: ['ignore', 'inherit', 'inherit'] });
} catch {
  rmSync(partial, { force: true });
  skip(`${compiler} failed (see above)`);
}
renameSync(partial, output);
if (!quiet) process.stdout.write(`Built ${output.slice(root.length + 1)} (oneDNN, Node-API)\n`);
