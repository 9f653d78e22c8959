import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { API_METHODS, ApiError, dispatchApiCall, type NetCanvasApi } from '../../src/core/api/contract';
import { parseWireRequest } from '../../src/core/api/wire';
import { ArrayFileError, parseNpy, readNpz } from '../../src/core/data/arrays';
import { parseTable, prepareTable, TableError } from '../../src/core/data/table';
import { DocumentError } from '../../src/core/graph/errors';
import { loadDocument } from '../../src/core/graph/load';
import { importKeras } from '../../src/core/keras/fromKeras';
import { layerSpec } from '../../src/core/layers/catalogue';
import { DatasetError } from '../../src/engine/data/errors';
import { parseIdxImages, parseIdxLabels } from '../../src/engine/data/idx';
import { settingDifferences } from '../support/kerasSettings';
import { imageFolderTarget, pictureTarget, runFolderTarget } from './fileTargets';
import { socketTarget } from './socketTarget';

/**
 * What the fuzzer feeds each loader. A case ends one of three ways: accepted, refused with
 * the loader's own typed error (clean), or anything else thrown (a crash, reported with its input).
 * `check` may also call an accepted value wrong (accepted-invalid).
 */
export interface FuzzTarget<T = unknown> {
  readonly name: string;
  readonly input: fc.Arbitrary<T>;
  /** The errors that count as a clean refusal. */
  readonly typed: readonly (abstract new (...args: never[]) => Error)[];
  /** Runs the loader on one input; returns a reason when an accepted input should have been refused. */
  run(input: T): Promise<string | null> | string | null;
  /** A case slower than this is counted slow (default 2 s). */
  readonly slowMs?: number;
  /** Releases what the target started (a host), after its cases. */
  close?(): Promise<void>;
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TEMPLATES = ['mlp', 'cnn', 'rnn', 'blank'].map((n) => JSON.parse(readFileSync(path.join(repoRoot, 'resources/templates', `${n}.json`), 'utf8')) as unknown);

/** Keys that break look-ups done with plain objects. */
const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'valueOf', 'toString', 'hasOwnProperty', 'isDefault', 'length', '0', ''];
const key = fc.oneof(fc.constantFrom(...HOSTILE_KEYS), fc.string({ maxLength: 12 }));
/** JSON values whose objects may carry hostile keys as own properties (as JSON.parse makes them). */
const hostileJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(null, true, false, 0, -1, 1e308, -5, 0.5, 1e12, '', 'many', 'relu', 'Dense'),
    fc.double(),
    fc.string({ maxLength: 20 }),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.array(fc.tuple(key, tie('value')), { maxLength: 5 }).map((entries) => JSON.parse(`{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`).join(',')}}`) as unknown),
  ),
})).value;

/** Every path to a value inside `value`. */
function paths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...prefix, i], out));
  else if (value && typeof value === 'object') for (const k of Object.keys(value)) paths((value as Record<string, unknown>)[k], [...prefix, k], out);
  return out;
}

type Mutation = { kind: 'replace' | 'delete' | 'add'; at: number; key: string; value: unknown };

/** A template with one value replaced, removed, or an own key (possibly `__proto__`) added where an object is. */
export function mutate(template: unknown, mutations: readonly Mutation[]): unknown {
  const doc = structuredClone(template);
  for (const m of mutations) {
    const all = paths(doc).filter((p) => p.length > 0);
    if (all.length === 0) break;
    const where = all[m.at % all.length];
    let parent = doc as Record<string | number, unknown>;
    for (const step of where.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
    const last = where.at(-1)!;
    const target = parent[last];
    const copy = structuredClone(m.value);
    if (m.kind === 'delete') {
      if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
      else delete parent[last];
    } else if (m.kind === 'add' && target && typeof target === 'object' && !Array.isArray(target)) {
      Object.defineProperty(target, m.key, { value: copy, enumerable: true, writable: true, configurable: true });
    } else {
      parent[last] = copy;
    }
  }
  return doc;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({ kind: fc.constantFrom('replace' as const, 'delete' as const, 'add' as const), at: fc.nat(), key, value: hostileJson });

const KERAS_FILES = ['keras2-functional-residual', 'keras2-sequential-cnn-no-input-layer', 'keras2-sequential-mlp', 'keras3-functional-concat', 'keras3-sequential-rnn', 'tfjs-global-average-pooling', 'tfjs-model', 'unknown-layer', 'unsupported-settings'].map(
  (n) => JSON.parse(readFileSync(path.join(repoRoot, 'test/fixtures/keras', `${n}.json`), 'utf8')) as unknown,
);
const kerasFiles = fc.oneof(
  fc.tuple(fc.nat(KERAS_FILES.length - 1), fc.array(mutation, { minLength: 1, maxLength: 4 })).map(([t, ms]) => mutate(KERAS_FILES[t], ms)),
  hostileJson,
);

/** The layers of a Keras file as the importer finds them (tfjs's modelTopology, a saved model's model_config). */
function kerasLayers(value: unknown): Record<string, unknown>[] {
  const json = value as Record<string, any>;
  let topology = json.modelTopology && typeof json.modelTopology === 'object' ? json.modelTopology : json;
  if (topology.model_config && typeof topology.model_config === 'object') topology = topology.model_config;
  const list = Array.isArray(topology.config) ? topology.config : topology.config?.layers;
  return Array.isArray(list) ? list : [];
}

/**
 * Settings of an imported Keras file that differ from the file's and carry no note: each
 * imported node is exported again by its kind (`toKeras`) and compared with the file's
 * layer of the same name (`settingDifferences`, the corpus test's rule). Layers whose name
 * is not one string held by one layer are not compared.
 */
function replacedSettings(value: unknown, imported: ReturnType<typeof importKeras>): string[] {
  const layers = kerasLayers(value);
  const nameOf = (l: Record<string, any>): unknown => (typeof l.name === 'string' ? l.name : l.config?.name);
  const count = new Map<unknown, number>();
  for (const l of layers) count.set(nameOf(l), (count.get(nameOf(l)) ?? 0) + 1);
  const out: string[] = [];
  for (const node of imported.document.nodes) {
    const name = node.label ?? node.id;
    const original = layers.find((l) => nameOf(l) === name);
    if (!original || count.get(name) !== 1 || typeof original.config !== 'object' || original.config === null) continue;
    const spec = layerSpec(node.kind)!;
    if (!spec.kerasClasses.includes(original.class_name as string)) continue;
    const noted = imported.notes.filter((n) => n.layer === name).map((n) => n.what);
    out.push(...settingDifferences(name, original.config as Record<string, unknown>, spec.toKeras(node.config).config, noted));
  }
  return out;
}

const documents = fc.oneof(
  fc.tuple(fc.nat(TEMPLATES.length - 1), fc.array(mutation, { minLength: 1, maxLength: 4 })).map(([t, ms]) => mutate(TEMPLATES[t], ms)),
  hostileJson.map((v) => (v && typeof v === 'object' && !Array.isArray(v) ? { ...v, format: 'netcanvas-graph' } : v)),
);

/** An engine that records what reaches it and answers nothing. */
function recordingEngine(reached: string[]): NetCanvasApi {
  const answer = (name: string) => async () => {
    reached.push(name);
    return undefined;
  };
  return Object.assign(Object.fromEntries(API_METHODS.map((n) => [n, answer(n)])), { onEvent: () => () => undefined }) as unknown as NetCanvasApi;
}

const methodName = fc.oneof(fc.constantFrom(...API_METHODS), fc.constantFrom(...HOSTILE_KEYS), fc.string({ maxLength: 16 }));
const wireFrames = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.record({ id: fc.oneof(fc.nat(), fc.string({ maxLength: 70 }), hostileJson), method: fc.oneof(methodName, hostileJson), args: fc.oneof(fc.array(hostileJson, { maxLength: 6 }), hostileJson) }, { requiredKeys: [] }).map((f) => JSON.stringify(f) ?? 'null'),
  fc.tuple(methodName, fc.array(hostileJson, { maxLength: 6 })).map(([method, args]) => JSON.stringify({ id: 1, method, args })),
);

const cell = fc.oneof(fc.constantFrom('', 'NA', '?', 'nan', '1', '-2.5', '1e309', 'true', 'False', 'a', '"x,y"', '"', '""', ',', ';', '\t', '\r\n', '\n', '\uFEFF', '__proto__', 'constructor'), fc.string({ maxLength: 6 }), fc.double().map(String));
const tables = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.tuple(fc.constantFrom(',', ';', '\t'), fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 12 })).map(([d, rows]) => rows.map((r) => r.join(d)).join('\n')),
  fc.tuple(fc.integer({ min: 1, max: 4 }), fc.array(cell, { maxLength: 40 })).map(([width, cells]) => {
    const header = Array.from({ length: width }, (_, i) => `c${i}`).join(',');
    const rows: string[] = [];
    for (let i = 0; i + width <= cells.length; i += width) rows.push(cells.slice(i, i + width).join(','));
    return [header, ...rows].join('\n');
  }),
);

function npyBytes(header: string, body: Uint8Array, version = 1): Uint8Array {
  const head = new TextEncoder().encode(header);
  const pre = version === 1 ? 10 : 12;
  const out = new Uint8Array(pre + head.length + body.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, head.length, true);
  else view.setUint32(8, head.length, true);
  out.set(head, pre);
  out.set(body, pre + head.length);
  return out;
}
const dtype = fc.oneof(fc.constantFrom('<f4', '>f8', '|u1', '<i8', '|b1', '<u2', '<c8', 'O', '<f2', '|V8'), fc.string({ maxLength: 5 }));
const shape = fc.oneof(fc.array(fc.oneof(fc.nat(6), fc.constantFrom(-1, 2 ** 31, 2 ** 53, 1e21)), { maxLength: 4 }).map((s) => `(${s.join(', ')}${s.length === 1 ? ',' : ''})`), fc.string({ maxLength: 10 }));
const WHOLE_DTYPES: [string, number][] = [['<f4', 4], ['>f8', 8], ['|u1', 1], ['<i8', 8], ['|b1', 1], ['<u2', 2], ['>i4', 4]];
const npys = fc.oneof(
  fc.tuple(fc.constantFrom(...WHOLE_DTYPES), fc.array(fc.nat(5), { maxLength: 3 }), fc.uint8Array({ maxLength: 2000 })).map(([[d, size], dims, fill]) => {
    const count = dims.reduce((a, b) => a * b, 1);
    const body = new Uint8Array(count * size).map((_, i) => fill[i % Math.max(1, fill.length)] ?? 0);
    return npyBytes(`{'descr': '${d}', 'fortran_order': False, 'shape': (${dims.join(', ')}${dims.length === 1 ? ',' : ''}), }\n`, body);
  }),
  fc.uint8Array({ maxLength: 200 }),
  fc
    .tuple(dtype, fc.constantFrom('False', 'True', '0', 'None'), shape, fc.uint8Array({ maxLength: 200 }), fc.constantFrom(1, 2, 3), fc.string({ maxLength: 8 }))
    .map(([d, f, s, body, version, junk]) => npyBytes(`{'descr': '${d}', 'fortran_order': ${f}, 'shape': ${s}, }${junk}\n`, body, version)),
  fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 200 }), fc.nat()).map(([body, cut]) => {
    const whole = npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }\n", new Uint8Array(24));
    const copy = whole.slice(0, Math.max(0, whole.length - (cut % whole.length)));
    const at = cut % Math.max(1, copy.length);
    copy.set(body.slice(0, copy.length - at), at);
    return copy;
  }),
);

const idxHeader = (magic: number, dims: number[]) => {
  const out = new Uint8Array(4 + 4 * dims.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, magic);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d >>> 0));
  return out;
};
const idxFiles = fc.oneof(
  fc.tuple(fc.constantFrom(2051, 2049), fc.nat(8), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 30 }), fc.uint8Array({ maxLength: 50 })).map(([m, count, rows, columns, fill]) => {
    const dims = m === 2051 ? [count, rows, columns] : [count];
    const size = m === 2051 ? count * rows * columns : count;
    const head = idxHeader(m, dims);
    const out = new Uint8Array(head.length + size);
    out.set(head);
    for (let i = 0; i < size; i++) out[head.length + i] = m === 2049 ? (fill[i % Math.max(1, fill.length)] ?? 0) % 12 : (fill[i % Math.max(1, fill.length)] ?? 0);
    return out;
  }),
  fc.uint8Array({ maxLength: 100 }),
  fc.tuple(fc.constantFrom(2051, 2049, 2050, 0), fc.array(fc.oneof(fc.nat(30), fc.constant(0xffffffff), fc.constant(28)), { maxLength: 3 }), fc.uint8Array({ maxLength: 2000 })).map(([m, dims, body]) => {
    const head = idxHeader(m, dims);
    const out = new Uint8Array(head.length + body.length);
    out.set(head);
    out.set(body, head.length);
    return out;
  }),
);

export const TARGETS: readonly FuzzTarget<any>[] = [
  {
    name: 'graph documents (loadDocument)',
    input: documents,
    typed: [DocumentError],
    run: (value: unknown) => {
      const doc = loadDocument(value);
      // Strict schemas: a key in a node's config that the loaded node lacks was silently dropped.
      const given = new Map((((value as { nodes?: unknown }).nodes ?? []) as { id?: unknown; config?: unknown }[]).map((n) => [n?.id, n?.config]));
      for (const node of doc.nodes) {
        const config = given.get(node.id);
        if (!config || typeof config !== 'object') continue;
        const dropped = Object.keys(config).filter((k) => !Object.prototype.hasOwnProperty.call(node.config ?? {}, k));
        if (dropped.length > 0) return `node ${node.id}'s config keys ${JSON.stringify(dropped)} were dropped without a word`;
      }
      // Accepted means a document whose nodes are a list of objects with string ids.
      return Array.isArray(doc.nodes) && doc.nodes.every((n) => typeof n.id === 'string' && (n.label === undefined || typeof n.label === 'string')) ? null : 'a loaded document has nodes without string ids, or labels that are not strings';
    },
  },
  {
    name: 'Keras and tfjs model JSON (importKeras)',
    input: kerasFiles,
    typed: [DocumentError],
    run: (value: unknown) => {
      const imported = importKeras(value);
      // What is imported must itself be a document NetCanvas loads.
      try {
        loadDocument(JSON.parse(JSON.stringify(imported.document)));
      } catch (error) {
        return `the imported document does not load: ${error instanceof Error ? error.message : String(error)}`;
      }
      // Every setting it did not note must hold the file's value, not a default put in its place.
      const replaced = replacedSettings(value, imported);
      return replaced.length > 0 ? `settings replaced without a note: ${replaced.slice(0, 3).join('; ')}` : null;
    },
  },
  {
    name: 'API frames (parseWireRequest + dispatchApiCall)',
    input: wireFrames,
    typed: [ApiError],
    run: async (text: string) => {
      const parsed = parseWireRequest(text);
      // A refused envelope is a clean refusal, as the host answers it.
      if (!parsed.ok) throw new ApiError(parsed.message);
      const reached: string[] = [];
      await dispatchApiCall(recordingEngine(reached), parsed.request.method, parsed.request.args);
      return reached.length === 1 && (API_METHODS as readonly string[]).includes(reached[0]) && reached[0] === parsed.request.method ? null : `the call reached ${JSON.stringify(reached)}`;
    },
  },
  {
    name: 'tables (parseTable + prepareTable)',
    input: tables,
    typed: [TableError],
    run: (text: string) => {
      const table = parseTable(text, 'fuzz.csv');
      prepareTable(table);
      return null;
    },
  },
  {
    name: 'NumPy arrays (parseNpy, readNpz)',
    input: npys,
    typed: [ArrayFileError],
    run: (bytes: Uint8Array) => {
      const array = parseNpy(bytes, 'fuzz.npy', { maxValues: 1_000_000 });
      const count = array.shape.reduce((a, b) => a * b, 1);
      if (array.values.length !== count) return `shape ${JSON.stringify(array.shape)} but ${array.values.length} values`;
      try {
        readNpz(bytes, 'fuzz.npz');
      } catch (error) {
        if (!(error instanceof ArrayFileError)) throw error;
      }
      return null;
    },
  },
  {
    name: 'IDX files (parseIdxImages, parseIdxLabels)',
    input: idxFiles,
    typed: [DatasetError],
    run: (bytes: Uint8Array) => {
      let images: ReturnType<typeof parseIdxImages> | null = null;
      try {
        images = parseIdxImages(bytes, 'fuzz-images', true);
      } catch (error) {
        if (!(error instanceof DatasetError)) throw error;
      }
      if (images && images.pixels.length !== images.count * images.rows * images.columns) return 'image pixels differ from the header';
      let labels: Uint8Array | null = null;
      try {
        labels = parseIdxLabels(bytes, 'fuzz-labels');
      } catch (error) {
        if (!(error instanceof DatasetError) || images === null) throw error;
      }
      if (labels && labels.some((l) => l >= 10)) return 'a label past the ten classes was accepted';
      return null;
    },
  },
  pictureTarget,
  runFolderTarget,
  imageFolderTarget,
  socketTarget(wireFrames, API_METHODS),
];
