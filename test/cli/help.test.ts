import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/main';
import { cli } from '../support/cli';

describe('help', () => {
  const forms = (name: string) => [['help', name], [name, '--help'], [name, '-h'], [name, 'some-file.json', '--epochs', '3', '--help']];

  it.each(COMMANDS.map((c) => [c.name]))('netcanvas %s: every way of asking prints its usage and exits 0, without running it', async (name) => {
    for (const args of forms(name)) {
      const result = await cli(args);
      expect(result.code, args.join(' ')).toBe(0);
      expect(result.stdout, args.join(' ')).toMatch(new RegExp(`^Usage: netcanvas ${name}`));
      expect(result.stderr, args.join(' ')).toBe('');
    }
  });

  it('with no command, or --help alone, lists every command', async () => {
    for (const args of [[], ['--help'], ['help']]) {
      const result = await cli(args);
      expect(result.code).toBe(0);
      for (const c of COMMANDS) expect(result.stdout).toContain(`netcanvas ${c.name}`);
    }
  });

  it('an unknown option is still refused with the usage', async () => {
    const result = await cli(['bench', '--fast']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown option --fast/);
  });
});
