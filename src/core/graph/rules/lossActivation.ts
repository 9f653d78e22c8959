import type { LossName } from '../../training/config';
import { LOSS_TABLE } from '../../training/losses';
import type { NodeAnalysis } from '../analyse';
import { nodeProblem } from '../problem';
import type { Topology } from '../topology';
import type { ProblemRule } from './rule';

/** Why a loss needs its output activation, for the losses that need one (the activation itself is the loss table's). */
const WHY: Partial<Record<LossName, string>> = {
  categoricalCrossentropy: 'categorical cross-entropy expects probabilities',
  binaryCrossentropy: 'binary cross-entropy expects values in (0, 1)',
};

/** The output activation each loss expects, and why; losses not listed take any. */
export const LOSS_ACTIVATION: Partial<Record<LossName, { readonly activation: string; readonly why: string }>> = Object.fromEntries(
  LOSS_TABLE.flatMap((l) => (WHY[l.id] ? [[l.id, { activation: l.outputActivation, why: WHY[l.id] }]] : [])),
);

/** The activation an output layer needs for `loss`: the loss table's. */
export function outputActivation(loss: LossName): string {
  return LOSS_TABLE.find((l) => l.id === loss)?.outputActivation ?? 'linear';
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
