import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activateBackend } from '../../src/engine';
import { faultBench, killPlans, runKills, SUITE_KILLS, tally, type FaultBench } from './killRuns';

/**
 * SUITE_KILLS kills of `train --out` (the CLI or its job, SIGKILL, during training or
 * saving, seed 17); `npm run faults` runs 50 (test/hardening/faults.ts). A failing kill
 * replays with its seed and index.
 */
let bench: FaultBench;
beforeAll(async () => {
  await activateBackend('cpu');
  bench = await faultBench();
});
afterAll(() => bench?.remove());

describe('train --out killed at random moments', () => {
  it(`${SUITE_KILLS} kills: each leaves the run folder whole (loading with predict) or absent, the next run removes what it left, a last run ends clean`, async () => {
    const plans = killPlans(SUITE_KILLS, 17);
    // The plan takes turns between both victims in both phases.
    expect(new Set(plans.map((p) => `${p.victim} ${p.phase}`)).size).toBe(4);
    const { outcomes, final } = await runKills(bench, plans);
    expect(outcomes.filter((o) => o.damage.length > 0)).toEqual([]);
    expect(final).toEqual([]);
    // Most kills land while the victim runs (a moment after the run ended kills nothing).
    expect(tally(outcomes).finishedFirst).toBeLessThan(SUITE_KILLS);
  }, 300_000);
});
