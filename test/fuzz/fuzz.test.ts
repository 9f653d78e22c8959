import { describe, expect, it } from 'vitest';
import { fuzz } from './harness';
import { TARGETS } from './targets';

/** A bounded sample for the normal suite (a few thousand per loader, as issue 17 asks); `npm run fuzz` runs 100,000 per loader (test/fuzz/main.ts). */
const RUNS = 2_000;

describe('fuzzing every loader with random and mutated input (fast-check)', () => {
  it.each(TARGETS.map((t, i) => ({ target: t, seed: 17 + i })))('$target.name: every case accepted or refused with its typed error; no crash, none accepted-invalid', async ({ target, seed }) => {
    const counts = await fuzz(target, RUNS, seed);
    expect(counts.examples).toEqual([]);
    expect({ crashes: counts.crashes, acceptedInvalid: counts.acceptedInvalid }).toEqual({ crashes: 0, acceptedInvalid: 0 });
    // The inputs reach both outcomes, so the sample is not all refused at the first check.
    expect(counts.refused).toBeGreaterThan(0);
  }, 600_000);
});
