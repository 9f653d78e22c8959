import { randomSource } from '../compile/orthogonal';

/**
 * Makes a training job repeatable: tfjs draws the seeds of its random ops (initial
 * weights, dropout masks) and `fit`'s shuffling from `Math.random`, so a job that is
 * given a seed replaces it, in the job's own process only, with a seeded generator.
 * The same seed on the same backend then gives the same run.
 */
export function seedJobRandomness(seed: number | undefined): void {
  if (seed === undefined) return;
  Math.random = randomSource(seed);
}
