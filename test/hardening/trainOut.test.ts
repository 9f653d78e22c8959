import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activateBackend, loadModelFiles } from '../../src/engine';
import { mnistDir } from '../engine/fixtures';
import { cli } from '../support/cli';

/**
 * `train --out` checks its folder can be written before it trains, stages the run beside
 * it and moves it into place whole, replacing only a previous run, and removes what dead
 * processes left (staging folders beside the output, `netcanvas-train-PID-*` in the system
 * temp folder).
 */
let dir: string;
const at = (name: string) => join(dir, name);
const TRAIN = ['train', 'resources/templates/mlp.json', '--data', mnistDir, '--epochs', '1', '--limit', '300', '--test-limit', '100', '--backend', 'cpu'];

/** The id of a process that has ended (a short-lived child, waited for). */
function deadPid(): number {
  const child = spawnSync('sh', ['-c', 'echo $$'], { encoding: 'utf8' });
  return Number(child.stdout.trim());
}

beforeAll(async () => {
  await activateBackend('cpu');
  dir = mkdtempSync(join(tmpdir(), 'nc-train-out-'));
  writeFileSync(at('a-file'), 'not a folder');
  mkdirSync(at('someone-elses'));
  writeFileSync(at('someone-elses/thesis.tex'), 'precious');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('train refuses an --out it cannot write before it trains', () => {
  const cases: { name: string; out: () => string; says: RegExp; untouched?: () => void }[] = [
    { name: 'an existing file', out: () => at('a-file'), says: /a file of that name exists/, untouched: () => expect(readFileSync(at('a-file'), 'utf8')).toBe('not a folder') },
    { name: 'a path under /proc (a folder nothing can be made in)', out: () => '/proc/netcanvas-run', says: /nothing can be written in \/proc|its folder cannot be made/ },
    { name: 'a path deeper under /proc', out: () => '/proc/self/netcanvas/run', says: /its folder cannot be made|nothing can be written/ },
    { name: 'a path below a file', out: () => join(at('a-file'), 'run'), says: /its folder cannot be made \(ENOTDIR\)/ },
    { name: 'a folder holding more than a run', out: () => at('someone-elses'), says: /holding more than a saved run \(thesis\.tex\)/, untouched: () => expect(readdirSync(at('someone-elses'))).toEqual(['thesis.tex']) },
  ];
  it.each(cases)('$name: exit 1, the message names --out, nothing trained', async ({ out, says, untouched }) => {
    const { code, stdout, stderr } = await cli([...TRAIN, '--out', out()]);
    expect(stderr).toMatch(says);
    expect(stderr).toContain(`--out ${out()}`);
    expect(stdout).not.toContain('Training');
    expect(code).toBe(1);
    untouched?.();
  }, 60_000);
});

describe('train --out writes the run whole', () => {
  it('into a new folder (its parents made), then over that previous run; dead owners’ leftovers are removed, a live one’s kept', async () => {
    const out = at('nested/deeper/run');
    const first = await cli([...TRAIN, '--out', out]);
    expect(first.stderr).not.toMatch(/error|cannot/i);
    expect(first.code).toBe(0);
    const firstRun = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));

    // What killed processes left: a staging folder beside --out and a runs folder in the temp folder.
    const dead = deadPid();
    const leftovers = [join(at('nested/deeper'), `.run.${dead}.0123456789ab.tmp`), join(tmpdir(), `netcanvas-train-${dead}-AbC123`)];
    const live = join(at('nested/deeper'), `.run.${process.pid}.ba9876543210.tmp`);
    for (const folder of [...leftovers, live]) {
      mkdirSync(folder);
      writeFileSync(join(folder, 'weights.bin'), 'partial');
    }

    const second = await cli([...TRAIN, '--out', out, '--seed', '7']);
    expect(second.code).toBe(0);
    const secondRun = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(secondRun.id).not.toBe(firstRun.id);
    expect(readdirSync(out).sort()).toEqual(['model.json', 'run.json', 'weights.bin']);
    const model = await loadModelFiles(out);
    expect(model.countParams()).toBe(secondRun.totalParams);
    model.dispose();
    for (const folder of leftovers) expect(existsSync(folder), folder).toBe(false);
    expect(existsSync(live)).toBe(true);
    // Nothing else beside the run: no staging folder, no replaced run.
    expect(readdirSync(at('nested/deeper')).sort()).toEqual([`.run.${process.pid}.ba9876543210.tmp`, 'run']);
  }, 240_000);
});
