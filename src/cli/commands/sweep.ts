import path from 'node:path';
import { BACKENDS, type BackendName } from '../../core/api/contract';
import { applySettings } from '../../core/experiments/applySettings';
import { BOOK_TABLE_IDS, bookBase, bookRow, bookTable, type BookTable } from '../../core/experiments/book';
import { expandSweep, formatValue, parseVary, SweepSpecError, type SweepSpec, type TrialSettings } from '../../core/experiments/sweepSpec';
import { newSweepState, rankTrials, sweepProgress, type SweepState, type SweepTrial } from '../../core/experiments/sweepState';
import type { GraphDocument } from '../../core/graph/document';
import { openGraphText } from '../../core/graph/open';
import { defaultRunsDir } from '../../node/userDataDir';
import { createEngine, DEFAULT_CONCURRENCY, newSweepId, runSweep, SweepError, SweepStore } from '../../engine';
import { CliError, parseArgs, UsageError } from '../args';
import { readUserFile, type CliIO } from '../io';
import { templatesDir } from './bench';
import type { Command } from './command';
import { openGraphFile } from './openGraph';

const FLAGS = {
  vary: { type: 'string', repeatable: true, help: 'a setting and its values: NAME=V1,V2,… or NAME=A..B:N[:log] (N steps, linear or log); give one --vary per setting' },
  random: { type: 'int', min: 1, max: 10_000, help: 'draw N trials at random from the --vary values instead of every combination' },
  seed: { type: 'int', min: 0, max: 2 ** 31, help: 'the seed of --random, and of every trial’s training (repeatable runs)' },
  book: { type: 'string', help: `a table of the book: ${BOOK_TABLE_IDS.join(', ')}, with its figures beside ours` },
  quick: { type: 'bool', help: 'with --book: fewer epochs and samples, minutes instead of hours' },
  resume: { type: 'string', help: 'resume the sweep with this id (finished trials are kept)' },
  data: { type: 'string', help: 'the dataset folder (else NETCANVAS_DATA, the app cache, a download)' },
  epochs: { type: 'int', min: 1, max: 10_000, help: 'epochs per trial (default: the graph file’s)' },
  'batch-size': { type: 'int', min: 1, max: 65_536, help: 'batch size per trial (default: the graph file’s)' },
  limit: { type: 'int', min: 1, help: 'train each trial on the first N training samples' },
  'test-limit': { type: 'int', min: 1, help: 'test each trial on the first N test samples' },
  backend: { type: 'string', help: `${BACKENDS.join(', ')} (default: the fastest that loads)` },
  parallel: { type: 'int', min: 1, max: 16, help: `trials at once (default ${DEFAULT_CONCURRENCY}: on two cores two at once were no faster, see docs/performance.md)` },
  runs: { type: 'string', help: "the folder of runs the trials are saved in (default: the desktop app's)" },
  json: { type: 'bool', help: 'print one JSON object per finished trial, then one for the sweep' },
} as const;

export const sweepCommand: Command = {
  name: 'sweep',
  usage: 'netcanvas sweep FILE --vary NAME=V1,V2,… [--vary …] [--random N] [--data DIR] [--epochs N] [--limit N] [--json] | sweep --book TABLE [--quick] | sweep --resume ID',
  summary: 'Train the graph once per combination of settings, each trial a saved run, and print the trials ranked by validation accuracy.',
  flags: FLAGS,
  async run(argv, io) {
    const { flags, positional } = parseArgs(argv, FLAGS);
    if (flags.backend !== undefined && !(BACKENDS as readonly string[]).includes(flags.backend)) throw new UsageError(`--backend must be one of ${BACKENDS.join(', ')}, got '${flags.backend}'`);
    const json = Boolean(flags.json);
    const runsDir = flags.runs ? path.resolve(io.cwd, flags.runs) : defaultRunsDir(io.env);
    const store = new SweepStore(runsDir);

    let state: SweepState;
    let table: BookTable | undefined;
    if (flags.resume !== undefined) {
      const setup = ['vary', 'random', 'book', 'quick', 'epochs', 'batch-size', 'limit', 'test-limit', 'backend', 'seed'].filter((k) => flags[k as keyof typeof flags] !== undefined);
      if (positional.length > 0 || setup.length > 0) throw new UsageError(`--resume takes the sweep as it was set up; leave out ${[...positional, ...setup.map((s) => `--${s}`)].join(', ')}`);
      try {
        state = await store.load(flags.resume);
      } catch (error) {
        if (error instanceof SweepError) throw new CliError(error.message);
        throw error;
      }
      table = state.book ? bookTable(state.book) : undefined;
    } else {
      const made = await setUp(io, flags, positional);
      table = made.table;
      state = newSweepState({ id: newSweepId(), name: made.base.name, base: made.base, trials: made.trials, book: table?.id, job: made.job });
    }

    const counts = sweepProgress(state);
    const total = state.trials.length;
    if (!json) {
      io.stdout(`Sweep ${state.id}: ${total} trial${total === 1 ? '' : 's'} of '${state.name}'${counts.done ? ` (${counts.done} done before)` : ''}; runs in ${runsDir}\n`);
    }
    const engine = createEngine({ runsDir, dataDir: flags.data ? path.resolve(io.cwd, flags.data) : undefined, env: { ...io.env } });
    const sweep = runSweep(engine, store, state, {
      concurrency: flags.parallel,
      onTrialStart(t) {
        if (!json) io.stdout(`Trial ${t.trial}/${total}: ${describe(t.settings, table)}\n`);
      },
      onTrialEnd(t) {
        if (json) io.stdout(`${JSON.stringify(trialJson(t))}\n`);
        else if (t.status === 'done' && t.result) io.stdout(`  done in ${t.result.seconds.toFixed(1)}s: ${metrics(t)} (${t.result.runId})\n`);
        else if (t.status === 'failed') io.stdout(`  failed: ${t.error}\n`);
        else io.stdout('  stopped; it runs again on resume\n');
      },
    });
    let interrupts = 0;
    const interrupt = () => {
      interrupts++;
      if (!json) io.stderr(interrupts === 1 ? '\nStopping the sweep after this trial is saved… (Ctrl-C again to stop the trial now)\n' : '\nStopping the running trial…\n');
      if (interrupts === 1) sweep.pause();
      else sweep.stop();
    };
    process.on('SIGINT', interrupt);
    let last: SweepState;
    try {
      last = await sweep.finished;
    } catch (error) {
      if (error instanceof SweepSpecError) throw new CliError(error.message);
      throw error;
    } finally {
      process.off('SIGINT', interrupt);
      await engine.close();
    }
    const ranked = rankTrials(last);
    const after = sweepProgress(last);
    if (json) {
      const best = ranked[0];
      io.stdout(`${JSON.stringify({ event: 'sweep', id: last.id, status: last.status, trials: total, done: after.done, failed: after.failed, best: best ? trialJson(best) : null })}\n`);
    } else {
      printTable(io, last, ranked, table);
      if (last.status !== 'done') io.stdout(`\nThe sweep is ${last.status} with ${after.pending} trial${after.pending === 1 ? '' : 's'} left: netcanvas sweep --resume ${last.id}${flags.runs ? ` --runs ${flags.runs}` : ''}\n`);
    }
    if (last.status !== 'done') return 130;
    return after.failed > 0 ? 1 : 0;
  },
};

type Flags = ReturnType<typeof parseArgs<typeof FLAGS>>['flags'];

/** The base graph and the trials from the command line: a graph file and --vary, or a book table. */
async function setUp(io: CliIO, flags: Flags, positional: string[]): Promise<{ base: GraphDocument; trials: TrialSettings[]; table?: BookTable; job: SweepState['job'] }> {
  let base: GraphDocument;
  let trials: TrialSettings[];
  let table: BookTable | undefined;
  let epochs = flags.epochs;
  let limit = flags.limit;
  let testLimit = flags['test-limit'];
  if (flags.book !== undefined) {
    table = bookTable(flags.book);
    if (!table) throw new UsageError(`--book takes one of ${BOOK_TABLE_IDS.join(', ')}, got '${flags.book}'`);
    if (positional.length > 0 || flags.vary || flags.random !== undefined) throw new UsageError('--book sweeps the book’s own settings; leave out the graph file, --vary and --random');
    const file = path.join(templatesDir(), `${table.template}.json`);
    base = bookBase(table, openGraphText(await readUserFile(io, file), file).document);
    trials = table.rows.map((r) => r.settings);
    if (flags.quick) {
      epochs ??= table.quick.epochs;
      limit ??= table.quick.limit;
      testLimit ??= table.quick.testLimit;
    }
  } else {
    if (flags.quick) throw new UsageError('--quick is for --book');
    if (positional.length !== 1) throw new UsageError(positional.length === 0 ? 'name a graph file (or --book TABLE, or --resume ID)' : `expected one graph file, got ${positional.length} arguments`);
    if (!flags.vary || flags.vary.length === 0) throw new UsageError('say what to vary: --vary NAME=V1,V2,… (for example --vary dropout_1.rate=0.3,0.45)');
    base = (await openGraphFile(io, positional[0], Boolean(flags.json))).document;
    try {
      const spec: SweepSpec = {
        dimensions: flags.vary.map(parseVary),
        search: flags.random !== undefined ? { kind: 'random', trials: flags.random, seed: flags.seed ?? 0 } : { kind: 'grid' },
      };
      trials = expandSweep(spec);
    } catch (error) {
      if (error instanceof SweepSpecError) throw new UsageError(error.message);
      throw error;
    }
  }
  if (epochs !== undefined || flags['batch-size'] !== undefined) {
    base = { ...base, training: { ...base.training, ...(epochs !== undefined ? { epochs } : {}), ...(flags['batch-size'] !== undefined ? { batchSize: flags['batch-size'] } : {}) } };
  }
  // Every trial's graph is made and checked now, so a bad name or value fails before any training.
  try {
    for (const t of trials) applySettings(base, t);
  } catch (error) {
    if (error instanceof SweepSpecError) throw new CliError(error.message);
    throw error;
  }
  const job = {
    ...(flags.backend !== undefined ? { backend: flags.backend as BackendName } : {}),
    ...(limit !== undefined ? { limit } : {}),
    ...(testLimit !== undefined ? { testLimit } : {}),
    ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
  };
  return { base, trials, table, job };
}

function describe(settings: TrialSettings, table: BookTable | undefined): string {
  const row = table ? bookRow(table, settings) : undefined;
  return row ? row.label : settings.map(([p, v]) => `${p}=${formatValue(v)}`).join(' ');
}

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(100 * x).toFixed(2)}%`);

function metrics(t: SweepTrial): string {
  const r = t.result!;
  return `accuracy ${pct(r.accuracy)}, validation ${pct(r.valAccuracy)}, test ${pct(r.testAccuracy)}`;
}

/** A finished trial as `--json` prints it. */
function trialJson(t: SweepTrial) {
  const r = t.result;
  return {
    event: 'trial',
    trial: t.trial,
    status: t.status,
    settings: Object.fromEntries(t.settings),
    runId: r?.runId ?? null,
    loss: r?.loss ?? null,
    accuracy: r?.accuracy ?? null,
    valLoss: r?.valLoss ?? null,
    valAccuracy: r?.valAccuracy ?? null,
    testLoss: r?.testLoss ?? null,
    testAccuracy: r?.testAccuracy ?? null,
    totalParams: r?.totalParams ?? null,
    seconds: r?.seconds ?? null,
    ...(t.error ? { error: t.error } : {}),
  };
}

/** The finished trials, best validation accuracy first; a book table's figures beside ours. */
function printTable(io: CliIO, state: SweepState, ranked: SweepTrial[], table: BookTable | undefined): void {
  if (ranked.length === 0) {
    io.stdout('\nNo trial finished.\n');
    return;
  }
  const paths = state.trials[0].settings.map(([p]) => p);
  const header = table
    ? ['trial', 'row', 'params', 'train', 'val', 'test', 'book train', 'book test', 'seconds']
    : ['trial', ...paths, 'params', 'train', 'val', 'test', 'seconds'];
  const rows = ranked.map((t) => {
    const r = t.result!;
    const ours = [r.totalParams.toLocaleString('en-US'), pct(r.accuracy), pct(r.valAccuracy), pct(r.testAccuracy)];
    if (table) {
      const row = bookRow(table, t.settings);
      return [String(t.trial), row?.label ?? '?', ...ours, row ? `${row.train.toFixed(2)}%` : '—', row ? `${row.test.toFixed(2)}%` : '—', r.seconds.toFixed(1)];
    }
    return [String(t.trial), ...t.settings.map(([, v]) => formatValue(v)), ...ours, r.seconds.toFixed(1)];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  io.stdout(`\n${table ? `${table.title}; ` : ''}trials by validation accuracy (train and validation: the last epoch)\n`);
  io.stdout(`${line(header)}\n${line(widths.map((w) => '-'.repeat(w)))}\n${rows.map(line).join('\n')}\n`);
  const failed = state.trials.filter((t) => t.status === 'failed');
  for (const t of failed) io.stdout(`Trial ${t.trial} failed: ${t.error}\n`);
}
