import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyseGraph } from '../../src/core/graph/analyse';
import { openGraphText } from '../../src/core/graph/open';
import { fractionOfPeak, trainingFlopsPerSample } from '../../src/core/summary/trainingCost';

const template = (name: string) => openGraphText(readFileSync(path.resolve(__dirname, `../../resources/templates/${name}.json`), 'utf8'), `${name}.json`).document;

describe('training FLOPs per sample from the summary’s multiply-adds (issue #16’s figures)', () => {
  it.each([
    // [template, forward multiply-adds the analysis counts, training FLOP per sample = 3 × 2 × MACs, the issue's rounded figure in MFLOP]
    ['mlp', 268_800, 1_612_800, 1.6],
    ['cnn', 5_187_456, 31_124_736, 31],
    ['rnn', 2_038_272, 12_229_632, 12],
  ])('%s: %d multiply-adds forward, %d FLOP to train on one sample (about %d MFLOP)', (name, macs, flops, issueMflop) => {
    const counted = analyseGraph(template(name)).totals.macs;
    expect(counted).toBe(macs);
    expect(trainingFlopsPerSample(counted)).toBe(flops);
    expect(Math.abs(flops / 1e6 - issueMflop) / issueMflop).toBeLessThan(0.02);
  });

  it.each([-1, NaN, Infinity])('refuses %d multiply-adds, naming the argument', (bad) => {
    expect(() => trainingFlopsPerSample(bad)).toThrow(/multiply-adds must be a non-negative number/);
  });
});

describe('fractionOfPeak', () => {
  it.each([
    ['the MLP at 10,000 samples/s of a 100 GFLOP/s peak uses 16.128%', 10_000, 1_612_800, 100e9, 0.16128],
    ['nothing trained uses none of it', 0, 1_612_800, 100e9, 0],
    ['exactly the peak is 1', 1000, 1e6, 1e9, 1],
  ])('%s', (_what, samplesPerSecond, flopsPerSample, peak, expected) => {
    expect(fractionOfPeak(samplesPerSecond, flopsPerSample, peak)).toBeCloseTo(expected, 10);
  });

  it.each([0, -5, NaN])('refuses a peak of %d', (peak) => {
    expect(() => fractionOfPeak(1, 1, peak)).toThrow(/the peak must be a positive FLOP\/s figure/);
  });
});
