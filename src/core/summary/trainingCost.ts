/**
 * What one training sample costs in arithmetic, from the forward multiply-adds the analysis
 * counts (`GraphAnalysis.totals.macs`): two FLOP per multiply-add, and the backward pass about
 * twice the forward (the gradient with respect to each layer's input and the one with respect to
 * its weights are each a product as large as the forward one), so three passes in all.
 * Element-wise work (activations, the optimizer's update) is not counted: it is small beside the
 * products for the reference models, and it is not what a matrix-multiply peak measures.
 */
export const TRAINING_PASSES = 3;
export const FLOP_PER_MULTIPLY_ADD = 2;

/** Floating-point operations to train on one sample: 3 passes × 2 FLOP × the forward multiply-adds. */
export function trainingFlopsPerSample(forwardMacs: number): number {
  if (!Number.isFinite(forwardMacs) || forwardMacs < 0) throw new RangeError(`trainingFlopsPerSample: the multiply-adds must be a non-negative number, got ${forwardMacs}`);
  return TRAINING_PASSES * FLOP_PER_MULTIPLY_ADD * forwardMacs;
}

/** The fraction of a measured peak (FLOP/s) that a training speed (samples/s) uses. */
export function fractionOfPeak(samplesPerSecond: number, flopsPerSample: number, peakFlopsPerSecond: number): number {
  if (!(peakFlopsPerSecond > 0)) throw new RangeError(`fractionOfPeak: the peak must be a positive FLOP/s figure, got ${peakFlopsPerSecond}`);
  return (samplesPerSecond * flopsPerSample) / peakFlopsPerSecond;
}
