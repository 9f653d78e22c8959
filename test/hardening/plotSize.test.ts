import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Runs the real executable: before the fix, resvg aborted the process (SIGABRT), which no in-process test survives. */
function netcanvas(args: string[]) {
  return spawnSync('node', ['bin/netcanvas.mjs', ...args], { env: { ...process.env, NETCANVAS_FROM_SOURCE: '1' }, encoding: 'utf8', timeout: 60_000 });
}

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'nc-plot-size-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The MLP template with its second node moved `distance` away along x. */
function spreadGraph(distance: number): string {
  const doc = JSON.parse(readFileSync('resources/templates/mlp.json', 'utf8'));
  doc.nodes[1].position = { x: distance, y: distance };
  const file = join(dir, `spread-${distance}.json`);
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

describe('plot bounds the PNG it draws', () => {
  const cases: { name: string; args: () => string[]; code: number; says: RegExp }[] = [
    { name: 'nodes 1e9 apart (resvg aborted)', args: () => ['plot', spreadGraph(1e9), '--layout', 'positions', '-o', join(dir, 'far.png')], code: 1, says: /The picture would be \d+×\d+ pixels; PNG plots are at most 16384 pixels a side/ },
    { name: 'nodes 1e5 apart at scale 8', args: () => ['plot', spreadGraph(1e5), '--layout', 'positions', '--scale', '8', '-o', join(dir, 'wide.png')], code: 1, says: /would be \d+×\d+ pixels/ },
    { name: 'a template at scale 8 (still drawn)', args: () => ['plot', 'resources/templates/mlp.json', '--scale', '8', '-o', join(dir, 'ok.png')], code: 0, says: /Wrote/ },
  ];
  it.each(cases)('$name → exit $code', ({ args, code, says }) => {
    const result = netcanvas(args());
    expect(result.signal).toBeNull();
    expect(result.stderr).toMatch(says);
    expect(result.status).toBe(code);
  }, 90_000);
});
