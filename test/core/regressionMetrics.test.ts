import { describe, expect, it } from 'vitest';
import { meanAbsoluteError, rootMeanSquaredError, rSquared } from '../../src/core/metrics/regression';

/** Each case worked out by hand (the working in `why`). */
const CASES = [
  {
    name: 'perfect predictions',
    truth: [1, 2, 3],
    predicted: [1, 2, 3],
    mae: 0,
    rmse: 0,
    r2: 1,
    why: 'no residuals: MAE = RMSE = 0, R² = 1 − 0/2',
  },
  {
    name: 'always the mean',
    truth: [1, 2, 3],
    predicted: [2, 2, 2],
    mae: 2 / 3,
    rmse: Math.sqrt(2 / 3),
    r2: 0,
    why: 'residuals −1, 0, 1: MAE = 2/3, MSE = 2/3; SS_res = SS_tot = 2, so R² = 0',
  },
  {
    name: 'off by one everywhere',
    truth: [0, 2, 4, 6],
    predicted: [1, 3, 5, 7],
    mae: 1,
    rmse: 1,
    r2: 1 - 4 / 20,
    why: 'residuals all −1: MAE = RMSE = 1; mean 3, SS_tot = 9+1+1+9 = 20, SS_res = 4, R² = 0.8',
  },
  {
    name: 'worse than the mean',
    truth: [1, 3],
    predicted: [3, 1],
    mae: 2,
    rmse: 2,
    r2: 1 - 8 / 2,
    why: 'residuals ∓2: MAE = RMSE = 2; mean 2, SS_tot = 2, SS_res = 8, R² = −3',
  },
  {
    name: 'one sample far off',
    truth: [10, 20, 30, 40],
    predicted: [10, 20, 30, 0],
    mae: 10,
    rmse: 20,
    r2: 1 - 1600 / 500,
    why: 'one residual of 40: MAE = 40/4, MSE = 1600/4 = 400; mean 25, SS_tot = 225+25+25+225 = 500',
  },
  {
    name: 'a constant truth predicted exactly',
    truth: [5, 5],
    predicted: [5, 5],
    mae: 0,
    rmse: 0,
    r2: 1,
    why: 'SS_tot = 0 and SS_res = 0: R² is 1 (scikit-learn’s convention)',
  },
  {
    name: 'a constant truth missed',
    truth: [5, 5],
    predicted: [4, 6],
    mae: 1,
    rmse: 1,
    r2: 0,
    why: 'SS_tot = 0 and SS_res = 2: R² is 0 (scikit-learn’s convention)',
  },
];

describe('regression metrics against values worked out by hand', () => {
  it.each(CASES)('$name: $why', ({ truth, predicted, mae, rmse, r2 }) => {
    expect(meanAbsoluteError(truth, predicted)).toBeCloseTo(mae, 12);
    expect(rootMeanSquaredError(truth, predicted)).toBeCloseTo(rmse, 12);
    expect(rSquared(truth, predicted)).toBeCloseTo(r2, 12);
  });

  it.each([
    { name: 'lengths that differ', truth: [1, 2], predicted: [1], says: /2 true values but 1 predictions/ },
    { name: 'no values', truth: [], predicted: [], says: /no values/ },
  ])('refuses $name', ({ truth, predicted, says }) => {
    expect(() => rSquared(truth, predicted)).toThrow(says);
    expect(() => meanAbsoluteError(truth, predicted)).toThrow(says);
  });
});
