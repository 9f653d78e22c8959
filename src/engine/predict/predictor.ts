import * as tf from '@tensorflow/tfjs';
import type { LayerActivation, Prediction, PredictRequest } from '../../core/api/contract';
import { activateBackend } from '../backends';
import { registerFastOrthogonal } from '../compile/orthogonal';
import { loadModelFiles } from '../runs/modelFiles';
import type { RunStore } from '../runs/runStore';

/** The most values returned for one layer's activations. */
export const MAX_ACTIVATION_VALUES = 16_384;

interface LoadedRun {
  readonly model: tf.LayersModel;
  /** A model with every layer's output as an output, built on first use. */
  probe?: tf.LayersModel;
}

/** Predicts digits with saved runs' models, each loaded once and kept. */
export class Predictor {
  private readonly loaded = new Map<string, Promise<LoadedRun>>();
  /** tfjs's backend in this process: the fastest that loads, chosen on first use. */
  private backend?: Promise<unknown>;

  constructor(private readonly store: RunStore) {}

  async predict(request: PredictRequest): Promise<Prediction> {
    if (request.pixels.length !== 784) throw new Error(`predict needs 784 pixel values (28×28), got ${request.pixels.length}`);
    const run = await this.load(request.runId);
    const input = run.model.inputs[0];
    const shape = [1, ...(input.shape.slice(1) as number[])];
    if (shape.reduce((a, d) => a * d, 1) !== 784) throw new Error(`The model of run '${request.runId}' takes an input of shape [${input.shape.slice(1).join(', ')}], not a 28×28 image`);
    const x = tf.tensor(Float32Array.from(request.pixels), shape);
    try {
      if (!request.activations) {
        const out = run.model.predict(x) as tf.Tensor;
        const probabilities = Array.from(await out.data());
        out.dispose();
        return { predictedClass: argMax(probabilities), probabilities };
      }
      run.probe ??= tf.model({ inputs: run.model.inputs, outputs: run.model.layers.map((l) => l.output as tf.SymbolicTensor) });
      const outs = run.probe.predict(x) as tf.Tensor | tf.Tensor[];
      const tensors = Array.isArray(outs) ? outs : [outs];
      const activations: LayerActivation[] = [];
      for (const [i, layer] of run.model.layers.entries()) {
        const t = tensors[i];
        const values = await t.data();
        activations.push({ nodeId: layer.name, shape: t.shape.slice(1), values: Array.from(values.subarray(0, MAX_ACTIVATION_VALUES)) });
      }
      tf.dispose(tensors);
      const outputName = run.model.outputLayers[0].name;
      const probabilities = activations.find((a) => a.nodeId === outputName)!.values.slice();
      return { predictedClass: argMax(probabilities), probabilities, activations };
    } finally {
      x.dispose();
    }
  }

  /** Drops a run's model (after the run is deleted). */
  forget(runId: string): void {
    const entry = this.loaded.get(runId);
    this.loaded.delete(runId);
    void entry?.then((r) => r.model.dispose()).catch(() => undefined);
  }

  dispose(): void {
    for (const id of [...this.loaded.keys()]) this.forget(id);
  }

  private load(runId: string): Promise<LoadedRun> {
    let entry = this.loaded.get(runId);
    if (!entry) {
      registerFastOrthogonal();
      const folder = this.store.folder(runId);
      this.backend ??= activateBackend();
      entry = this.backend.then(() => loadModelFiles(folder)).then((model) => ({ model }));
      entry.catch(() => this.loaded.delete(runId));
      this.loaded.set(runId, entry);
    }
    return entry;
  }
}

function argMax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}
