import os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { BackendUnavailable, type BackendDriver } from './backend';

/** tfjs's plain JavaScript backend: always there, single-threaded, the slowest. */
export const cpuBackend: BackendDriver = {
  name: 'cpu',
  async activate() {
    if (!(await tf.setBackend('cpu'))) throw new BackendUnavailable('cpu', 'tfjs could not start its cpu backend');
    await tf.ready();
    // The backend's one-time advice to install tfjs-node is for library users; the engine reports backends itself.
    (tf.backend() as { firstUse?: boolean }).firstUse = false;
    return `CPU (${cpuModel()}, JavaScript, 1 thread)`;
  },
};

export function cpuModel(): string {
  return os.cpus()[0]?.model.replace(/\s+/g, ' ').trim() || os.arch();
}
