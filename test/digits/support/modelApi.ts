import * as tf from '@tensorflow/tfjs';
import type { DatasetSample, LayerActivation, NetCanvasApi, Prediction, RunRecord, TestMistake } from '../../../src/core/api/contract';
import { digitBatchShape } from '../../../src/core/digits/modelInput';
import { emptyDocument } from '../../../src/core/graph/document';
import { readMnist, type MnistSplit } from './mnist';

/**
 * A stand-in for the engine behind the digits panel in browser tests: a real tfjs model
 * trained in the test, real MNIST files, and a run record evaluated on real test images.
 * Only what the panel calls is implemented; the rest refuses.
 */
export class ModelApi implements NetCanvasApi {
  readonly calls: { method: string; args: unknown[] }[] = [];
  private readonly train: MnistSplit = readMnist('train');
  private readonly test: MnistSplit = readMnist('test');

  constructor(
    private readonly model: tf.LayersModel,
    readonly runId: string,
    private readonly testSamples = 1000,
  ) {}

  async predict(request: { runId: string; pixels: readonly number[]; activations?: boolean }): Promise<Prediction> {
    this.calls.push({ method: 'predict', args: [request] });
    if (request.runId !== this.runId) throw new Error(`no run ${request.runId}`);
    let probabilities: number[] = [];
    let activations: LayerActivation[] | undefined;
    tf.tidy(() => {
      const input = tf.tensor(Array.from(request.pixels), digitBatchShape(this.model.inputs[0].shape));
      probabilities = Array.from((this.model.predict(input) as tf.Tensor).dataSync());
      if (request.activations) {
        const layers = this.model.layers;
        const probe = tf.model({ inputs: this.model.inputs, outputs: layers.map((l) => l.output as tf.SymbolicTensor) });
        // tfjs returns a lone output as a tensor, several as a list.
        const predicted = probe.predict(input);
        const outputs = Array.isArray(predicted) ? predicted : [predicted];
        activations = layers.map((l, i) => ({ nodeId: l.name, shape: outputs[i].shape.slice(1), values: Array.from(outputs[i].dataSync()).slice(0, 16384) }));
      }
    });
    return { predictedClass: probabilities.indexOf(Math.max(...probabilities)), probabilities, activations };
  }

  async datasetSample(dataset: string, split: 'train' | 'test', count: number, seed: number, indices?: readonly number[]): Promise<DatasetSample> {
    this.calls.push({ method: 'datasetSample', args: [dataset, split, count, seed, indices] });
    const part = split === 'train' ? this.train : this.test;
    let state = seed + 1;
    const chosen = indices ?? Array.from({ length: count }, () => ((state = (state * 1103515245 + 12345) >>> 0) % part.count));
    const counts = (labels: Uint8Array) => Array.from({ length: 10 }, (_, d) => labels.filter((l) => l === d).length);
    return {
      dataset: 'mnist',
      split,
      images: chosen.map((i) => Array.from(part.images.subarray(i * 784, (i + 1) * 784))),
      labels: chosen.map((i) => part.labels[i]),
      indices: chosen,
      trainCounts: counts(this.train.labels),
      testCounts: counts(this.test.labels),
    };
  }

  /** The run as the engine records it, its test results computed on the first `testSamples` test images. */
  async getRun(runId: string): Promise<RunRecord> {
    this.calls.push({ method: 'getRun', args: [runId] });
    if (runId !== this.runId) throw new Error(`no run ${runId}`);
    const n = this.testSamples;
    const probabilities = tf.tidy(() => (this.model.predict(tf.tensor2d(Float32Array.from(this.test.images.subarray(0, n * 784), (v) => v / 255), [n, 784])) as tf.Tensor).arraySync() as number[][]);
    const confusion = Array.from({ length: 10 }, () => new Array<number>(10).fill(0));
    const mistakes: TestMistake[] = [];
    probabilities.forEach((p, index) => {
      const predicted = p.indexOf(Math.max(...p));
      const label = this.test.labels[index];
      confusion[label][predicted]++;
      if (predicted !== label) mistakes.push({ index, label, predicted, confidence: p[predicted] });
    });
    const right = confusion.reduce((a, row, i) => a + row[i], 0);
    return {
      id: runId,
      createdAt: new Date(0).toISOString(),
      name: 'small dense net',
      document: emptyDocument('small dense net'),
      training: emptyDocument().training,
      backend: 'cpu',
      device: 'CPU',
      trainSamples: 3000,
      seconds: 1,
      status: 'completed',
      history: [],
      test: {
        testLoss: 0.3,
        testAccuracy: right / n,
        confusion,
        perClassAccuracy: confusion.map((row, i) => row[i] / Math.max(1, row.reduce((a, b) => a + b, 0))),
        samples: n,
        mistakes: mistakes.sort((a, b) => b.confidence - a.confidence),
      },
      totalParams: this.model.countParams(),
    };
  }

  engineInfo = refuse('engineInfo');
  startTraining = refuse('startTraining');
  stopTraining = refuse('stopTraining');
  listRuns = refuse('listRuns');
  deleteRun = refuse('deleteRun');
  onEvent(): () => void {
    return () => undefined;
  }
}

function refuse(method: string) {
  return async (): Promise<never> => {
    throw new Error(`${method} is not part of the digits panel's test engine`);
  };
}
