import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { BackendUnavailable, firstLine, type BackendDriver } from './backend';
import { cpuModel } from './cpu';
import { loadNativeAddon } from './native/addon';
import { registerNativeKernels } from './native/kernels';
import { registerWasmTrainingKernels } from './wasm/kernels';

/** The folder holding tfjs-backend-wasm's .wasm files, as a path (Node reads them from disk). */
function wasmFolder(): string {
  const require = createRequire(import.meta.url);
  return `${path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'))}${path.sep}dist${path.sep}`;
}

/**
 * tfjs's WebAssembly backend (XNNPACK, SIMD), with the training kernels it lacks added, and
 * NetCanvas's native kernels (oneDNN convolutions, C++ pooling gradients and bias sums) in
 * front of them where they are built (`npm run build:native`; NETCANVAS_NATIVE=0 turns them off).
 */
export const wasmBackend: BackendDriver = {
  name: 'wasm',
  async activate() {
    try {
      setWasmPaths(wasmFolder());
    } catch (error) {
      throw new BackendUnavailable('wasm', `its .wasm files were not found: ${firstLine(error)}`);
    }
    let ok: boolean;
    try {
      ok = await tf.setBackend('wasm');
    } catch (error) {
      throw new BackendUnavailable('wasm', `it did not start: ${firstLine(error)}`);
    }
    if (!ok) throw new BackendUnavailable('wasm', 'it did not start (tfjs-backend-wasm failed to initialise)');
    await tf.ready();
    registerWasmTrainingKernels();
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    const threads = getThreadsCount();
    const wasmDevice = `WebAssembly${simd ? ' SIMD' : ''}, ${threads} thread${threads === 1 ? '' : 's'}`;
    const native = loadNativeAddon();
    if (!native.ok) return `CPU (${cpuModel()}, ${wasmDevice})`;
    registerNativeKernels(native.addon);
    const { oneDnn, isa, threads: nativeThreads } = native.addon.info();
    return `CPU (${cpuModel()}, ${wasmDevice}; native kernels by oneDNN ${oneDnn}, ${isa}, ${nativeThreads} thread${nativeThreads === 1 ? '' : 's'})`;
  },
};
