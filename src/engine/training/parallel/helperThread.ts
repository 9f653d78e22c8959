import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import type { FromHelper, ToHelper, WireTensor } from './protocol';

/** A half batch's result from the helper. */
export interface HelperGradients {
  readonly grads: Float32Array[];
  readonly loss: number;
  readonly correct: number;
}

/**
 * Where the helper's code is: `helper.ts` beside this file when running from source (it
 * is then loaded through tsx), or `training-helper.mjs` beside a bundle. Null when
 * neither exists, and the parallel loop is then not available.
 */
function helperWorker(): Worker | null {
  const source = new URL('./helper.ts', import.meta.url);
  if (existsSync(fileURLToPath(source))) {
    const tsx = import.meta.resolve('tsx/esm/api');
    const code = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(source.href)}); });`;
    return new Worker(code, { eval: true });
  }
  const bundled = new URL('./training-helper.mjs', import.meta.url);
  return existsSync(fileURLToPath(bundled)) ? new Worker(bundled) : null;
}

/** Whether this installation has the helper's code (the parallel loop is possible). */
export function helperAvailable(): boolean {
  return existsSync(fileURLToPath(new URL('./helper.ts', import.meta.url))) || existsSync(fileURLToPath(new URL('./training-helper.mjs', import.meta.url)));
}

/** The job's main-thread side of the helper worker_thread: one request at a time, answered in order. */
export class HelperThread {
  private waiting: { resolve: (m: FromHelper) => void; reject: (e: Error) => void } | null = null;
  private failure: Error | null = null;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: FromHelper) => {
      const w = this.waiting;
      this.waiting = null;
      if (m.type === 'error') w?.reject(new Error(`The training helper thread failed: ${m.message}`));
      else w?.resolve(m);
    });
    const fail = (error: Error) => {
      this.failure = error;
      this.waiting?.reject(error);
      this.waiting = null;
    };
    worker.on('error', (e) => fail(new Error(`The training helper thread failed: ${e.message}`)));
    worker.on('exit', (code) => fail(new Error(`The training helper thread ended (exit code ${code})`)));
  }

  /**
   * Starts the helper and builds its replica of the compiled model; null when the helper's
   * code is not installed. `seed` seeds the helper's random draws (its dropout masks).
   */
  static async start(model: tf.LayersModel, halfBatch: number, seed: number): Promise<HelperThread | null> {
    const worker = helperWorker();
    if (!worker) return null;
    const helper = new HelperThread(worker);
    try {
      await helper.request({ type: 'init', topology: model.toJSON(undefined, false), loss: model.loss, warmUpBatch: halfBatch, seed });
    } catch (error) {
      await helper.close();
      throw error;
    }
    return helper;
  }

  /** Sends the current weights and a half batch; settles with that half's gradients. The arrays are transferred. */
  async gradients(weights: Float32Array[], x: WireTensor, y: WireTensor): Promise<HelperGradients> {
    const reply = await this.request({ type: 'step', weights, x, y }, [...weights.map((w) => w.buffer as ArrayBuffer), x.values.buffer as ArrayBuffer, y.values.buffer as ArrayBuffer]);
    if (reply.type !== 'grads') throw new Error(`The training helper answered ${reply.type} to a step`);
    return reply;
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }

  private request(message: ToHelper, transfer: ArrayBuffer[] = []): Promise<FromHelper> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.worker.postMessage(message, transfer);
    });
  }
}
