import path from 'node:path';
import type { RunRecord } from '../../core/api/contract';
import { diffGraphs, formatDiff } from '../../core/experiments/diff';
import { exportRuns, finalMetrics, RUN_EXPORT_FORMATS, type FinalMetrics, type RunExportFormat } from '../../core/experiments/runExport';
import { formatValue, type SettingValue } from '../../core/experiments/sweepSpec';
import type { GraphDocument } from '../../core/graph/document';
import { defaultRunsDir } from '../../node/userDataDir';
import { RunError, RunStore } from '../../engine';
import { CliError, parseArgs, UsageError } from '../args';
import type { CliIO } from '../io';
import { writeUserFile } from '../outputFile';
import type { Command } from './command';
import { openGraphFile } from './openGraph';

const FLAGS = {
  runs: { type: 'string', help: "the folder of runs (default: the desktop app's, where netcanvas sweep saves its trials too)" },
  format: { type: 'string', help: `export: ${RUN_EXPORT_FORMATS.join(' or ')} (CSV: a row per run; JSON: with the per-epoch curves)` },
  output: { type: 'string', short: 'o', help: 'export: write to FILE (atomically) instead of standard output' },
  sweep: { type: 'string', help: 'list and export: only the trials of this sweep' },
  json: { type: 'bool', help: 'list and show: print JSON' },
} as const;

const ACTIONS = ['list', 'show', 'export', 'diff'] as const;

export const runsCommand: Command = {
  name: 'runs',
  usage: 'netcanvas runs list | show ID | export --format csv|json [-o FILE] | diff A B  [--runs DIR]',
  summary: 'List, show, export (CSV or JSON) and compare the saved runs; diff A B takes run ids or graph files.',
  flags: FLAGS,
  async run(argv, io) {
    const { flags, positional } = parseArgs(argv, FLAGS);
    const [action, ...args] = positional;
    if (!action || !(ACTIONS as readonly string[]).includes(action)) throw new UsageError(action ? `unknown action '${action}' (one of ${ACTIONS.join(', ')})` : `say what to do: ${ACTIONS.join(', ')}`);
    const runsDir = flags.runs ? path.resolve(io.cwd, flags.runs) : defaultRunsDir(io.env);
    const store = new RunStore(runsDir);
    const expect = (n: number, what: string) => {
      if (args.length !== n) throw new UsageError(`runs ${action} takes ${what}, got ${args.length === 0 ? 'nothing' : args.join(' ')}`);
    };
    switch (action) {
      case 'list': {
        expect(0, 'no arguments');
        const runs = (await store.list()).filter((r) => flags.sweep === undefined || r.sweep?.id === flags.sweep);
        if (flags.json) {
          io.stdout(`${JSON.stringify(runs)}\n`);
          return 0;
        }
        if (runs.length === 0) {
          io.stdout(`No runs in ${runsDir}${flags.sweep ? ` of sweep ${flags.sweep}` : ''}.\n`);
          return 0;
        }
        const header = ['id', 'name', 'sweep', 'optimizer', 'epochs', 'params', 'test', 'seconds', 'created'];
        const rows = runs.map((r) => [r.id, r.name, r.sweep ? `${r.sweep.id} #${r.sweep.trial}` : '', r.optimizer, String(r.epochs), r.totalParams.toLocaleString('en-US'), pct(r.testAccuracy), r.seconds.toFixed(1), r.createdAt]);
        printTable(io, header, rows);
        io.stdout(`${runs.length} run${runs.length === 1 ? '' : 's'} in ${runsDir}\n`);
        return 0;
      }
      case 'show': {
        expect(1, 'one run id');
        const run = await getRun(store, args[0]);
        if (flags.json) io.stdout(`${JSON.stringify(run)}\n`);
        else showRun(io, run);
        return 0;
      }
      case 'export': {
        expect(0, 'no arguments (the runs are in --runs DIR)');
        if (flags.format === undefined) throw new UsageError(`say the format: --format ${RUN_EXPORT_FORMATS.join('|')}`);
        if (!(RUN_EXPORT_FORMATS as readonly string[]).includes(flags.format)) throw new UsageError(`--format must be one of ${RUN_EXPORT_FORMATS.join(', ')}, got '${flags.format}'`);
        const summaries = (await store.list()).filter((r) => flags.sweep === undefined || r.sweep?.id === flags.sweep);
        // Oldest first, as they were made (a sweep's trials in order).
        const runs = await Promise.all(summaries.reverse().map((s) => getRun(store, s.id)));
        const text = exportRuns(runs, flags.format as RunExportFormat);
        if (flags.output === undefined) io.stdout(text);
        else {
          const file = await writeUserFile(io, flags.output, text);
          io.stderr(`Wrote ${runs.length} run${runs.length === 1 ? '' : 's'} to ${file}\n`);
        }
        return 0;
      }
      default: {
        expect(2, 'two runs or graph files: diff A B');
        const [a, b] = await Promise.all(args.map((x) => openSide(io, store, x)));
        io.stdout(`${a.label} → ${b.label}\n`);
        io.stdout(`${formatDiff(diffGraphs(a.document, b.document)).join('\n')}\n`);
        if (a.metrics && b.metrics) {
          io.stdout('\nMetrics (last epoch, test)\n');
          const keys = ['loss', 'accuracy', 'valLoss', 'valAccuracy', 'testLoss', 'testAccuracy'] as const;
          const rows = keys.map((k) => [k, num(a.metrics![k]), num(b.metrics![k]), delta(a.metrics![k], b.metrics![k])]);
          rows.push(['params', String(a.run!.totalParams), String(b.run!.totalParams), signed(b.run!.totalParams - a.run!.totalParams, 0)]);
          rows.push(['seconds', a.run!.seconds.toFixed(1), b.run!.seconds.toFixed(1), signed(b.run!.seconds - a.run!.seconds, 1)]);
          printTable(io, ['metric', 'A', 'B', 'change'], rows);
        }
        return 0;
      }
    }
  },
};

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(100 * x).toFixed(2)}%`);
const num = (x: number | null) => (x === null ? '—' : x.toFixed(4));
const signed = (x: number, digits: number) => `${x > 0 ? '+' : ''}${x.toFixed(digits)}`;
const delta = (a: number | null, b: number | null) => (a === null || b === null ? '—' : signed(b - a, 4));

function printTable(io: CliIO, header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  io.stdout(`${line(header)}\n${line(widths.map((w) => '-'.repeat(w)))}\n${rows.map(line).join('\n')}\n`);
}

async function getRun(store: RunStore, id: string): Promise<RunRecord> {
  try {
    return await store.get(id);
  } catch (error) {
    if (error instanceof RunError) throw new CliError(error.message);
    throw error;
  }
}

interface Side {
  readonly label: string;
  readonly document: GraphDocument;
  readonly run?: RunRecord;
  readonly metrics?: FinalMetrics;
}

/** A side of `runs diff`: a run id where the runs folder holds one, else a graph file. */
async function openSide(io: CliIO, store: RunStore, arg: string): Promise<Side> {
  const looksLikeFile = /[\\/]|\.json$/i.test(arg);
  if (!looksLikeFile) {
    const run = await store.get(arg).catch((error: unknown) => {
      if (error instanceof RunError) return null;
      throw error;
    });
    if (!run) throw new CliError(`'${arg}' is neither a run in ${store.runsDir} nor a graph file`);
    // The run's graph with the settings it trained with.
    return { label: `${run.id} (${run.name})`, document: { ...run.document, training: run.training }, run, metrics: finalMetrics(run) };
  }
  return { label: arg, document: (await openGraphFile(io, arg, true)).document };
}

function showRun(io: CliIO, run: RunRecord): void {
  const t = run.training;
  const lines = [
    `${run.name} (${run.id})`,
    `  created   ${run.createdAt}, ${run.status}, ${run.seconds.toFixed(1)} s on ${run.backend} (${run.device})`,
    ...(run.notes ? [`  notes     ${run.notes}`] : []),
    ...(run.sweep ? [`  sweep     ${run.sweep.id}, trial ${run.sweep.trial}: ${run.sweep.settings.map(([p, v]) => `${p}=${formatValue(v as SettingValue)}`).join(' ')}`] : []),
    `  graph     ${run.document.name}: ${run.document.nodes.length} layers, ${run.totalParams.toLocaleString('en-US')} parameters`,
    `  training  ${t.optimizer.type} (learning rate ${t.optimizer.learningRate}), batch size ${t.batchSize}, ${t.epochs} epochs, ${t.loss}, validation split ${t.validationSplit}; ${run.trainSamples} training samples`,
    ...(run.test ? [`  test      accuracy ${pct(run.test.testAccuracy)}, loss ${run.test.testLoss.toFixed(4)} on ${run.test.samples} samples`] : ['  test      none']),
    '',
  ];
  io.stdout(`${lines.join('\n')}\n`);
  if (run.history.length > 0) {
    printTable(
      io,
      ['epoch', 'loss', 'accuracy', 'val_loss', 'val_accuracy', 'seconds'],
      run.history.map((e) => [String(e.epoch), e.loss.toFixed(4), e.accuracy.toFixed(4), e.valLoss === null ? '—' : e.valLoss.toFixed(4), e.valAccuracy === null ? '—' : e.valAccuracy.toFixed(4), e.seconds.toFixed(1)]),
    );
  }
}
