import { DocumentError } from '../core/graph/errors';
import { CliError, flagHelp, UsageError } from './args';
import type { Command } from './commands/command';
import { dataCommand } from './commands/data';
import { exportCommand } from './commands/export';
import { plotCommand } from './commands/plot';
import { predictCommand } from './commands/predict';
import { summaryCommand } from './commands/summary';
import { trainCommand } from './commands/train';
import { sweepCommand } from './commands/sweep';
import { runsCommand } from './commands/runs';
import { newCommand } from './commands/new';
import { benchCommand } from './commands/bench';
import { validateCommand } from './commands/validate';
import { webCommand } from './commands/web';
import type { CliIO } from './io';
import { messageOf } from '../core/messageOf';

/** Every command, in the order `netcanvas help` lists them. A new command is added here. */
export const COMMANDS: Command[] = [newCommand, summaryCommand, validateCommand, trainCommand, sweepCommand, runsCommand, predictCommand, exportCommand, plotCommand, webCommand, benchCommand, dataCommand];

export function usage(): string {
  return [
    'NetCanvas: design, train and understand neural networks.',
    '',
    'Usage:',
    ...COMMANDS.flatMap((c) => [`  ${c.usage}`, `      ${c.summary}`]),
    '',
    "Run 'netcanvas help COMMAND' for a command's options.",
  ].join('\n');
}

function commandHelp(command: Command): string {
  return [`Usage: ${command.usage}`, '', command.summary, '', 'Options:', ...flagHelp({ ...command.flags, help: { type: 'bool', help: 'print this help', short: 'h' } })].join('\n');
}

/** Runs one command line; returns the exit code. Errors are reported as one paragraph, never a stack trace. */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  const helpFlag = (arg: string) => arg === '--help' || arg === '-h';
  if (!name || name === 'help' || helpFlag(name)) {
    const topic = COMMANDS.find((c) => c.name === rest[0]);
    io.stdout(`${topic ? commandHelp(topic) : usage()}\n`);
    return 0;
  }
  if (name === '--version' || name === 'version') {
    io.stdout(`netcanvas ${process.env.npm_package_version ?? '0.1.0'}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr(`netcanvas: unknown command '${name}'.\n\n${usage()}\n`);
    return 2;
  }
  // `netcanvas train --help` as `netcanvas help train`: before the command parses its options.
  if (rest.some(helpFlag)) {
    io.stdout(`${commandHelp(command)}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`netcanvas ${command.name}: ${error.message}.\nUsage: ${command.usage}\n`);
      return 2;
    }
    if (error instanceof CliError || error instanceof DocumentError) {
      io.stderr(`netcanvas ${command.name}: ${error.message}\n`);
      return 1;
    }
    const message = messageOf(error);
    io.stderr(`netcanvas ${command.name}: unexpected error: ${message}\n`);
    return 1;
  }
}
