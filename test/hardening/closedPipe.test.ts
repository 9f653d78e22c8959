import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** The real executable, its stdout piped into a reader that goes away at once (as `| head -1` does after one line). */
function runIntoClosedPipe(args: string): { code: number; stderr: string } {
  const script = `NETCANVAS_FROM_SOURCE=1 node bin/netcanvas.mjs ${args} 2>"$ERR" | true; echo "\${PIPESTATUS[0]}"`;
  const errFile = `/tmp/nc-epipe-${process.pid}-${Math.random().toString(36).slice(2)}`;
  const result = spawnSync('bash', ['-c', `${script}; cat "$ERR"; rm -f "$ERR"`], { env: { ...process.env, ERR: errFile }, encoding: 'utf8' });
  const [code, ...stderr] = result.stdout.split('\n');
  return { code: Number(code), stderr: stderr.join('\n') };
}

describe('a reader that closes the pipe early', () => {
  const cases: { name: string; args: string; code: number }[] = [
    { name: 'summary of a template', args: 'summary resources/templates/mlp.json', code: 0 },
    { name: 'summary --json', args: 'summary resources/templates/cnn.json --json', code: 0 },
    { name: 'the usage text', args: 'help', code: 0 },
  ];
  it.each(cases)('$name: no EPIPE stack trace, exit $code', ({ args, code }) => {
    const result = runIntoClosedPipe(args);
    expect(result.stderr).not.toMatch(/EPIPE|at .*\(node:/);
    expect(result.code).toBe(code);
  }, 30_000);
});
