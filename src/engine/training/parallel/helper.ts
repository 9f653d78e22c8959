/**
 * The helper worker_thread of the parallel training loop: its own tfjs with the wasm
 * backend and our training kernels, and a replica of the job's model built from the same
 * Keras topology. For each step it takes the current weights and half a batch, and sends
 * back that half's gradients, mean loss and count of right answers.
 */
import { parentPort } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { useOneNativeThread } from '../../backends/native/threads';
import { wasmBackend } from '../../backends/wasm';
import { registerFastOrthogonal } from '../../compile/orthogonal';
import { seedJobRandomness } from '../seed';
import { halfStepGradients } from './gradients';
import type { FromHelper, ToHelper } from './protocol';
import { messageOf } from '../../../core/messageOf';

const port = parentPort!;
let model: tf.LayersModel | null = null;
const WARM_UP_STEPS = 2;

const reply = (message: FromHelper, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

port.on('message', (message: ToHelper) => {
  void handle(message).catch((error: unknown) => reply({ type: 'error', message: messageOf(error) }));
});

async function handle(message: ToHelper): Promise<void> {
  if (message.type === 'init') {
    await wasmBackend.activate();
    useOneNativeThread();
    seedJobRandomness(message.seed);
    registerFastOrthogonal();
    model = await tf.models.modelFromJSON({ modelTopology: message.topology as tf.io.ModelJSON['modelTopology'] });
    model.compile({ optimizer: 'sgd', loss: message.loss as string });
    warmUp(model, message.warmUpBatch);
    reply({ type: 'ready' });
    return;
  }
  const replica = model!;
  // write() assigns the values to the variable; tidy then drops the temporary tensors.
  tf.tidy(() => replica.trainableWeights.forEach((w, i) => w.write(tf.tensor(message.weights[i], w.shape as number[]))));
  const x = tf.tensor(message.x.values, message.x.shape);
  const y = tf.tensor(message.y.values, message.y.shape);
  const half = halfStepGradients(replica, x, y);
  const grads = half.grads.map((g) => new Float32Array(g.dataSync()));
  const result: FromHelper = { type: 'grads', grads, loss: half.loss.dataSync()[0], correct: half.correct.dataSync()[0] };
  tf.dispose([x, y, half.grads, half.loss, half.correct]);
  reply(result, grads.map((g) => g.buffer as ArrayBuffer));
}

/** A few gradient steps on zeros: the kernels' first calls (XNNPACK operator set-up, the JIT) are slow. */
function warmUp(replica: tf.LayersModel, batch: number): void {
  const shapeOf = (t: tf.SymbolicTensor) => [batch, ...(t.shape.slice(1) as number[])];
  const x = tf.zeros(shapeOf(replica.inputs[0]));
  const y = tf.zeros(shapeOf(replica.outputs[0]));
  for (let i = 0; i < WARM_UP_STEPS; i++) {
    const half = halfStepGradients(replica, x, y);
    half.loss.dataSync();
    tf.dispose([half.grads, half.loss, half.correct]);
  }
  tf.dispose([x, y]);
}
