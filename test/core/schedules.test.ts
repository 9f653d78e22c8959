import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { EarlyStopper, PlateauReducer, scheduledRate, type EarlyStoppingConfig, type LearningRateSchedule } from '../../src/core/training/schedules';

/**
 * Learning-rate schedules epoch by epoch against PyTorch's schedulers where they compute
 * Keras's formula (StepLR = ExponentialDecay(staircase=True), ExponentialLR = ExponentialDecay
 * with decay_steps 1, CosineAnnealingLR = CosineDecay up to decay_steps, ReduceLROnPlateau with
 * patience − 1 and cooldown 0, as Keras counts `wait >= patience` and PyTorch `bad > patience`),
 * and against Keras's formulas worked out by hand where PyTorch differs. Early stopping on
 * scripted metric curves, the stopping epoch and the restored epoch worked out by hand from
 * Keras's EarlyStopping.
 */
const PYTHON = '/usr/bin/python3';
const hasTorch = spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
const EPOCHS = 12;
const LR = 0.1;
const PLATEAU_CURVE = [1.0, 0.9, 0.9, 0.9, 0.85, 0.85, 0.85, 0.85, 0.849, 0.849, 0.849, 0.849];

type Fixed = Exclude<LearningRateSchedule, { type: 'reduceOnPlateau' }>;
// Each case: a schedule and the PyTorch scheduler (Python source, `opt` its optimizer) computing the same rates.
const torchCases: { what: string; schedule: Fixed; torch: string }[] = [
  { what: 'constant', schedule: { type: 'constant' }, torch: 'torch.optim.lr_scheduler.ConstantLR(opt, factor=1.0)' },
  { what: 'step decay every 3 epochs by 0.5', schedule: { type: 'step', decaySteps: 3, decayRate: 0.5 }, torch: 'torch.optim.lr_scheduler.StepLR(opt, step_size=3, gamma=0.5)' },
  { what: 'exponential decay 0.9 per epoch', schedule: { type: 'exponential', decaySteps: 1, decayRate: 0.9 }, torch: 'torch.optim.lr_scheduler.ExponentialLR(opt, gamma=0.9)' },
  { what: 'cosine over 11 epochs to alpha 0', schedule: { type: 'cosine', decaySteps: 11, alpha: 0 }, torch: 'torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=11, eta_min=0.0)' },
  { what: 'cosine over 11 epochs to alpha 0.1', schedule: { type: 'cosine', decaySteps: 11, alpha: 0.1 }, torch: `torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=11, eta_min=${0.1 * LR})` },
];

const plateau = { type: 'reduceOnPlateau', monitor: 'valLoss', factor: 0.5, patience: 2, minDelta: 0.01, cooldown: 0, minLearningRate: 0.02 } as const;

function torchRates(): number[][] {
  const script = `
import json, sys, torch
out = []
def run(make, metrics=None):
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=${LR})
    s = make(opt)
    rates = []
    for e in range(${EPOCHS}):
        rates.append(opt.param_groups[0]['lr'])
        opt.step()
        s.step(metrics[e]) if metrics else s.step()
    return rates
for src in json.loads(sys.argv[1]):
    out.append(run(lambda opt: eval(src)))
out.append(run(lambda opt: torch.optim.lr_scheduler.ReduceLROnPlateau(opt, mode='min', factor=${plateau.factor}, patience=${plateau.patience - 1}, threshold=${plateau.minDelta}, threshold_mode='abs', cooldown=0, min_lr=${plateau.minLearningRate}), json.loads(sys.argv[2])))
print(json.dumps(out))
`;
  return JSON.parse(execFileSync(PYTHON, ['-c', script, JSON.stringify(torchCases.map((c) => c.torch)), JSON.stringify(PLATEAU_CURVE)], { encoding: 'utf8' })) as number[][];
}

function plateauRates(s: typeof plateau | Extract<LearningRateSchedule, { type: 'reduceOnPlateau' }>, curve: readonly number[]): number[] {
  const reducer = new PlateauReducer(s, LR);
  const rates = [LR];
  for (const m of curve.slice(0, -1)) rates.push(reducer.next(m));
  return rates;
}

describe.skipIf(!hasTorch)('learning-rate schedules against PyTorch', () => {
  const expected = hasTorch ? torchRates() : [];
  it.each(torchCases.map((c, i) => ({ ...c, i })))('$what: the rate of every epoch', ({ schedule, i }) => {
    const ours = Array.from({ length: EPOCHS }, (_, e) => scheduledRate(schedule, LR, e));
    ours.forEach((r, e) => expect(r, `epoch ${e}`).toBeCloseTo(expected[i][e], 12));
  });
  it('reduce on plateau (patience 2, minDelta 0.01, factor 0.5, floor 0.02) on a scripted validation loss', () => {
    const ours = plateauRates(plateau, PLATEAU_CURVE);
    ours.forEach((r, e) => expect(r, `epoch ${e}`).toBeCloseTo(expected[torchCases.length][e], 12));
    expect(new Set(ours).size).toBeGreaterThan(2);
  });
});

describe('learning-rate schedules against Keras’s formulas by hand', () => {
  it.each([
    { what: 'exponential over 4 steps: 0.1 · 0.5^(e/4)', schedule: { type: 'exponential', decaySteps: 4, decayRate: 0.5 } as Fixed, epochs: [0, 2, 4, 8], rates: [0.1, 0.1 * Math.SQRT1_2, 0.05, 0.025] },
    { what: 'cosine stays at alpha · lr after decay_steps (PyTorch climbs back)', schedule: { type: 'cosine', decaySteps: 4, alpha: 0.1 } as Fixed, epochs: [2, 4, 5, 9], rates: [0.055, 0.01, 0.01, 0.01] },
  ])('$what', ({ schedule, epochs, rates }) => {
    epochs.forEach((e, i) => expect(scheduledRate(schedule, LR, e)).toBeCloseTo(rates[i], 12));
  });
  it('reduce on plateau with cooldown 2 skips one epoch after a cut (Keras counts the cut epoch’s next one down first)', () => {
    // Flat loss: epochs 1, 2 bad → cut after epoch 2; epoch 3 in cooldown; epoch 4 counts down to 0 and is bad; 5 bad → cut; 6 cooldown; 7 bad.
    const rates = plateauRates({ ...plateau, cooldown: 2, minLearningRate: 0 }, [1, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(rates).toEqual([0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025]);
    // Without the cooldown the second cut comes one epoch sooner (after epoch 4).
    expect(plateauRates({ ...plateau, minLearningRate: 0 }, [1, 1, 1, 1, 1, 1, 1, 1, 1])).toEqual([0.1, 0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.0125, 0.0125]);
  });
});

describe('early stopping on scripted metric curves', () => {
  // Each case: the config, the metric per epoch, the epoch it stops after (null: it never stops) and the epoch whose weights are kept.
  it.each([
    { what: 'val loss stops improving: stops after patience epochs without a new best', c: { monitor: 'valLoss', patience: 2, minDelta: 0, restoreBestWeights: true }, curve: [1, 0.8, 0.7, 0.75, 0.72, 0.71, 0.69], stop: 4, best: 2 },
    { what: 'minDelta: a gain smaller than it is no improvement', c: { monitor: 'valLoss', patience: 2, minDelta: 0.05, restoreBestWeights: true }, curve: [1, 0.96, 0.94, 0.93, 0.92, 0.5], stop: 4, best: 2 },
    { what: 'accuracy is maximised; an equal value is no improvement', c: { monitor: 'valAccuracy', patience: 1, minDelta: 0, restoreBestWeights: true }, curve: [0.5, 0.6, 0.6, 0.55], stop: 2, best: 1 },
    { what: 'patience 0 stops at the first epoch that does not improve', c: { monitor: 'loss', patience: 0, minDelta: 0, restoreBestWeights: true }, curve: [1, 1.1, 0.5], stop: 1, best: 0 },
    { what: 'a curve that keeps improving never stops; the last epoch is the best', c: { monitor: 'loss', patience: 1, minDelta: 0, restoreBestWeights: true }, curve: [1, 0.9, 0.8, 0.7], stop: null, best: 3 },
    { what: 'without restoreBestWeights no weights are kept', c: { monitor: 'loss', patience: 1, minDelta: 0, restoreBestWeights: false }, curve: [1, 0.5, 0.9], stop: 2, best: null },
  ] as { what: string; c: EarlyStoppingConfig; curve: number[]; stop: number | null; best: number | null }[])('$what', ({ c, curve, stop, best }) => {
    const stopper = new EarlyStopper(c);
    let kept: number | null = null; // the epoch whose weights the loop holds, as it would copy them
    let stoppedAt: number | null = null;
    for (const [epoch, value] of curve.entries()) {
      const step = stopper.next(epoch, value);
      if (step.keepWeights) kept = epoch;
      if (step.stop) {
        stoppedAt = epoch;
        break;
      }
    }
    expect(stoppedAt).toBe(stop);
    expect(stopper.stoppedEpoch).toBe(stop);
    expect(kept).toBe(best);
  });
});
