/**
 * The big-graph benchmark (issue 15): opens Dense chains from graph files in the real app
 * (browser host + headless Chromium, the end-to-end tests' support code) and prints, per
 * graph size, one JSON line:
 *
 *   {"event":"bench-ui","nodes","layout","openMs","editToPaintMs","dragFps","dragMoveMedianMs","longTasks","longestTaskMs"}
 *
 *   npm run bench:ui                       # 10, 200 and 500 nodes
 *   npm run bench:ui -- --nodes 500 --repeats 3
 *   npm run bench:ui -- --nodes 500 --profile scratch/profiles   # also a CPU profile and a trace of each drag, a screenshot of each graph opened
 *   npm run bench:ui -- --nodes 500 --arranged   # the chains as Arrange layout lays them out (wrapped into columns)
 *
 * - openMs: from handing the file to the Open dialog to every node drawn and the next frame.
 * - editToPaintMs: median over keystrokes in the inspector's Units field of the first Dense,
 *   from the keydown to the end of the first frame that shows the new parameter count the
 *   core computes for it (the frame's paint has happened when a task queued from its
 *   requestAnimationFrame callback runs).
 * - drag: the same node dragged by its head with many pointer moves; dragFps counts
 *   requestAnimationFrame callbacks over the drag, dragMoveMedianMs is the median time one
 *   pointer move takes to be dispatched and handled, longTasks counts tasks over 50 ms (a
 *   PerformanceObserver of `longtask`) during the drag.
 *
 * A benchmark, not a test: it asserts what it measures is real (the count painted is the
 * core's, the node moved, the graph opened fitted) but no timing. Run it alone: `flock /tmp/heavy.lock npm run bench:ui`.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { analyseGraph } from '../../src/core/graph/analyse';
import { emptyDocument, type GraphDocument } from '../../src/core/graph/document';
import { arrangeLayout, layeredLayout } from '../../src/core/graph/layout';
import { loadDocument, serializeDocument } from '../../src/core/graph/load';
import { paramsText } from '../../src/renderer/features/canvas/format';
import { startApp } from './support/app';

interface Options {
  readonly nodes: readonly number[];
  readonly repeats: number;
  readonly moves: number;
  readonly keystrokes: number;
  /** Where to write a CPU profile (`.cpuprofile`) of each drag; its heaviest functions go to stderr. */
  readonly profile: string | null;
  /** Whether the chains are laid out as Arrange layout lays them (wrapped into columns) rather than in one column. */
  readonly arranged: boolean;
}

function parseOptions(argv: readonly string[]): Options {
  const options = { nodes: [10, 200, 500] as number[], repeats: 1, moves: 120, keystrokes: 8, profile: null as string | null, arranged: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    const whole = (name: string, min: number, max: number): number => {
      const n = Number(value);
      if (value === undefined || !Number.isInteger(n) || n < min || n > max) throw new Error(`${name} takes a whole number from ${min} to ${max}, not '${value ?? ''}'`);
      return n;
    };
    if (flag === '--arranged') {
      options.arranged = true;
      continue;
    }
    if (flag === '--nodes') {
      if (value === undefined) throw new Error('--nodes takes a list of graph sizes, such as 10,200,500');
      options.nodes = value.split(',').map((s) => {
        const n = Number(s);
        if (!Number.isInteger(n) || n < 3 || n > 2000) throw new Error(`--nodes: '${s}' is not a graph size from 3 to 2000`);
        return n;
      });
    } else if (flag === '--repeats') options.repeats = whole('--repeats', 1, 20);
    else if (flag === '--moves') options.moves = whole('--moves', 10, 2000);
    else if (flag === '--keystrokes') options.keystrokes = whole('--keystrokes', 2, 100);
    else if (flag === '--profile') {
      if (!value) throw new Error('--profile takes a folder to write the CPU profiles to');
      options.profile = value;
    } else throw new Error(`Unknown option '${flag}' (known: --nodes, --repeats, --moves, --keystrokes, --profile, --arranged)`);
    i++;
  }
  return options;
}

/** An Input of 784 values, then `count - 1` Dense layers of 32 units, the last one of 10 with softmax: a valid network for MNIST. */
export function denseChain(count: number, arranged = false): GraphDocument {
  const ids = ['input_1', ...Array.from({ length: count - 1 }, (_, i) => `dense_${i + 1}`)];
  const edges = ids.slice(1).map((id, i) => ({ id: `e_${ids[i]}_${id}`, source: ids[i], sourcePort: 'out' as const, target: id, targetPort: 'in' as const }));
  const at = arranged ? arrangeLayout(ids, edges) : layeredLayout(ids, edges);
  const nodes = ids.map((id, i) => ({
    id,
    kind: i === 0 ? 'Input' : 'Dense',
    config: i === 0 ? { shape: [784] } : i === count - 1 ? { units: 10, activation: 'softmax' } : { units: 32, activation: 'relu' },
    position: at.get(id)!,
  }));
  const doc = { ...emptyDocument(`Dense chain of ${count}`), nodes, edges };
  // Through the loader, as a file is: the defaults filled in, every field checked.
  return loadDocument(JSON.parse(serializeDocument(doc)));
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (x: number): number => Math.round(x * 10) / 10;

async function openGraph(page: Page, file: string, count: number): Promise<number> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('open-project').click();
  const started = Date.now();
  await (await chooser).setFiles(file);
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid^="node-"][data-kind]').length === n && document.querySelectorAll('.react-flow__edge').length === n - 1,
    count,
    { polling: 'raf', timeout: 120_000 },
  );
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
  return Date.now() - started;
}

/** Waits until the view stops moving (the fit after opening, the focus on a node). */
async function settle(page: Page): Promise<void> {
  const transform = () => page.locator('.react-flow__viewport').evaluate((e) => (e as HTMLElement).style.transform);
  let last = await transform();
  for (let i = 0; i < 50; i++) {
    await page.waitForTimeout(100);
    const now = await transform();
    if (now === last) return;
    last = now;
  }
}

/** A graph opens fitted: its first and last layers are both inside the canvas. */
async function assertFitted(page: Page, ids: readonly string[]): Promise<void> {
  const canvas = (await page.getByTestId('canvas').boundingBox())!;
  for (const id of ids) {
    const box = await page.getByTestId(`node-${id}`).boundingBox();
    const inside = box !== null && box.x >= canvas.x - 1 && box.y >= canvas.y - 1 && box.x + box.width <= canvas.x + canvas.width + 1 && box.y + box.height <= canvas.y + canvas.height + 1;
    if (!inside) throw new Error(`The graph did not open fitted: ${id} is at ${JSON.stringify(box)}, outside the canvas ${JSON.stringify(canvas)}`);
  }
}

/** Selects a node through the summary table (which also brings it into view), as a person finds one in a large graph. */
async function selectFromSummary(page: Page, id: string): Promise<void> {
  await page.getByTestId('summary-table').locator('td').filter({ hasText: new RegExp(`^${id} \\(`) }).click();
  await page.locator(`[data-testid="field-label"][placeholder="${id}"]`).waitFor();
  await settle(page);
}

/** Keystroke to painted frame, per key: the frame must show `expected` in the node's parameter count. */
async function editToPaint(page: Page, doc: GraphDocument, nodeId: string, keystrokes: number): Promise<number[]> {
  const field = page.getByTestId('field-units');
  await field.click();
  await field.press('ControlOrMeta+a');
  await field.press('3');
  await field.press('2');
  const times: number[] = [];
  let value = '32';
  for (let k = 0; k < keystrokes; k++) {
    // Alternate 32 → 3 → 32 …: every keystroke is a whole value that changes the count.
    const key = value.length === 2 ? 'Backspace' : '2';
    value = value.length === 2 ? '3' : '32';
    const edited = { ...doc, nodes: doc.nodes.map((n) => (n.id === nodeId ? { ...n, config: { ...n.config, units: Number(value) } } : n)) };
    const expected = paramsText(analyseGraph(edited).nodes.get(nodeId));
    const measured = page.evaluate(
      ({ id, text }) =>
        new Promise<number>((resolve, reject) => {
          const timer = setTimeout(() => {
            const shown = document.querySelector(`[data-testid="node-${id}"] [data-testid="node-params"]`)?.textContent;
            const field = (document.querySelector('[data-testid="field-units"]') as HTMLInputElement | null)?.value;
            reject(new Error(`node ${id} never showed '${text}' (it shows '${shown}', the Units field holds '${field}')`));
          }, 30_000);
          document.addEventListener(
            'keydown',
            (event) => {
              const t0 = event.timeStamp;
              const frame = (): void => {
                requestAnimationFrame(() => {
                  const shown = document.querySelector(`[data-testid="node-${id}"] [data-testid="node-params"]`)?.textContent;
                  if (shown !== text) return frame();
                  setTimeout(() => {
                    clearTimeout(timer);
                    resolve(performance.now() - t0);
                  }, 0);
                });
              };
              frame();
            },
            { once: true, capture: true },
          );
        }),
      { id: nodeId, text: expected },
    );
    await page.waitForTimeout(50); // the listener is in place before the key
    await field.press(key);
    times.push(await measured);
    await page.waitForTimeout(150);
  }
  return times;
}

interface DragFigures {
  readonly fps: number;
  readonly moveMedianMs: number;
  readonly longTasks: number;
  readonly longestTaskMs: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number; readonly columnNumber: number };
  readonly children?: readonly number[];
}
interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** The functions that took the most time themselves, heaviest first. */
function heaviest(profile: CpuProfile, top: number): string[] {
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byFunction = new Map<string, number>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    const key = `${functionName || '(anonymous)'} ${path.basename(url)}:${lineNumber + 1}:${columnNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + (self.get(node.id) ?? 0));
  }
  const total = [...byFunction.values()].reduce((a, b) => a + b, 0);
  return [...byFunction.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([key, us]) => `${(us / 1000).toFixed(1).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${key}`);
}

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly dur?: number;
  readonly tid: number;
  readonly pid: number;
  readonly args?: { readonly name?: string };
}

/** Where the renderer's main thread spent the drag: total time of each kind of work, heaviest first. */
function traceSummary(trace: { traceEvents: TraceEvent[] }): string[] {
  const main = trace.traceEvents.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const kinds = ['FunctionCall', 'EventDispatch', 'UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'Layerize', 'Commit', 'HitTest', 'MajorGC', 'MinorGC', 'ParseHTML', 'TimerFire', 'FireAnimationFrame', 'RunTask'];
  const totals = new Map<string, number>();
  for (const e of trace.traceEvents) {
    if (!main || e.pid !== main.pid || e.tid !== main.tid || e.ph !== 'X' || !kinds.includes(e.name)) continue;
    totals.set(e.name, (totals.get(e.name) ?? 0) + (e.dur ?? 0));
  }
  return [...totals.entries()].sort((a, b) => b[1] - a[1]).map(([name, us]) => `${(us / 1000).toFixed(1).padStart(8)} ms  ${name}`);
}

async function drag(page: Page, nodeId: string, moves: number, profileTo: string | null): Promise<DragFigures> {
  const node = page.getByTestId(`node-${nodeId}`);
  const head = node.locator('.layer-node__head');
  const box = (await head.boundingBox())!;
  const before = (await node.boundingBox())!;
  await page.evaluate(() => {
    const w = window as unknown as { __drag: { frames: number; start: number; long: number[]; running: boolean; observer: PerformanceObserver } };
    const long: number[] = [];
    const state = { frames: 0, start: performance.now(), long, running: true, observer: new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (state.running) long.push(entry.duration);
    }) };
    state.observer.observe({ type: 'longtask', buffered: false });
    const tick = (): void => {
      if (!state.running) return;
      state.frames++;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    w.__drag = state;
  });
  const x0 = box.x + box.width / 2;
  const y0 = box.y + box.height / 2;
  await page.mouse.move(x0, y0);
  const cdp = profileTo ? await page.context().newCDPSession(page) : null;
  const traceTo = profileTo?.replace(/\.cpuprofile$/, '.trace.json');
  if (traceTo) await page.context().browser()!.startTracing(page, { path: traceTo, categories: ['devtools.timeline', 'blink', 'cc', 'disabled-by-default-devtools.timeline'] });
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  await page.mouse.down();
  const times: number[] = [];
  for (let i = 1; i <= moves; i++) {
    // Out to the right and down, then back: a node carried around, not flung.
    const t = i / moves;
    const x = x0 + 160 * Math.sin(Math.PI * t);
    const y = y0 + 60 * Math.sin(2 * Math.PI * t) + 40 * t;
    const started = performance.now();
    await page.mouse.move(x, y);
    times.push(performance.now() - started);
  }
  await page.mouse.up();
  if (cdp && profileTo) {
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
    writeFileSync(profileTo, JSON.stringify(profile));
    console.error(`CPU profile of the drag: ${profileTo}\n${heaviest(profile, 25).join('\n')}`);
    await cdp.detach();
  }
  if (traceTo) {
    await page.context().browser()!.stopTracing();
    console.error(`Trace of the drag: ${traceTo}\n${traceSummary(JSON.parse(readFileSync(traceTo, 'utf8')) as { traceEvents: TraceEvent[] }).join('\n')}`);
  }
  const figures = await page.evaluate(
    () =>
      new Promise<{ frames: number; ms: number; long: number[] }>((resolve) => {
        const w = window as unknown as { __drag: { frames: number; start: number; long: number[]; running: boolean; observer: PerformanceObserver } };
        const s = w.__drag;
        // Long tasks are reported after they end: give the last one a frame to arrive.
        requestAnimationFrame(() =>
          setTimeout(() => {
            s.running = false;
            s.observer.disconnect();
            resolve({ frames: s.frames, ms: performance.now() - s.start, long: s.long });
          }, 0),
        );
      }),
  );
  const after = (await node.boundingBox())!;
  if (Math.abs(after.y - before.y) < 20) throw new Error(`The drag did not move ${nodeId} (from y ${before.y} to ${after.y})`);
  return {
    fps: round((figures.frames * 1000) / figures.ms),
    moveMedianMs: round(median(times)),
    longTasks: figures.long.length,
    longestTaskMs: Math.round(Math.max(0, ...figures.long)),
  };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'netcanvas-bench-ui-'));
  if (options.profile) mkdirSync(options.profile, { recursive: true });
  const app = await startApp({ viewport: { width: 1440, height: 900 } });
  try {
    const { page } = app;
    // tsx compiles this file keeping function names (`__name(fn, "fn")`), also inside the
    // functions handed to the page: give the page that helper.
    await page.evaluate('window.__name = (fn) => fn');
    for (let round_ = 0; round_ < options.repeats; round_++) {
      for (const count of options.nodes) {
        const doc = denseChain(count, options.arranged);
        const file = path.join(dir, `dense-chain-${count}.netcanvas.json`);
        writeFileSync(file, serializeDocument(doc));
        const openMs = await openGraph(page, file, count);
        await settle(page);
        await assertFitted(page, ['input_1', `dense_${count - 1}`]);
        if (options.profile) await page.screenshot({ path: path.join(options.profile, `opened-${count}.png`) });
        await selectFromSummary(page, 'dense_1');
        const edits = await editToPaint(page, doc, 'dense_1', options.keystrokes);
        const dragged = await drag(page, 'dense_1', options.moves, options.profile && path.join(options.profile, `drag-${count}-${round_ + 1}.cpuprofile`));
        const line = {
          event: 'bench-ui',
          nodes: count,
          layout: options.arranged ? 'arranged' : 'column',
          openMs,
          editToPaintMs: round(median(edits)),
          dragFps: dragged.fps,
          dragMoveMedianMs: dragged.moveMedianMs,
          longTasks: dragged.longTasks,
          longestTaskMs: dragged.longestTaskMs,
        };
        console.log(JSON.stringify(line));
      }
    }
    if (app.pageErrors.length > 0) throw new Error(`The page threw: ${app.pageErrors.join('; ')}`);
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
