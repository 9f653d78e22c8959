/**
 * `npm run fuzz [-- RUNS [SEED [ONLY]]]`: every loader of test/fuzz/targets.ts (or those
 * whose name contains ONLY) fed RUNS inputs (100,000 by default), a table of how they ended,
 * and exit 1 on any crash, accepted-invalid or slow case.
 */
import { fuzz } from './harness';
import { TARGETS } from './targets';

const runs = Number(process.argv[2] ?? 100_000);
const seed = Number(process.argv[3] ?? Date.now() % 2 ** 31);
const only = process.argv[4];
const chosen = TARGETS.map((target, i) => ({ target, i })).filter(({ target }) => only === undefined || target.name.includes(only));
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(seed) || chosen.length === 0) {
  console.error(`usage: npm run fuzz -- [RUNS] [SEED] [ONLY]  (whole numbers; ONLY a part of a loader's name: ${TARGETS.map((t) => t.name.split(' ')[0]).join(', ')})`);
  process.exit(2);
}
console.log(`fuzzing ${chosen.length} loaders, ${runs.toLocaleString('en')} cases each, seed ${seed}`);
console.log('| loader | cases | refused cleanly | accepted | crashes | accepted-invalid | slow (>2 s) |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
let bad = 0;
for (const { target, i } of chosen) {
  const c = await fuzz(target, runs, seed + i);
  console.log(`| ${c.target} | ${c.cases} | ${c.refused} | ${c.accepted} | ${c.crashes} | ${c.acceptedInvalid} | ${c.slow} |`);
  for (const e of c.examples) console.log(`    ${e}`);
  bad += c.crashes + c.acceptedInvalid + c.slow;
}
process.exit(bad > 0 ? 1 : 0);
