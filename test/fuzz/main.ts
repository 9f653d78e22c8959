/**
 * `npm run fuzz [-- RUNS [SEED]]`: every loader of test/fuzz/targets.ts fed RUNS inputs
 * (100,000 by default), a table of how they ended, and exit 1 on any crash or accepted-invalid case.
 */
import { fuzz } from './harness';
import { TARGETS } from './targets';

const runs = Number(process.argv[2] ?? 100_000);
const seed = Number(process.argv[3] ?? Date.now() % 2 ** 31);
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(seed)) {
  console.error('usage: npm run fuzz -- [RUNS] [SEED]  (whole numbers)');
  process.exit(2);
}
console.log(`fuzzing ${TARGETS.length} loaders, ${runs.toLocaleString('en')} cases each, seed ${seed}`);
console.log('| loader | cases | refused cleanly | accepted | crashes | accepted-invalid | slow (>2 s) |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
let bad = 0;
for (const [i, target] of TARGETS.entries()) {
  const c = await fuzz(target, runs, seed + i);
  console.log(`| ${c.target} | ${c.cases} | ${c.refused} | ${c.accepted} | ${c.crashes} | ${c.acceptedInvalid} | ${c.slow} |`);
  for (const e of c.examples) console.log(`    ${e}`);
  bad += c.crashes + c.acceptedInvalid + c.slow;
}
process.exit(bad > 0 ? 1 : 0);
