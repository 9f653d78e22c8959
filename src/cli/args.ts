/** One flag: a string, a whole number or a switch; its help line; `short`, a one-letter form (`-o` for `--output`). */
export interface Flag {
  readonly type: 'string' | 'int' | 'bool';
  readonly help: string;
  readonly min?: number;
  readonly max?: number;
  readonly short?: string;
  /** A string flag that may be given more than once (`--vary a=1 --vary b=2`): its values in order. */
  readonly repeatable?: boolean;
}

/** A command's flags, by name (`--name`). */
export type FlagSpec = Readonly<Record<string, Flag>>;

export type ParsedFlags<S extends FlagSpec> = {
  [K in keyof S]?: S[K]['type'] extends 'bool' ? boolean : S[K]['type'] extends 'int' ? number : S[K]['repeatable'] extends true ? string[] : string;
};

/** A mistake in how the command was called: the message is shown with the command's usage. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Bad input (a file, a value): shown as it is, exit code 1. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

/** The flag whose short form is `arg` (`-o`, `-o=FILE`), as `--name` / `--name=FILE`; anything else as it is. */
function expandShort(arg: string, spec: FlagSpec): string {
  const match = /^-([A-Za-z])(=.*)?$/.exec(arg);
  if (!match) return arg;
  const name = Object.keys(spec).find((k) => spec[k].short === match[1]);
  return name === undefined ? arg : `--${name}${match[2] ?? ''}`;
}

/**
 * Parses `--name value`, `--name=value`, `--switch` and a flag's short form (`-o value`, `-o=value`);
 * everything else is a positional argument.
 */
export function parseArgs<S extends FlagSpec>(argv: readonly string[], spec: S): { flags: ParsedFlags<S>; positional: string[] } {
  const flags: Record<string, unknown> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = expandShort(argv[i], spec);
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '--') {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const flag = spec[name];
    if (!flag) {
      const known = Object.keys(spec).map((k) => `--${k}`).join(', ');
      throw new UsageError(`unknown option --${name}${known ? ` (options: ${known})` : ''}`);
    }
    if (flag.type === 'bool') {
      if (eq !== -1) throw new UsageError(`--${name} is a switch and takes no value`);
      flags[name] = true;
      continue;
    }
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      i++;
    }
    if (value === undefined || (eq === -1 && value.startsWith('--'))) throw new UsageError(`--${name} needs a value`);
    if (flag.type === 'int') {
      if (!/^\d+$/.test(value)) throw new UsageError(`--${name} takes a whole number, got '${value}'`);
      const n = Number(value);
      if (flag.min !== undefined && n < flag.min) throw new UsageError(`--${name} must be at least ${flag.min}, got ${n}`);
      if (flag.max !== undefined && n > flag.max) throw new UsageError(`--${name} must be at most ${flag.max}, got ${n}`);
      flags[name] = n;
    } else {
      if (value === '') throw new UsageError(`--${name} needs a value`);
      if (flag.repeatable) flags[name] = [...((flags[name] as string[] | undefined) ?? []), value];
      else flags[name] = value;
    }
  }
  return { flags: flags as ParsedFlags<S>, positional };
}

/** The help's option lines: `  -o, --output FILE  help`, the help texts in one column. */
export function flagHelp(spec: FlagSpec): string[] {
  const names = Object.entries(spec).map(([name, flag]) => {
    const value = flag.type === 'bool' ? '' : flag.type === 'int' ? ' N' : ' VALUE';
    return { left: `${flag.short ? `-${flag.short}, ` : '    '}--${name}${value}`, flag };
  });
  const width = Math.max(0, ...names.map((n) => n.left.length));
  return names.map(({ left, flag }) => `  ${left.padEnd(width)}  ${flag.help}${range(flag)}`);
}

/** An int flag's bounds, as the help says them: ` (1 to 50)`, ` (at least 1)`. */
function range(flag: Flag): string {
  if (flag.type !== 'int' || (flag.min === undefined && flag.max === undefined)) return '';
  if (flag.min !== undefined && flag.max !== undefined) return ` (${flag.min} to ${flag.max})`;
  return flag.min !== undefined ? ` (at least ${flag.min})` : ` (at most ${flag.max})`;
}
