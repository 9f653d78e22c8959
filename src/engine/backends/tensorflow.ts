import * as tf from '@tensorflow/tfjs';
import { BackendUnavailable, firstLine, withoutWarnings, type BackendDriver } from './backend';
import { cpuModel } from './cpu';

/** The native packages, GPU first. Both are optional dependencies: either may be absent or fail to load. */
const PACKAGES = [
  { name: '@tensorflow/tfjs-node-gpu', device: 'GPU (libtensorflow, CUDA)' },
  { name: '@tensorflow/tfjs-node', device: `CPU (${cpuModel()}, libtensorflow)` },
] as const;

let loaded: string | null = null;

/** TensorFlow's C library through @tensorflow/tfjs-node(-gpu): the fastest where its native binding loads. */
export const tensorflowBackend: BackendDriver = {
  name: 'tensorflow',
  async activate() {
    const reasons: string[] = [];
    if (loaded === null) {
      for (const pkg of PACKAGES) {
        try {
          // A package that fails half-way has already registered some kernels; the next one would warn about each.
          await withoutWarnings(() => import(/* @vite-ignore */ pkg.name));
          loaded = pkg.device;
          break;
        } catch (error) {
          reasons.push(`${pkg.name}: ${firstLine(error)}`);
        }
      }
    }
    if (loaded === null) throw new BackendUnavailable('tensorflow', `neither native package loads (${reasons.join('; ')})`);
    if (!(await tf.setBackend('tensorflow'))) throw new BackendUnavailable('tensorflow', 'the native package loaded but its backend did not start');
    await tf.ready();
    return loaded;
  },
};
