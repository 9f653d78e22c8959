/**
 * The fault test of `train --out`: the `netcanvas` CLI, or its training job, killed with
 * SIGKILL at moments drawn from a seeded generator, during training and during saving.
 * After each kill the output folder is whole (the three files, loading with `predict`, its
 * run.json's parameter count the model's) or absent, and what the killed run left (staging
 * folders beside the output, the CLI's runs folder in the system temp folder) is gone once
 * the next run has started. Used by test/hardening/killRuns.test.ts (a few kills) and
 * `npm run faults` (test/hardening/faults.ts, 50 by default).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { loadModelFiles } from '../../src/engine';
import { mnistDir, random, repoRoot } from '../engine/fixtures';
import { cli } from '../support/cli';

/** How many kills the normal suite runs; `npm run faults` runs FAULT_KILLS. */
export const SUITE_KILLS = 8;
export const FAULT_KILLS = 50;

export type Victim = 'cli' | 'job';
export type Phase = 'training' | 'saving';

/** One kill as drawn: whom, in which phase, how long after that phase's first line of output, and the graph's hidden units. */
export interface KillPlan {
  readonly victim: Victim;
  readonly phase: Phase;
  readonly delayMs: number;
  readonly hidden: number;
}

/** How one kill ended. */
export interface KillOutcome extends KillPlan {
  /** Whether the victim was still running when its moment came (else the run had finished, or the job had not started). */
  readonly killed: boolean;
  /** What the output folder held afterwards: the run just killed, the one before it, or nothing. */
  readonly folder: 'new' | 'previous' | 'absent';
  /** Why the folder or the leftovers are wrong; empty when all is well. */
  readonly damage: string[];
}

/** Each phase starts at a line the CLI prints: the job's `started` event, and the test result that comes just before the run is saved. */
const PHASE_LINE: Record<Phase, string> = { training: "Training '", saving: 'Test accuracy' };
/**
 * The kill moments are drawn from [0, PHASE_SPAN_MS[phase]] after that line: on the 2-core
 * machine the two epochs end about 0.5 s after the first line, and saving (the job's run
 * written, copied to the staging folder, moved into place) about 55 ms from the second.
 */
const PHASE_SPAN_MS: Record<Phase, number> = { training: 400, saving: 70 };
const RUN_FILES = ['model.json', 'run.json', 'weights.bin'];

/**
 * The kills of `count` runs from `seed` (the same seed, the same plan): victim and phase
 * take turns (CLI in training, job in training, CLI in saving, job in saving), the moment
 * in the phase and the graph's size are drawn.
 */
export function killPlans(count: number, seed: number): KillPlan[] {
  const r = random(seed);
  return Array.from({ length: count }, (_, i) => {
    const victim = (['cli', 'job'] as const)[i % 2];
    const phase = (['training', 'saving'] as const)[Math.floor(i / 2) % 2];
    return { victim, phase, delayMs: r.int(0, PHASE_SPAN_MS[phase]), hidden: r.int(3, 8) };
  });
}

/** A small MLP (784 → hidden → 10): each hidden size has its own parameter count, so a run.json beside another run's model shows. */
function tinyGraph(hidden: number): string {
  const node = (id: string, kind: string, config: object, y: number) => ({ id, kind, config, position: { x: 0, y } });
  const edge = (i: number, source: string, target: string) => ({ id: `e${i}`, source, sourcePort: 'out', target, targetPort: 'in' });
  return JSON.stringify({
    format: 'netcanvas-graph',
    version: 2,
    name: `tiny ${hidden}`,
    nodes: [node('input', 'Input', { shape: [784] }, 0), node('hidden', 'Dense', { units: hidden, activation: 'relu' }, 100), node('out', 'Dense', { units: 10 }, 200), node('softmax', 'Activation', { activation: 'softmax' }, 300)],
    edges: [edge(1, 'input', 'hidden'), edge(2, 'hidden', 'out'), edge(3, 'out', 'softmax')],
  });
}

/** The ids of the live processes whose parent is `pid` (from /proc; a zombie counts as ended). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = statOf(Number(name));
    if (stat && stat.ppid === pid && stat.state !== 'Z') out.push(Number(name));
  }
  return out;
}

function statOf(pid: number): { state: string; ppid: number } | null {
  try {
    const match = /^\d+ \(.*\) (\S) (\d+)/s.exec(readFileSync(`/proc/${pid}/stat`, 'latin1'));
    return match ? { state: match[1], ppid: Number(match[2]) } : null;
  } catch {
    return null;
  }
}

const alive = (pid: number) => {
  const stat = statOf(pid);
  return stat !== null && stat.state !== 'Z';
};

/** Waits until `pid` has ended; a job that outlives its CLI by `limitMs` is itself damage. */
async function ended(pid: number, limitMs: number): Promise<boolean> {
  for (let waited = 0; waited < limitMs; waited += 25) {
    if (!alive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return !alive(pid);
}

/** A folder for the fault test: the graphs, a digit to predict, a private temp folder (TMPDIR) and the output's parent. */
export async function faultBench() {
  const base = mkdtempSync(join(tmpdir(), 'nc-kills-'));
  const temp = join(base, 'tmp');
  const parent = join(base, 'out');
  mkdirSync(temp);
  mkdirSync(parent);
  for (let hidden = 3; hidden <= 8; hidden++) writeFileSync(join(base, `tiny-${hidden}.json`), tinyGraph(hidden));
  const digit = join(base, 'digit.png');
  await sharp(Buffer.alloc(784, 0).map((_, i) => (i % 28 > 10 && i % 28 < 16 ? 255 : 0)), { raw: { width: 28, height: 28, channels: 1 } })
    .png()
    .toFile(digit);
  return { base, temp, parent, out: join(parent, 'run'), digit, remove: () => rmSync(base, { recursive: true, force: true }) };
}
export type FaultBench = Awaited<ReturnType<typeof faultBench>>;

/** What a run leaves beside the output and in the temp folder (staging, replaced runs, the CLI's runs folders). */
function leftovers(bench: FaultBench): string[] {
  return [...readdirSync(bench.parent).filter((n) => n !== 'run'), ...readdirSync(bench.temp).filter((n) => n.startsWith('netcanvas-train-'))];
}

/**
 * Runs `netcanvas train --out` as its own process (TMPDIR the bench's), kills `plan.victim`
 * `plan.delayMs` after the phase's line (or not at all: `plan` null), and resolves once the
 * CLI and its job have ended.
 */
function trainAndKill(bench: FaultBench, plan: KillPlan | null, seed: number): Promise<{ killed: boolean; code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; orphans: number[] }> {
  const hidden = plan?.hidden ?? 5;
  const args = ['bin/netcanvas.mjs', 'train', join(bench.base, `tiny-${hidden}.json`), '--data', mnistDir, '--epochs', '2', '--limit', '600', '--test-limit', '100', '--batch-size', '32', '--backend', 'cpu', '--seed', String(seed), '--out', bench.out];
  const child = spawn(process.execPath, args, { cwd: repoRoot, env: { ...process.env, TMPDIR: bench.temp }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let killed = false;
  let armed = false;
  const jobs = new Set<number>();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const fire = () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const found = childrenOf(child.pid!);
    found.forEach((p) => jobs.add(p));
    const victims = plan!.victim === 'cli' ? [child.pid!] : found;
    for (const pid of victims) {
      try {
        process.kill(pid, 'SIGKILL');
        killed = true;
      } catch {
        // It ended just now.
      }
    }
  };
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (plan && !armed && stdout.includes(PHASE_LINE[plan.phase])) {
      armed = true;
      // The job is known before the moment comes, so an orphan it leaves is seen.
      childrenOf(child.pid!).forEach((p) => jobs.add(p));
      setTimeout(fire, plan.delayMs);
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return exited.then(async ({ code, signal }) => {
    const orphans: number[] = [];
    for (const pid of jobs) if (!(await ended(pid, 15_000))) orphans.push(pid);
    return { killed, code, signal, stdout, stderr, orphans };
  });
}

/** Why the output folder is not a whole run that `predict` loads; empty when it is (or is absent). */
async function folderDamage(bench: FaultBench): Promise<string[]> {
  if (!existsSync(bench.out)) return [];
  const names = readdirSync(bench.out).sort();
  if (names.join() !== RUN_FILES.join()) return [`the folder holds ${JSON.stringify(names)}, not ${JSON.stringify(RUN_FILES)}`];
  const damage: string[] = [];
  try {
    const record = JSON.parse(readFileSync(join(bench.out, 'run.json'), 'utf8')) as { totalParams: number };
    const model = await loadModelFiles(bench.out);
    if (model.countParams() !== record.totalParams) damage.push(`run.json says ${record.totalParams} parameters, the model has ${model.countParams()}`);
    model.dispose();
  } catch (error) {
    damage.push(`the run does not load: ${(error as Error).message}`);
  }
  const predicted = await cli(['predict', bench.out, bench.digit, '--json']);
  if (predicted.code !== 0) damage.push(`predict failed (${predicted.code}): ${predicted.stderr.trim()}`);
  else if ((JSON.parse(predicted.stdout) as { probabilities: number[] }).probabilities.length !== 10) damage.push('predict gave no ten probabilities');
  return damage;
}

const runId = (bench: FaultBench): string | null => (existsSync(join(bench.out, 'run.json')) ? (JSON.parse(readFileSync(join(bench.out, 'run.json'), 'utf8')) as { id: string }).id : null);

/** Runs the plans one after another, then one run to the end; returns each kill's outcome and what the last run found. */
export async function runKills(bench: FaultBench, plans: readonly KillPlan[], onOutcome: (o: KillOutcome, i: number) => void = () => undefined): Promise<{ outcomes: KillOutcome[]; final: string[] }> {
  const outcomes: KillOutcome[] = [];
  for (const [i, plan] of plans.entries()) {
    const before = runId(bench);
    const left = leftovers(bench);
    const run = await trainAndKill(bench, plan, i + 1);
    const damage = await folderDamage(bench);
    // A killed run's leftovers belong to a dead process: the next run (this one) removed them before it trained.
    const kept = leftovers(bench).filter((n) => left.includes(n));
    if (kept.length > 0) damage.push(`leftovers of a killed run were not removed: ${kept.join(', ')}`);
    if (run.orphans.length > 0) damage.push(`the job (pid ${run.orphans.join(', ')}) outlived its CLI`);
    if (run.signal === null && !(run.code === 0 || (run.code === 1 && /The training job was killed \(SIGKILL\)/.test(run.stderr)))) damage.push(`the CLI ended with ${run.code}: ${run.stderr.trim().slice(-300)}`);
    // The job killed (or the run ended first), the CLI ends by itself and cleans up after it: nothing is left.
    if (plan.victim === 'job' && run.signal === null && leftovers(bench).length > 0) damage.push(`the CLI, which was not killed, left ${leftovers(bench).join(', ')} behind`);
    const after = runId(bench);
    const folder = after === null ? 'absent' : after === before ? 'previous' : 'new';
    const outcome: KillOutcome = { ...plan, killed: run.killed, folder, damage };
    outcomes.push(outcome);
    onOutcome(outcome, i);
  }
  // One run to the end: a whole new run in place, nothing else beside it or in the temp folder.
  const before = runId(bench);
  const run = await trainAndKill(bench, null, plans.length + 1);
  const final = [...(await folderDamage(bench))];
  if (run.code !== 0) final.push(`the last run ended with ${run.code}: ${run.stderr.trim().slice(-300)}`);
  if (runId(bench) === null || runId(bench) === before) final.push('the last run is not in place');
  if (leftovers(bench).length > 0) final.push(`left after the last run: ${leftovers(bench).join(', ')}`);
  return { outcomes, final };
}

/** Counts of the outcomes, for the report and docs/reliability.md. */
export function tally(outcomes: readonly KillOutcome[]) {
  const count = (f: (o: KillOutcome) => boolean) => outcomes.filter(f).length;
  return {
    kills: outcomes.length,
    cliKilled: count((o) => o.killed && o.victim === 'cli'),
    jobKilled: count((o) => o.killed && o.victim === 'job'),
    finishedFirst: count((o) => !o.killed),
    duringTraining: count((o) => o.killed && o.phase === 'training'),
    duringSaving: count((o) => o.killed && o.phase === 'saving'),
    folderNew: count((o) => o.folder === 'new'),
    folderPrevious: count((o) => o.folder === 'previous'),
    folderAbsent: count((o) => o.folder === 'absent'),
    damaged: count((o) => o.damage.length > 0),
  };
}
