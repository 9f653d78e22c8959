import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/core/api/contract';
import type { SweepState } from '../../src/core/experiments/sweepState';
import { runCli } from '../../src/cli/main';
import type { CliIO } from '../../src/cli/io';
import { mnistDir, repoRoot } from '../engine/fixtures';

/**
 * netcanvas sweep and netcanvas runs through real jobs: a four-trial MLP sweep on a small
 * subset lands four runs with the trials' settings, and `runs export` holds them; a sweep
 * killed mid-way (SIGKILL) and resumed keeps its finished trials and reruns only the rest.
 */

const VARY = ['--vary', 'dropout_1.rate=0.3,0.45', '--vary', 'optimizer=sgd,adam'];
const SMALL = ['--epochs', '1', '--limit', '600', '--test-limit', '100', '--data', mnistDir];
/** The grid the two --vary flags make, in trial order (the last --vary varies fastest). */
const GRID = [0.3, 0.45].flatMap((rate) => ['sgd', 'adam'].map((optimizer) => ({ rate, optimizer })));

let dir: string;
let runsDir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'netcanvas-cli-runs-'));
  runsDir = path.join(dir, 'runs');
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false, cwd: repoRoot, env: { ...process.env, NETCANVAS_DATA: undefined } };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

async function runsIn(folder: string): Promise<RunRecord[]> {
  const names = (await fs.readdir(folder)).filter((n) => n.startsWith('run-'));
  return Promise.all(names.map(async (n) => JSON.parse(await fs.readFile(path.join(folder, n, 'run.json'), 'utf8')) as RunRecord));
}

const settingsOf = (r: RunRecord) => new Map(r.sweep!.settings);

describe('netcanvas sweep, then netcanvas runs', () => {
  let runs: RunRecord[];
  beforeAll(async () => {
    const { code, stdout, stderr } = await cli(['sweep', 'resources/templates/mlp.json', ...VARY, ...SMALL, '--runs', runsDir]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Sweep sweep-\S+: 4 trials of 'MNIST MLP'/m);
    runs = (await runsIn(runsDir)).sort((a, b) => a.sweep!.trial - b.sweep!.trial);
  });

  it('four runs land, one per trial, each trained with its trial’s settings', () => {
    expect(runs.map((r) => r.sweep!.trial)).toEqual([1, 2, 3, 4]);
    for (const [i, r] of runs.entries()) {
      expect(Object.fromEntries(settingsOf(r))).toEqual({ 'dropout_1.rate': GRID[i].rate, optimizer: GRID[i].optimizer });
      // The settings are in the graph and training the run was made from, not just its label.
      expect(r.document.nodes.find((n) => n.id === 'dropout_1')!.config.rate).toBe(GRID[i].rate);
      expect(r.training.optimizer.type).toBe(GRID[i].optimizer);
      expect(r.history).toHaveLength(1);
      expect(r.trainSamples).toBe(540);
      expect(r.test?.samples).toBe(100);
    }
  });

  it('runs export --format csv holds the four runs, a row each, with their settings and final metrics', async () => {
    const { code, stdout } = await cli(['runs', 'export', '--format', 'csv', '--runs', runsDir]);
    expect(code).toBe(0);
    const parsed = Papa.parse<Record<string, string>>(stdout, { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta.fields).toEqual(expect.arrayContaining(['id', 'name', 'sweep', 'dropout_1.rate', 'optimizer', 'epochs', 'batchSize', 'learningRate', 'params', 'accuracy', 'valAccuracy', 'testAccuracy', 'testLoss', 'seconds']));
    expect(parsed.data).toHaveLength(4);
    for (const row of parsed.data) {
      const run = runs.find((r) => r.id === row.id)!;
      const trial = GRID[run.sweep!.trial - 1];
      expect(row).toMatchObject({ name: run.name, sweep: run.sweep!.id, 'dropout_1.rate': String(trial.rate), optimizer: trial.optimizer, params: String(run.totalParams), epochs: '1' });
      expect(Number(row.testAccuracy)).toBe(run.test!.testAccuracy);
      expect(Number(row.accuracy)).toBe(run.history[0].accuracy);
      expect(Number(row.learningRate)).toBe(run.training.optimizer.learningRate);
    }
  });

  it('runs export --format json -o FILE writes every run with its per-epoch curve', async () => {
    const file = path.join(dir, 'runs.json');
    const { code, stderr } = await cli(['runs', 'export', '--format', 'json', '-o', file, '--runs', runsDir]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/Wrote 4 runs to/);
    const doc = JSON.parse(await fs.readFile(file, 'utf8'));
    expect(doc.format).toBe('netcanvas-runs');
    expect(doc.runs.map((r: { id: string }) => r.id).sort()).toEqual(runs.map((r) => r.id).sort());
    for (const r of doc.runs) expect(r.history).toEqual(runs.find((x) => x.id === r.id)!.history);
  });

  it('runs list shows every run with its sweep and trial; runs show one run’s settings and epochs', async () => {
    const list = await cli(['runs', 'list', '--runs', runsDir]);
    expect(list.code).toBe(0);
    for (const r of runs) expect(list.stdout).toMatch(new RegExp(`^${r.id}\\s+${r.name.replace('#', '#')}\\s+${r.sweep!.id} #${r.sweep!.trial}\\s+${r.training.optimizer.type}\\s`, 'm'));
    expect(list.stdout).toMatch(/^4 runs in /m);
    const show = await cli(['runs', 'show', runs[1].id, '--runs', runsDir]);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain(`trial 2: dropout_1.rate=0.3 optimizer=adam`);
    expect(show.stdout).toMatch(/^1\s+\d\.\d{4}\s+\d\.\d{4}/m);
  });

  it('runs diff A B lists the changed dropout rate and optimizer, and the change in metrics', async () => {
    const [a, , , d] = runs;
    const { code, stdout } = await cli(['runs', 'diff', a.id, d.id, '--runs', runsDir]);
    expect(code).toBe(0);
    expect(stdout).toContain('~ dropout_1.rate: 0.3 → 0.45');
    expect(stdout).toContain('~ training.optimizer.type: sgd → adam');
    const change = d.test!.testAccuracy - a.test!.testAccuracy;
    expect(stdout).toMatch(new RegExp(`^testAccuracy\\s+${a.test!.testAccuracy.toFixed(4)}\\s+${d.test!.testAccuracy.toFixed(4)}\\s+${change > 0 ? '\\+' : ''}${change.toFixed(4).replace('.', '\\.')}$`, 'm'));
    // A run against a graph file: the file's dropout rate against the run's.
    const file = await cli(['runs', 'diff', a.id, 'resources/templates/mlp.json', '--runs', runsDir]);
    expect(file.code).toBe(0);
    expect(file.stdout).toContain('~ dropout_1.rate: 0.3 → 0.45');
  });

  it.each([
    { what: 'an unknown run id', args: ['runs', 'show', 'run-nope'], code: 1, message: /There is no run 'run-nope'/ },
    { what: 'a diff side that is neither run nor file', args: ['runs', 'diff', 'run-nope', 'resources/templates/mlp.json'], code: 1, message: /'run-nope' is neither a run in .* nor a graph file/ },
    { what: 'a missing graph file', args: ['runs', 'diff', 'no-such.json', 'resources/templates/mlp.json'], code: 1, message: /no-such\.json: no such file/ },
    { what: 'a bad --format (a usage error)', args: ['runs', 'export', '--format', 'xml'], code: 2, message: /--format must be one of csv, json, got 'xml'/ },
    { what: 'an -o in a folder that does not exist', args: ['runs', 'export', '--format', 'csv', '-o', '/no/such/folder/runs.csv'], code: 1, message: /cannot write \/no\/such\/folder\/runs\.csv: the folder \/no\/such\/folder does not exist/ },
    { what: 'an -o that is a folder', args: ['runs', 'export', '--format', 'csv', '-o', '.'], code: 1, message: /cannot write \.: it is a folder/ },
    { what: 'an unknown action', args: ['runs', 'rm'], code: 2, message: /unknown action 'rm'/ },
  ])('refuses $what with a message that names it', async ({ args, code, message }) => {
    const result = await cli([...args, '--runs', runsDir]);
    expect(result.stderr).toMatch(message);
    expect(result.code).toBe(code);
  });
});

describe('a sweep killed mid-way and resumed', () => {
  it('keeps the finished trials and reruns only the unfinished ones: four runs, one per trial', async () => {
    const killedDir = path.join(dir, 'killed');
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', 'sweep', 'resources/templates/mlp.json', ...VARY, ...SMALL, '--runs', killedDir, '--json'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    // Killed once two trials have finished (their lines printed, so their state is saved).
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.split('\n').filter((l) => l.includes('"event":"trial"')).length >= 2) resolve();
      });
      child.on('exit', () => reject(new Error(`the sweep ended before it was killed: ${out}${err}`)));
    });
    child.kill('SIGKILL');
    await exited;
    const finishedBefore = out.split('\n').filter((l) => l.includes('"event":"trial"')).map((l) => JSON.parse(l) as { trial: number; runId: string });
    expect(finishedBefore.length).toBeGreaterThanOrEqual(2);
    expect(finishedBefore.length).toBeLessThan(4);

    // A kill may land inside an atomic write, leaving its hidden .tmp beside the state file.
    const [file] = (await fs.readdir(path.join(killedDir, 'sweeps'))).filter((f) => /^sweep-[A-Za-z0-9-]+\.json$/.test(f));
    const id = file.replace(/\.json$/, '');
    const resumed = await cli(['sweep', '--resume', id, '--runs', killedDir, '--data', mnistDir, '--json']);
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    const rerun = resumed.stdout.split('\n').filter((l) => l.includes('"event":"trial"')).map((l) => JSON.parse(l) as { trial: number; runId: string });
    // Only trials not finished before the kill ran again (a trial caught saving may be adopted, not rerun).
    for (const t of rerun) expect(finishedBefore.map((f) => f.trial)).not.toContain(t.trial);

    const state = JSON.parse(await fs.readFile(path.join(killedDir, 'sweeps', file), 'utf8')) as SweepState;
    expect(state.status).toBe('done');
    expect(state.trials.map((t) => t.status)).toEqual(['done', 'done', 'done', 'done']);
    for (const f of finishedBefore) expect(state.trials[f.trial - 1].result?.runId).toBe(f.runId);
    // No trial lost or run twice: one saved run per trial, and they are the state's.
    const saved = await runsIn(killedDir);
    expect(saved.map((r) => r.sweep!.trial).sort()).toEqual([1, 2, 3, 4]);
    expect(saved.map((r) => r.id).sort()).toEqual(state.trials.map((t) => t.result!.runId).sort());
    for (const r of saved) {
      const g = GRID[r.sweep!.trial - 1];
      expect(Object.fromEntries(settingsOf(r))).toEqual({ 'dropout_1.rate': g.rate, optimizer: g.optimizer });
    }
  });
});
