/**
 * How far a regression model's predictions are from the truth, in the target's own units:
 * the mean absolute error, the root of the mean squared error, and R², the share of the
 * target's variance the predictions explain (1 is perfect; 0 is no better than always
 * predicting the mean; below 0 is worse). Pure functions of two equal-length lists.
 */
export interface RegressionMetrics {
  readonly mae: number;
  readonly rmse: number;
  readonly r2: number;
}

function check(truth: ArrayLike<number>, predicted: ArrayLike<number>): void {
  if (truth.length !== predicted.length) throw new RangeError(`${truth.length} true values but ${predicted.length} predictions; the two must agree`);
  if (truth.length === 0) throw new RangeError('no values to score');
}

export function meanAbsoluteError(truth: ArrayLike<number>, predicted: ArrayLike<number>): number {
  check(truth, predicted);
  let sum = 0;
  for (let i = 0; i < truth.length; i++) sum += Math.abs(truth[i] - predicted[i]);
  return sum / truth.length;
}

export function rootMeanSquaredError(truth: ArrayLike<number>, predicted: ArrayLike<number>): number {
  check(truth, predicted);
  let sum = 0;
  for (let i = 0; i < truth.length; i++) sum += (truth[i] - predicted[i]) ** 2;
  return Math.sqrt(sum / truth.length);
}

/** 1 − SS_res / SS_tot, as scikit-learn's r2_score: a constant truth gives 1 when predicted exactly, else 0. */
export function rSquared(truth: ArrayLike<number>, predicted: ArrayLike<number>): number {
  check(truth, predicted);
  let mean = 0;
  for (let i = 0; i < truth.length; i++) mean += truth[i];
  mean /= truth.length;
  let residual = 0;
  let total = 0;
  for (let i = 0; i < truth.length; i++) {
    residual += (truth[i] - predicted[i]) ** 2;
    total += (truth[i] - mean) ** 2;
  }
  if (total === 0) return residual === 0 ? 1 : 0;
  return 1 - residual / total;
}

export function regressionMetrics(truth: ArrayLike<number>, predicted: ArrayLike<number>): RegressionMetrics {
  return { mae: meanAbsoluteError(truth, predicted), rmse: rootMeanSquaredError(truth, predicted), r2: rSquared(truth, predicted) };
}
