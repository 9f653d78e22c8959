import * as tf from '@tensorflow/tfjs';
import type { LayerActivation, OwnPrediction, Prediction, PredictRequest, PredictSampleRequest } from '../../core/api/contract';
import { messageOf } from '../../core/messageOf';
import { encodePicture, encodeRows, predictEncoded } from './ownData';
import { selectActivation } from '../../core/digits/activations';
import { argMax, checkDigitOutput, digitBatchShape, toProbabilities } from '../../core/digits/modelInput';
import { activateBackend } from '../backends';
import { registerFastOrthogonal } from '../compile/orthogonal';
import { loadModelFiles } from '../runs/modelFiles';
import type { RunStore } from '../runs/runStore';

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
    const run = await this.load(request.runId);
    if (!request.activations) return predictDigit(run.model, request.pixels);
    run.probe ??= layerProbe(run.model);
    return predictDigit(run.model, request.pixels, run.probe);
  }

  /**
   * One own-data sample through a run's model, prepared as its training data was (the run's
   * saved preprocessing): a table row through the table plan, a picture through the image
   * preprocessing. Refuses, saying why, a run of a built-in dataset or a sample of the wrong kind.
   */
  async predictSample(request: PredictSampleRequest): Promise<OwnPrediction> {
    const record = await this.store.get(request.runId);
    const data = record.data;
    if (!data) throw new Error(`Run ${record.name} was trained on ${record.document.dataset.name}, not on own data; draw a digit on the pad instead`);
    const { preprocessing, description } = data;
    let x: Float32Array;
    if (preprocessing.kind === 'table') {
      if (!request.row) throw new Error(`Run ${record.name} was trained on a table; give a row of its columns`);
      const columns = preprocessing.plan.columns;
      if (request.row.length !== columns.length) throw new Error(`A row of run ${record.name}'s table has ${columns.length} cells (${columns.join(', ')}), got ${request.row.length}`);
      x = encodeRows(preprocessing.plan, [request.row], 'the row', [1]);
    } else if (preprocessing.kind === 'image') {
      if (!request.picture) throw new Error(`Run ${record.name} was trained on pictures; give a picture (PNG, JPEG or WebP)`);
      const bytes = Uint8Array.from(Buffer.from(request.picture, 'base64'));
      try {
        x = await encodePicture(bytes, preprocessing);
      } catch (error) {
        throw new Error(`The picture cannot be read: ${messageOf(error)}`);
      }
    } else {
      throw new Error(`Run ${record.name} was trained on arrays; predict with its exported model`);
    }
    const run = await this.load(request.runId);
    return predictEncoded(run.model, x, 1, description, preprocessing)[0];
  }

  /** Drops a run's model (after the run is deleted). */
  forget(runId: string): void {
    const entry = this.loaded.get(runId);
    this.loaded.delete(runId);
    void entry?.then((r) => r.model.dispose()).catch(() => undefined);
  }

  /** Resolves once tfjs has its backend in this process (the same one predictions use). */
  ready(): Promise<unknown> {
    this.backend ??= activateBackend();
    return this.backend;
  }

  dispose(): void {
    for (const id of [...this.loaded.keys()]) this.forget(id);
  }

  private load(runId: string): Promise<LoadedRun> {
    let entry = this.loaded.get(runId);
    if (!entry) {
      registerFastOrthogonal();
      const folder = this.store.folder(runId);
      entry = this.ready().then(() => loadModelFiles(folder)).then((model) => ({ model }));
      entry.catch(() => this.loaded.delete(runId));
      this.loaded.set(runId, entry);
    }
    return entry;
  }
}

/** A model with every layer's output as an output, in the model's layer order. */
export function layerProbe(model: tf.LayersModel): tf.LayersModel {
  return tf.model({ inputs: model.inputs, outputs: model.layers.map((l) => l.output as tf.SymbolicTensor) });
}

/**
 * The one way NetCanvas reads a digit with a model (the pad, `netcanvas predict`): the 784
 * values reshaped to the model's input (DigitModelError when they do not fit), its ten
 * outputs as probabilities, the most probable class, and, given the model's layerProbe,
 * every layer's output as the "Inside the network" view draws it (selectActivation).
 */
export async function predictDigit(model: tf.LayersModel, pixels: ArrayLike<number>, probe?: tf.LayersModel): Promise<Prediction> {
  if (pixels.length !== 784) throw new Error(`predict needs 784 pixel values (28×28), got ${pixels.length}`);
  const shape = digitBatchShape(model.inputs[0].shape);
  checkDigitOutput(model.outputs[0].shape);
  const x = tf.tensor(Float32Array.from(pixels), shape);
  const outs = (probe ?? model).predict(x) as tf.Tensor | tf.Tensor[];
  // tfjs returns a lone output as a tensor, several as a list.
  const tensors = Array.isArray(outs) ? outs : [outs];
  try {
    let activations: LayerActivation[] | undefined;
    let output = tensors[0];
    if (probe) {
      activations = [];
      for (const [i, layer] of model.layers.entries()) {
        const shape = tensors[i].shape.slice(1) as number[];
        activations.push({ nodeId: layer.name, shape, values: selectActivation(shape, await tensors[i].data()) });
      }
      output = tensors[model.layers.indexOf(model.outputLayers[0])];
    }
    const probabilities = toProbabilities(await output.data());
    return { predictedClass: argMax(probabilities), probabilities, ...(activations ? { activations } : {}) };
  } finally {
    x.dispose();
    tf.dispose(tensors);
  }
}
