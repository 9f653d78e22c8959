import * as tf from '@tensorflow/tfjs';
import { WASM } from './wasmTensors';

/** Registers `config` for the wasm backend in place of any kernel of the same name. */
export function replaceWasmKernel(config: tf.KernelConfig): void {
  if (tf.getKernel(config.kernelName, WASM) !== undefined) tf.unregisterKernel(config.kernelName, WASM);
  tf.registerKernel(config);
}

/**
 * A layer of kernels over the wasm backend's: each made from the kernel it replaces, which is
 * remembered the first time, so that registering again never wraps a wrapper, and `restore`
 * puts the kernels underneath back.
 */
export class WasmKernelLayer {
  private readonly below = new Map<string, tf.KernelConfig>();

  constructor(
    /** What the layer is, for the message when a kernel to build on is missing. */
    private readonly what: string,
  ) {}

  register(kernelName: string, make: (below: tf.KernelConfig) => tf.KernelConfig): void {
    if (!this.below.has(kernelName)) {
      const current = tf.getKernel(kernelName, WASM);
      if (current === undefined) throw new Error(`The wasm backend has no '${kernelName}' kernel for ${this.what} to build on: is @tensorflow/tfjs-backend-wasm loaded?`);
      this.below.set(kernelName, current);
    }
    replaceWasmKernel(make(this.below.get(kernelName)!));
  }

  restore(): void {
    for (const config of this.below.values()) replaceWasmKernel(config);
    this.below.clear();
  }
}
