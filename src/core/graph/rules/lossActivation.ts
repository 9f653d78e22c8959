import type { LossName } from '../../training/config';
import type { NodeAnalysis } from '../analyse';
import { nodeProblem } from '../problem';
import type { Topology } from '../topology';
import type { ProblemRule } from './rule';

/** The output activation each loss expects, and why; losses not listed take any. */
export const LOSS_ACTIVATION: Partial<Record<LossName, { readonly activation: string; readonly why: string }>> = {
  categoricalCrossentropy: { activation: 'softmax', why: 'categorical cross-entropy expects probabilities' },
  binaryCrossentropy: { activation: 'sigmoid', why: 'binary cross-entropy expects values in (0, 1)' },
};

/** The activation an output layer needs for `loss`: the expected one, else linear. */
export function outputActivation(loss: LossName): string {
  return LOSS_ACTIVATION[loss]?.activation ?? 'linear';
}

/** The activation applied last on the way to the output, looking through layers that do not change values. */
function finalActivation(outputId: string, results: ReadonlyMap<string, NodeAnalysis>, topo: Topology): string | null {
  let id: string | undefined = outputId;
  while (id) {
    const r = results.get(id);
    if (!r?.config) return null;
    if (typeof r.config.activation === 'string') return r.config.activation;
    if (r.kind !== 'Dropout' && r.kind !== 'Flatten' && r.kind !== 'Reshape') return 'linear';
    const inc: readonly { source: string }[] = topo.incoming.get(id) ?? [];
    id = inc.length === 1 ? inc[0].source : undefined;
  }
  return null;
}

/** The output activation suits the loss (a warning: the network trains, but poorly). */
export const lossActivationRule: ProblemRule = {
  name: 'loss-activation',
  codes: ['loss-activation'],
  run({ doc, outputId, nodes, topology, byId }) {
    const expected = LOSS_ACTIVATION[doc.training.loss];
    if (!outputId || !expected || !nodes.get(outputId)?.outputShape) return [];
    const activation = finalActivation(outputId, nodes, topology);
    if (activation === expected.activation) return [];
    const node = byId.get(outputId)!;
    const dense = node.kind === 'Dense';
    return [
      nodeProblem(node, 'loss-activation', `${expected.why}, but the output activation is ${activation ?? 'unknown'}; use ${expected.activation} on the last layer.`, {
        field: dense ? 'activation' : undefined,
        fix: dense ? { kind: 'set-field', field: 'activation', value: expected.activation } : undefined,
      }),
    ];
  },
};
