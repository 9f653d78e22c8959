import * as tf from '@tensorflow/tfjs';
import { BackendUnavailable, firstLine, type BackendDriver } from './backend';

interface AdapterLike {
  readonly info?: { readonly vendor?: string; readonly architecture?: string; readonly description?: string; readonly device?: string };
}
interface GpuLike {
  requestAdapter(options?: { powerPreference?: string }): Promise<AdapterLike | null>;
}

let device: string | null = null;

/**
 * WebGPU in Node through Dawn (the `webgpu` package) and tfjs-backend-webgpu. The tfjs
 * backend registers itself only if `navigator.gpu` exists when it is first imported, so
 * the GPU object is installed on `navigator` before the dynamic import.
 */
export const webgpuBackend: BackendDriver = {
  name: 'webgpu',
  async activate() {
    if (device === null) device = await loadWebGpu();
    let ok: boolean;
    try {
      ok = await tf.setBackend('webgpu');
    } catch (error) {
      throw new BackendUnavailable('webgpu', `tfjs-backend-webgpu did not start: ${firstLine(error)}`);
    }
    if (!ok) throw new BackendUnavailable('webgpu', 'tfjs-backend-webgpu did not start');
    await tf.ready();
    return device;
  },
};

async function loadWebGpu(): Promise<string> {
  let dawn: { create(options: string[]): GpuLike; globals: object };
  try {
    dawn = (await import(/* @vite-ignore */ 'webgpu')) as unknown as typeof dawn;
  } catch (error) {
    throw new BackendUnavailable('webgpu', `the webgpu package (Dawn) does not load: ${firstLine(error)}`);
  }
  let gpu: GpuLike;
  let adapter: AdapterLike | null;
  try {
    gpu = dawn.create([]);
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (error) {
    throw new BackendUnavailable('webgpu', `Dawn could not look for a GPU: ${firstLine(error)}`);
  }
  if (!adapter) throw new BackendUnavailable('webgpu', 'Dawn found no GPU adapter (no Vulkan, Metal or Direct3D 12 device here)');
  Object.assign(globalThis, dawn.globals);
  const g = globalThis as { navigator?: object };
  if (g.navigator === undefined) Object.defineProperty(globalThis, 'navigator', { value: {}, configurable: true, writable: true });
  Object.defineProperty(g.navigator!, 'gpu', { value: gpu, configurable: true });
  try {
    await import(/* @vite-ignore */ '@tensorflow/tfjs-backend-webgpu');
  } catch (error) {
    throw new BackendUnavailable('webgpu', `@tensorflow/tfjs-backend-webgpu does not load: ${firstLine(error)}`);
  }
  const info = adapter.info ?? {};
  const name = [info.vendor, info.architecture, info.description || info.device].filter(Boolean).join(' ');
  return `GPU (${name || 'WebGPU adapter'}, WebGPU)`;
}
