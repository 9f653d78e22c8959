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

  // Each case: a command and one of its flags; `--help` must name the flag (with its short form and
  // a value placeholder where it has them) on one line with the flag's own help text.
  const flagCases = COMMANDS.flatMap((c) => Object.entries(c.flags).map(([flag, spec]) => ({ command: c.name, flag, spec })));

  it.each(flagCases)('netcanvas $command --help lists --$flag with its help text', async ({ command, flag, spec }) => {
    const result = await cli([command, '--help']);
    expect(result.code).toBe(0);
    const options = result.stdout.split('\nOptions:\n')[1] ?? '';
    const line = options.split('\n').find((l) => new RegExp(`(^|\\s)--${flag}(\\s|$)`).test(l));
    expect(line, `no line for --${flag}`).toBeDefined();
    expect(line).toContain(spec.help);
    expect(line!.trimStart().startsWith(spec.short ? `-${spec.short}, --${flag}` : `--${flag}`)).toBe(true);
    expect(line).toContain(spec.type === 'bool' ? `--${flag}  ` : spec.type === 'int' ? `--${flag} N  ` : `--${flag} VALUE  `);
  });

  it('new, export, plot and runs take -o as --output, as their help says', () => {
    const short = COMMANDS.filter((c) => Object.values(c.flags).some((f) => f.short === 'o')).map((c) => c.name);
    expect(short.sort()).toEqual(['export', 'new', 'plot', 'runs']);
  });

  // The flags a command's help lists are the ones it parses: an unknown option's error names the parser's list.
  it.each(COMMANDS.map((c) => [c.name, c]))('netcanvas %s: the flags it lists are the flags it accepts', async (name, c) => {
    const result = await cli([name, '--no-such-flag']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`(options: ${Object.keys(c.flags).map((k) => `--${k}`).join(', ')})`);
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
