import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BACKENDS, newJobId, type BackendName, type TrainEvent, type TrainRequest } from '../../core/api/contract';
import type { GraphDocument } from '../../core/graph/document';
import { analyseGraph } from '../../core/graph/analyse';
import { openGraphText } from '../../core/graph/open';
import { fractionOfPeak, trainingFlopsPerSample } from '../../core/summary/trainingCost';
import { defaultOptimizer } from '../../core/training/config';
import { createEngine, loadNativeAddon, measureDataScale, measureMatMulPeak, measureTrainingSpeed, peakFlopsPerSecond, probeBackends, type PeakRun, type SpeedResult } from '../../engine';
import { writeFileAtomic } from '../../node/atomicWrite';
import { CliError, parseArgs, UsageError } from '../args';
import { readUserFile, type CliIO } from '../io';
import { blasName, peerScript, runTorchPeer, type PeerOutcome } from './benchPeer';
import type { Command } from './command';

const MODELS = ['mlp', 'cnn', 'rnn'] as const;
type ModelName = (typeof MODELS)[number];

/** The reference book's test accuracies (chapter 1), for --accuracy. */
const BOOK_ACCURACY: Record<ModelName, number> = { mlp: 0.985, cnn: 0.994, rnn: 0.98 };

/** Samples per timed epoch on each backend: tfjs's plain JavaScript backend is 10–100 times slower than the others. */
const SAMPLES: Record<BackendName, Record<ModelName, number>> = {
  tensorflow: { mlp: 12_800, cnn: 2560, rnn: 2560 },
  webgpu: { mlp: 12_800, cnn: 2560, rnn: 2560 },
  wasm: { mlp: 6400, cnn: 1280, rnn: 1280 },
  cpu: { mlp: 1280, cnn: 32, rnn: 128 },
};
/** A measurement takes fewer timed epochs when its warm-up shows the repeats would take longer than this. */
const BUDGET_SECONDS = 90;

const FLAGS = {
  accuracy: { type: 'bool', help: 'train the templates for their full epochs and compare the test accuracy with the book' },
  models: { type: 'string', help: 'comma-separated: mlp, cnn, rnn (default all)' },
  backends: { type: 'string', help: 'comma-separated backends (default every one that loads)' },
  repeats: { type: 'int', help: 'timed epochs per measurement (default 3); the median is reported', min: 1, max: 50 },
  samples: { type: 'int', help: 'samples per timed epoch (default per model)', min: 1 },
  'no-peer': { type: 'bool', help: 'skip the PyTorch peer' },
  epochs: { type: 'int', help: '--accuracy: epochs (default the template’s)', min: 1 },
  limit: { type: 'int', help: '--accuracy: train on the first N samples', min: 1 },
  data: { type: 'string', help: '--accuracy: the dataset folder' },
  'data-scale': { type: 'bool', help: 'generate an image folder (64×64 RGB PNGs, 10 classes) in a temporary folder and measure decoding, training streamed from it against in memory, and peak memory' },
  images: { type: 'int', help: '--data-scale: pictures generated (default 100000)', min: 100, max: 1_000_000 },
  steps: { type: 'int', help: '--data-scale: timed training steps each way (default 100)', min: 1, max: 100_000 },
  out: { type: 'string', help: 'write the results as JSON here (default ./bench-results.json)' },
} as const;

export const benchCommand: Command = {
  name: 'bench',
  usage: 'netcanvas bench [--models LIST] [--backends LIST] [--repeats N] [--samples N] [--no-peer] [--out FILE] | bench --accuracy [--epochs N] [--limit N] [--data DIR] | bench --data-scale [--images N] [--steps N] [--backends NAME]',
  summary: 'Measure training speed of the three templates on every backend beside PyTorch, or (--accuracy) their test accuracy beside the book’s.',
  flags: FLAGS,
  async run(argv, io) {
    const { flags, positional } = parseArgs(argv, FLAGS);
    if (positional.length > 0) throw new UsageError(`bench takes no file, got '${positional[0]}'`);
    const models = list(flags.models, MODELS, 'models');
    const out = path.resolve(io.cwd, flags.out ?? 'bench-results.json');
    const machine = { cpu: os.cpus()[0]?.model ?? os.arch(), cores: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), platform: `${os.platform()} ${os.release()}`, node: process.version };
    const templates = new Map<ModelName, GraphDocument>();
    for (const m of models) templates.set(m, openGraphText(await readUserFile(io, path.join(templatesDir(), `${m}.json`)), `${m}.json`).document);

    if (flags['data-scale']) {
      const backend = flags.backends ? list(flags.backends, BACKENDS, 'backends')[0] : undefined;
      const r = await measureDataScale({ images: flags.images ?? 100_000, steps: flags.steps ?? 100, batchSize: 64, backend, onProgress: (m) => io.stderr(`${m}\n`) });
      const load = os.loadavg().map((l) => l.toFixed(2)).join(', ');
      io.stdout(`\nImage folder of ${fmt(r.images)} ${r.side}×${r.side} RGB PNGs (${fmt(r.folderAsFloat32MiB)} MiB as float32), ${r.backend}, load average ${load}\n`);
      io.stdout(`  generated in ${r.generateSeconds.toFixed(1)} s\n`);
      io.stdout(`  decoding: ${fmt(r.decode.imagesPerSecond)} images/s (${fmt(r.decode.images)} pictures, ${r.decode.concurrency} at once)\n`);
      io.stdout(`  training, small CNN, batch ${r.training.batchSize}, ${r.training.steps} steps: streamed ${fmt(r.training.streamedSamplesPerSecond)} samples/s, in memory ${fmt(r.training.inMemorySamplesPerSecond)} samples/s: ${(100 * r.training.ratio).toFixed(1)}%\n`);
      io.stdout(`  peak RSS while training from the folder: ${fmt(r.peakRssMiB)} MiB\n`);
      await writeFileAtomic(out, `${JSON.stringify({ kind: 'data-scale', date: new Date().toISOString(), machine, loadAverage: os.loadavg(), result: r }, null, 2)}\n`);
      io.stdout(`\nResults written to ${path.relative(io.cwd, out) || out}\n`);
      return 0;
    }

    if (flags.accuracy) {
      const results = await accuracy(io, templates, flags);
      await writeFileAtomic(out, `${JSON.stringify({ kind: 'accuracy', date: new Date().toISOString(), machine, results }, null, 2)}\n`);
      io.stdout(`\nResults written to ${path.relative(io.cwd, out) || out}\n`);
      return 0;
    }

    const infos = await probeBackends();
    const wanted = flags.backends ? list(flags.backends, BACKENDS, 'backends') : infos.filter((b) => b.available).map((b) => b.name);
    for (const b of infos) if (!b.available) io.stderr(`${b.name}: not available (${b.reason})\n`);
    const native = loadNativeAddon();
    if (wanted.includes('wasm') && !native.ok) io.stderr(`wasm: without the native kernels (${native.reason})\n`);
    let peak: Peak = { ok: false, reason: `the native kernels are not loaded (${native.ok ? '' : native.reason})` };
    if (native.ok) {
      io.stderr('Timing the matrix-multiply peak (oneDNN sgemm)… ');
      const runs = measureMatMulPeak(native.addon);
      peak = { ok: true, runs, flopsPerSecond: peakFlopsPerSecond(runs) };
      io.stderr(`${(peak.flopsPerSecond / 1e9).toFixed(1)} GFLOP/s\n`);
    }
    const speeds: Speed[] = [];
    for (const backend of wanted) {
      const info = infos.find((b) => b.name === backend)!;
      if (!info.available) throw new CliError(`The ${backend} backend is not available here: ${info.reason}`);
      for (const [model, doc] of templates) {
        const samples = flags.samples ?? SAMPLES[backend][model];
        io.stderr(`Timing ${model} on ${backend} (${samples} samples per epoch)… `);
        // Adam with Keras's defaults for every model, as the PyTorch peer trains them (the SimpleRNN
        // template's own optimizer is the book's SGD, which --accuracy keeps).
        const asPeer: GraphDocument = { ...doc, training: { ...doc.training, optimizer: defaultOptimizer('adam') } };
        const result = await measureTrainingSpeed(asPeer, { backend, samples, repeats: flags.repeats ?? 3, budgetSeconds: BUDGET_SECONDS });
        io.stderr(`${result.runs.map(fmt).join(', ')} samples/s\n`);
        const flopsPerSample = trainingFlopsPerSample(analyseGraph(doc).totals.macs);
        speeds.push({ model, result, flopsPerSample, fractionOfPeak: peak.ok ? fractionOfPeak(result.samplesPerSecond, flopsPerSample, peak.flopsPerSecond) : null });
      }
    }
    let peer: PeerOutcome = { ok: false, reason: 'skipped (--no-peer)' };
    if (!flags['no-peer']) {
      io.stderr('Timing the PyTorch peer…\n');
      peer = await runTorchPeer(peerScript(io.cwd, io.env), models);
    }
    printSpeedTable(io, models, wanted, deviceLines(speeds), speeds, peer, peak);
    await writeFileAtomic(
      out,
      `${JSON.stringify(
        {
          kind: 'speed',
          date: new Date().toISOString(),
          machine,
          loadAverage: os.loadavg(),
          repeats: flags.repeats ?? 3,
          peak,
          results: speeds.map((s) => ({ model: s.model, ...s.result, flopsPerSample: s.flopsPerSample, fractionOfPeak: s.fractionOfPeak })),
          peer,
        },
        null,
        2,
      )}\n`,
    );
    io.stdout(`\nResults written to ${path.relative(io.cwd, out) || out}\n`);
    return 0;
  },
};

/** The app's templates: the first resources/templates above this module (src/cli/commands/, or a bundle in out/cli/ or elsewhere in the repository). */
export function templatesDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (let dir = here; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'resources', 'templates');
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new CliError(`The templates folder (resources/templates) is in no folder above ${here}`);
  }
}

function list<T extends string>(value: string | undefined, known: readonly T[], flag: string): T[] {
  if (value === undefined) return [...known];
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = items.filter((i) => !(known as readonly string[]).includes(i));
  if (bad.length || items.length === 0) throw new UsageError(`--${flag} takes a comma-separated list of ${known.join(', ')}; got '${value}'`);
  return items as T[];
}

/** One model's speed on one backend, with what its samples cost and the share of the peak it uses. */
interface Speed {
  readonly model: ModelName;
  readonly result: SpeedResult;
  /** Training FLOPs per sample (3 × 2 × the forward multiply-adds). */
  readonly flopsPerSample: number;
  /** Of the measured matrix-multiply peak; null without one. */
  readonly fractionOfPeak: number | null;
}

/** The matrix-multiply peak, or why there is none (it runs through the native kernels). */
type Peak = { readonly ok: true; readonly runs: readonly PeakRun[]; readonly flopsPerSecond: number } | { readonly ok: false; readonly reason: string };

/** One line per backend and device, naming the models that ran on it (the data-parallel loop runs some). */
function deviceLines(speeds: readonly Speed[]): string[] {
  const models = new Map<string, ModelName[]>();
  for (const { model, result } of speeds) {
    const key = `${result.backend}\u0000${result.device}`;
    models.set(key, [...(models.get(key) ?? []), model]);
  }
  return [...models].map(([key, names]) => {
    const [backend, device] = key.split('\u0000');
    return `${backend} (${names.join(', ')}): ${device}`;
  });
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

function printSpeedTable(io: CliIO, models: readonly ModelName[], backends: readonly BackendName[], devices: string[], speeds: readonly Speed[], peer: PeerOutcome, peak: Peak) {
  const peerBy = new Map(peer.ok ? peer.results.map((r) => [r.model, r]) : []);
  const first = peer.ok ? peer.results[0] : null;
  const blas = first ? blasName(first.blas) : '';
  const find = (m: ModelName, b: BackendName) => speeds.find((s) => s.model === m && s.result.backend === b);
  const header = [
    'model',
    'MFLOP/sample',
    ...backends.map((b) => `${b} samples/s`),
    ...(peak.ok ? backends.map((b) => `${b} % of peak`) : []),
    ...(first ? [`PyTorch ${first.version} (${first.device}, ${first.threads} threads, ${blas})`, ...backends.map((b) => `${b} / PyTorch (${blas})`)] : []),
  ];
  const rows = models.map((m) => {
    const ours = backends.map((b) => find(m, b)?.result.samplesPerSecond ?? NaN);
    const flops = speeds.find((s) => s.model === m)?.flopsPerSample;
    const p = peerBy.get(m)?.samples_per_s;
    return [
      m,
      flops === undefined ? '—' : (flops / 1e6).toFixed(1),
      ...ours.map(fmt),
      ...(peak.ok ? backends.map((b) => { const f = find(m, b)?.fractionOfPeak; return f == null ? '—' : `${(100 * f).toFixed(1)}%`; }) : []),
      ...(first ? [p ? fmt(p) : '—', ...ours.map((o) => (p ? (o / p).toFixed(3) : '—'))] : []),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  io.stdout(`\nTraining speed: median of the timed epochs, random data of MNIST shape, batch 128, Adam; load average ${os.loadavg().map((l) => l.toFixed(2)).join(', ')}\n`);
  for (const d of devices) io.stdout(`  ${d}\n`);
  if (peak.ok) {
    const runs = peak.runs.map((r) => `${r.size}³ on ${r.threads} thread${r.threads > 1 ? 's' : ''} ${r.gflops.toFixed(1)}`).join(', ');
    io.stdout(`  matrix-multiply peak (oneDNN sgemm, GFLOP/s, median of ${peak.runs[0]?.runs.length ?? 0}): ${runs}; the peak is ${(peak.flopsPerSecond / 1e9).toFixed(1)}\n`);
    io.stdout(`  FLOP per sample: 3 × 2 × the forward multiply-adds (the summary's count)\n`);
  } else io.stdout(`  no matrix-multiply peak: ${peak.reason}\n`);
  if (first) io.stdout(`  PyTorch's BLAS: ${first.blas ?? 'not reported by the peer'}\n`);
  io.stdout(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(line).join('\n')}\n`);
  if (!peer.ok) io.stdout(`\nPyTorch peer: ${peer.reason}\n`);
}

async function accuracy(io: CliIO, templates: Map<ModelName, GraphDocument>, flags: { epochs?: number; limit?: number; data?: string; backends?: string }) {
  const runsDir = await fs.mkdtemp(path.join(os.tmpdir(), 'netcanvas-bench-'));
  const engine = createEngine({ runsDir, dataDir: flags.data ? path.resolve(io.cwd, flags.data) : undefined, env: { ...io.env } });
  const backend = flags.backends ? list(flags.backends, BACKENDS, 'backends')[0] : undefined;
  const results: { model: ModelName; epochs: number; trainSamples: number; backend: string; testAccuracy: number; book: number; seconds: number }[] = [];
  try {
    for (const [model, doc] of templates) {
      const epochs = flags.epochs ?? doc.training.epochs;
      io.stderr(`Training ${model} for ${epochs} epoch${epochs > 1 ? 's' : ''}…\n`);
      const began = performance.now();
      const events = await trainToEnd(engine, { document: doc, epochs, limit: flags.limit, backend }, (e) => {
        if (e.type === 'epoch') io.stderr(`  ${model} epoch ${e.epoch}/${epochs}: loss ${e.loss.toFixed(4)}, accuracy ${e.accuracy.toFixed(4)}, ${fmt(e.samplesPerSecond)} samples/s\n`);
      });
      const test = events.find((e) => e.type === 'test');
      const started = events.find((e) => e.type === 'started');
      const error = events.find((e) => e.type === 'error');
      if (error) throw new CliError(`${model}: ${error.message}`);
      if (!test || !started) throw new CliError(`${model}: the job ended without a test result`);
      results.push({ model, epochs, trainSamples: started.trainSamples, backend: started.backend, testAccuracy: test.testAccuracy, book: BOOK_ACCURACY[model], seconds: (performance.now() - began) / 1000 });
    }
  } finally {
    await engine.close();
    await fs.rm(runsDir, { recursive: true, force: true });
  }
  const shortened = results.some((r) => r.epochs !== templates.get(r.model)!.training.epochs || flags.limit !== undefined);
  io.stdout(`\nTest accuracy on the 10,000 MNIST test images${shortened ? ' (SHORTENED run: fewer epochs or samples than the book)' : ''}\n`);
  io.stdout(`model  epochs  train samples  backend  seconds  test accuracy  book\n`);
  for (const r of results) {
    io.stdout(`${r.model.padEnd(5)}  ${String(r.epochs).padStart(6)}  ${fmt(r.trainSamples).padStart(13)}  ${r.backend.padEnd(7)}  ${fmt(r.seconds).padStart(7)}  ${(100 * r.testAccuracy).toFixed(1).padStart(12)}%  ${(100 * r.book).toFixed(1)}%\n`);
  }
  return results;
}

type Engine = ReturnType<typeof createEngine>;

function trainToEnd(engine: Engine, options: Omit<TrainRequest, 'jobId'>, onEvent: (e: TrainEvent) => void): Promise<TrainEvent[]> {
  const request: TrainRequest = { ...options, jobId: newJobId() };
  return new Promise((resolve, reject) => {
    const events: TrainEvent[] = [];
    const off = engine.onEvent((e) => {
      if (e.jobId !== request.jobId) return;
      events.push(e);
      onEvent(e);
      if (e.type === 'done' || e.type === 'error') {
        off();
        resolve(events);
      }
    });
    engine.startTraining(request).catch((error: unknown) => {
      off();
      reject(error);
    });
  });
}
