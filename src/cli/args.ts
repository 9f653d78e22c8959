/** A command's flags: each a string, a whole number or a switch. */
export type FlagSpec = Record<string, { type: 'string' | 'int' | 'bool'; help: string; min?: number; max?: number }>;

export type ParsedFlags<S extends FlagSpec> = {
  [K in keyof S]?: S[K]['type'] extends 'bool' ? boolean : S[K]['type'] extends 'int' ? number : string;
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

/** Parses `--name value`, `--name=value` and `--switch`; everything else is a positional argument. */
export function parseArgs<S extends FlagSpec>(argv: readonly string[], spec: S): { flags: ParsedFlags<S>; positional: string[] } {
  const flags: Record<string, unknown> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
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
      flags[name] = value;
    }
  }
  return { flags: flags as ParsedFlags<S>, positional };
}
