/**
 * `npm run faults [-- KILLS [SEED]]`: `train --out` killed KILLS times (50 by default) at
 * moments drawn from SEED (test/hardening/killRuns.ts), one line per kill and a tally;
 * exit 1 on any damaged run or leftover.
 */
import { activateBackend } from '../../src/engine';
import { FAULT_KILLS, faultBench, killPlans, runKills, tally } from './killRuns';

const kills = Number(process.argv[2] ?? FAULT_KILLS);
const seed = Number(process.argv[3] ?? 20261204);
if (!Number.isInteger(kills) || kills < 1 || !Number.isInteger(seed)) {
  console.error('usage: npm run faults -- [KILLS] [SEED]  (whole numbers)');
  process.exit(2);
}
await activateBackend('cpu');
const bench = await faultBench();
const began = performance.now();
console.log(`killing train --out ${kills} times, seed ${seed}`);
try {
  const { outcomes, final } = await runKills(bench, killPlans(kills, seed), (o, i) => {
    const what = `${o.victim} ${o.phase} +${o.delayMs} ms (hidden ${o.hidden})`;
    console.log(`${String(i + 1).padStart(3)}  ${what.padEnd(34)} ${o.killed ? 'killed' : 'had ended'}  folder: ${o.folder}${o.damage.length ? `  DAMAGE: ${o.damage.join('; ')}` : ''}`);
  });
  const counts = tally(outcomes);
  console.log(JSON.stringify(counts));
  console.log(final.length ? `last run: ${final.join('; ')}` : 'last run: whole, nothing left beside it or in the temp folder');
  console.log(`${((performance.now() - began) / 1000).toFixed(0)} s`);
  process.exitCode = counts.damaged > 0 || final.length > 0 ? 1 : 0;
} finally {
  bench.remove();
}
