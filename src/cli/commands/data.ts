import path from 'node:path';
import { ArrayFileError } from '../../core/data/arrays';
import { inspectionProblems, type DataInspection } from '../../core/data/inspection';
import type { DataChoices } from '../../core/data/choices';
import { TableError } from '../../core/data/table';
import { CliError, parseArgs, UsageError } from '../args';
import type { Command } from './command';
import { DATA_CHOICE_FLAGS, dataChoicesOf } from '../dataFlags';
import { DatasetError, inspectOwnData } from '../../engine';

export type { DataInspection };

const FLAGS = {
  target: { type: 'string', help: "the table's target column (the last column by default)" },
  json: { type: 'bool', help: 'print JSON' },
  ...DATA_CHOICE_FLAGS,
} as const;

export const dataCommand: Command = {
  name: 'data',
  usage: 'netcanvas data PATH [--target COLUMN] [--types COL=TYPE,…] [--task TASK] [--missing fill|drop] [--json]',
  flags: FLAGS,
  summary: 'Show what NetCanvas sees in a table (.csv, .tsv) or arrays (.npz, .npy, a folder of .npy): columns and types, classes, input shape, task, split, warnings.',
  async run(argv, io) {
    const { flags, positional } = parseArgs(argv, FLAGS);
    const file = positional[0];
    if (!file) throw new UsageError('name a table or array file to inspect');
    if (positional.length > 1) throw new UsageError(`takes one PATH, got ${positional.length}`);
    const result = await inspectData(path.resolve(io.cwd, file), flags.target, path.basename(file), dataChoicesOf(flags));
    if (flags.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    else io.stdout(`${describe(result).join('\n')}\n`);
    const problems = inspectionProblems(result);
    for (const problem of problems) io.stderr(`${problem}\n`);
    return problems.length > 0 ? 1 : 0;
  },
};

/** What NetCanvas sees in a file or folder of own data (`netcanvas data`, `netcanvas new --data`); a CliError names what cannot be read. */
export async function inspectData(full: string, target: string | undefined, label = path.basename(full), choices: DataChoices = {}): Promise<DataInspection> {
  try {
    return await inspectOwnData(full, target, choices, label);
  } catch (error) {
    if (error instanceof TableError || error instanceof ArrayFileError || error instanceof DatasetError) throw new CliError(error.message);
    throw error;
  }
}

const num = (n: number | null) => (n === null ? '-' : Number.isInteger(n) ? String(n) : n.toPrecision(4));

function describe(result: DataInspection): string[] {
  if (result.kind === 'image-folder') {
    const i = result.inspection;
    const lines = [
      `${i.file}: image folder (${i.layout}), ${i.samples} pictures in ${i.classes.length} classes`,
      `Task: ${i.description.task}; input shape [${i.description.inputShape.join(', ')}] (${i.suggestion.reason})`,
      `Most common size: ${i.commonSize ? `${i.commonSize.width}×${i.commonSize.height} (${i.commonSize.count} pictures)` : '-'}, ${i.sizes} size(s); ${i.colour ? 'colour' : 'grey'}`,
      '',
      `Classes (train/validation/test): ${i.classes.map((c) => `${c.name} ${c.train}/${c.validation}/${c.test}`).join(', ')}`,
      `Split (${i.split.given ? 'as given' : `seed ${i.split.seed}`}): train ${i.split.train}, validation ${i.split.validation}, test ${i.split.test}`,
    ];
    if (i.skipped.count > 0) lines.push('', `Skipped files: ${i.skipped.count}`, ...i.skipped.files.slice(0, 20).map((s) => `  ${s.file} ${s.reason}`), ...(i.skipped.count > 20 ? [`  … and ${i.skipped.count - 20} more (--json lists them all)`] : []));
    lines.push(...warnings(i.warnings));
    return lines;
  }
  if (result.kind === 'idx-folder') {
    const i = result.inspection;
    return [
      `${i.file}: IDX folder${i.builtin ? ` (${i.builtin})` : ''}, ${i.samples} images in ${i.classes.length} classes`,
      `Task: ${i.description.task}; input shape [${i.description.inputShape.join(', ')}]`,
      '',
      `Classes (train/test): ${i.classes.map((c) => `${c.name} ${c.train}/${c.test}`).join(', ')}`,
      `Split (seed ${i.split.seed}): train ${i.split.train}, validation ${i.split.validation}, test ${i.split.test}`,
      ...warnings(i.warnings),
    ];
  }
  if (result.kind === 'table') {
    const t = result.inspection;
    const lines = [
      `${t.file}: table, ${t.usedRows} samples of ${t.rows} rows, ${t.columns.length} columns (delimiter ${JSON.stringify(t.delimiter)}, ${t.hasHeader ? 'header row' : 'no header'})`,
      `Task: ${t.target.task} on '${t.target.column}'; input shape [${t.description.inputShape.join(', ')}]`,
      '',
      'Column                         Type      Min        Max        Mean       Missing  Distinct',
      ...t.columns.map((c) => `${`${c.name}${c.role === 'target' ? ' (target)' : ''}`.padEnd(30)} ${c.type.padEnd(9)} ${num(c.min).padEnd(10)} ${num(c.max).padEnd(10)} ${num(c.mean).padEnd(10)} ${String(c.missing).padEnd(8)} ${c.distinct}`),
    ];
    if (t.target.classes.length > 0) lines.push('', `Classes: ${t.target.classes.map((c) => `${c.name} ${c.count}`).join(', ')}`);
    lines.push('', `Split (seed ${t.split.seed}): train ${t.split.train}, validation ${t.split.validation}, test ${t.split.test}`);
    if (t.droppedRows.missingTarget + t.droppedRows.missingFeatures > 0) lines.push(`Dropped rows: ${t.droppedRows.missingTarget} without a target, ${t.droppedRows.missingFeatures} with missing inputs`);
    lines.push(...warnings(t.warnings));
    return lines;
  }
  const a = result.inspection;
  const lines = [
    `${a.file}: arrays, ${a.samples.train} train and ${a.samples.test} test samples`,
    ...a.entries.map((e) => `  ${e.name.padEnd(8)} ${e.dtype.padEnd(6)} [${e.shape.join(', ')}]`),
    `Task: ${a.task} (labels ${a.labels}); input shape [${a.inputShape.join(', ')}]; inputs from ${num(a.inputRange.min)} to ${num(a.inputRange.max)}`,
  ];
  if (a.classes.length > 0) lines.push('', `Classes (train/test): ${a.classes.map((c) => `${c.name} ${c.train}/${c.test}`).join(', ')}`);
  lines.push(...warnings(a.warnings));
  return lines;
}

function warnings(list: readonly { readonly message: string }[]): string[] {
  return list.length === 0 ? [] : ['', 'Warnings:', ...list.map((w) => `  - ${w.message}`)];
}
