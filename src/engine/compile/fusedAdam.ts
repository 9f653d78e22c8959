import * as tf from '@tensorflow/tfjs';
import { NATIVE_ADAM_UPDATE, type AdamUpdateAttrs } from '../backends/native/kernels/adam';

type Gradients = Parameters<tf.AdamOptimizer['applyGradients']>[0];
type MomentSlot = { originalName: string; variable: tf.Variable } | undefined;

/** The fields of tfjs 4.22's AdamOptimizer that its applyGradients uses (private there; read here by name). */
interface AdamInternals {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: MomentSlot[];
  accumulatedSecondMoment: MomentSlot[];
}

/**
 * tfjs's Adam, with each variable's update done by one native kernel (NATIVE_ADAM_UPDATE)
 * where the active backend has it, instead of thirteen elementwise kernels; the same float32
 * operations in the same order, and the same state (moments, β powers, iterations), so saving,
 * loading and getWeights see a plain AdamOptimizer. Elsewhere (another backend, no native
 * kernels, a variable that is not float32 or a gradient of another size) it is tfjs's Adam unchanged.
 */
export class FusedAdamOptimizer extends tf.AdamOptimizer {
  override applyGradients(variableGradients: Gradients): void {
    const state = this as unknown as AdamInternals;
    const named: { name: string; tensor: tf.Tensor | null | undefined }[] = Array.isArray(variableGradients) ? variableGradients : Object.entries(variableGradients).map(([name, tensor]) => ({ name, tensor }));
    const fits = ({ name, tensor }: (typeof named)[number]) => {
      const value = tf.engine().registeredVariables[name];
      return tensor == null || (value?.dtype === 'float32' && tensor.dtype === 'float32' && tensor.size === value.size);
    };
    if (tf.getKernel(NATIVE_ADAM_UPDATE, tf.getBackend()) === undefined || !(state.accBeta1 instanceof tf.Variable) || !named.every(fits)) {
      super.applyGradients(variableGradients);
      return;
    }
    const f = Math.fround;
    const oneMinusAccBeta1 = f(1 - state.accBeta1.dataSync()[0]);
    const oneMinusAccBeta2 = f(1 - state.accBeta2.dataSync()[0]);
    const attrs: AdamUpdateAttrs = {
      settings: [state.beta1, 1 - state.beta1, state.beta2, 1 - state.beta2, oneMinusAccBeta1, oneMinusAccBeta2, state.epsilon, -state.learningRate],
    };
    tf.tidy(() => {
      named.forEach(({ name, tensor: gradient }, i) => {
        const value = tf.engine().registeredVariables[name];
        state.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        state.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        if (gradient == null) return;
        const m = state.accumulatedFirstMoment[i]!.variable;
        const v = state.accumulatedSecondMoment[i]!.variable;
        const [newValue, newM, newV] = tf.engine().runKernel(NATIVE_ADAM_UPDATE, { value, gradient, m, v }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
        m.assign(newM);
        v.assign(newV);
        value.assign(newValue);
      });
      state.accBeta1.assign(tf.mul(state.accBeta1, state.beta1));
      state.accBeta2.assign(tf.mul(state.accBeta2, state.beta2));
    });
    this.incrementIterations();
  }
}
