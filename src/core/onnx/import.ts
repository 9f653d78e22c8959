import { GRAPH_FORMAT, GRAPH_FORMAT_VERSION, type GraphDocument, type GraphEdge, type GraphNode } from '../graph/document';
import { DocumentError } from '../graph/errors';
import { arrangeLayout } from '../graph/layout';
import { loadDocument } from '../graph/load';
import { transposeWeight, windowPads, type LayerWeights, type OnnxWeight } from './lowering';
import { decodeModel, ONNX_FLOAT, ONNX_INT64 } from './proto';

/*
 * ONNX import: a model's bytes, decoded with the same schema the export writes, become a
 * NetCanvas graph and each layer's starting weights in tfjs's (Keras's) layout.
 *
 * ONNX images are channels first (NCHW, as PyTorch writes them); NetCanvas's are channels
 * last (NHWC, as Keras). Each ONNX value is followed with its *form*: how the NetCanvas
 * tensor standing for it is laid out. Conv kernels are transposed OIHW → HWIO; a Flatten of
 * an NCHW feature map leaves its values in CHW order in ONNX but HWC order in NetCanvas, so
 * the Dense that reads it gets its kernel rows permuted to match; Concat along channels
 * (axis 1) becomes Concatenate on the last axis. Operators that do not map are all listed in
 * one refusal; a mapped operator with options NetCanvas lacks is refused naming the node.
 */

/** The default-domain opsets whose operators' meaning the mapping below follows. */
export const ONNX_IMPORT_OPSETS = { min: 7, max: 21 } as const;

/** The graph names exporters give every model (PyTorch's torch.onnx.export), which name none. */
const GENERIC_GRAPH_NAMES = /^(torch_jit|main_graph|torch-jit-export)$/;

/** The most values one initializer may hold (ONNX files without external data are under 2 GiB). */
export const MAX_INITIALIZER_VALUES = 500_000_000;

/** The operators the import maps (the docs' table lists what each becomes). */
export const ONNX_IMPORT_OPS = [
  'Gemm', 'MatMul', 'Add', 'Sum', 'Conv', 'MaxPool', 'AveragePool', 'GlobalAveragePool', 'BatchNormalization',
  'Flatten', 'Reshape', 'Concat', 'Dropout', 'Identity', 'Pad', 'Constant', 'Shape', 'Gather', 'Unsqueeze',
  'Relu', 'Sigmoid', 'Tanh', 'Softmax', 'Elu', 'Selu', 'Softplus', 'Transpose', 'ReduceMean', 'Mul',
  'RNN', 'LSTM', 'GRU', 'Squeeze', 'ConstantOfShape', 'Slice',
] as const;

/**
 * What an import gives: the graph, and each layer's starting weights by node id, in tfjs's
 * (Keras's) layout and names: Dense `kernel` [in, out] and `bias`; Conv2D `kernel`
 * [rows, cols, in, out] and `bias`; BatchNormalization `gamma`, `beta`, `moving_mean`,
 * `moving_variance`. A tfjs model built from the document takes them with
 * `applyLayerWeights` (src/engine/compile/weights.ts).
 */
export interface ImportedOnnx {
  readonly document: GraphDocument;
  readonly weights: ReadonlyMap<string, LayerWeights>;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

interface Node {
  name: string;
  op: string;
  inputs: string[];
  outputs: string[];
  attrs: Map<string, Obj>;
}

/**
 * How the NetCanvas tensor for an ONNX value is laid out. `dims` are ONNX's sample dims
 * (without the batch).
 * - `same`: as ONNX's (vectors);
 * - `nchw`: ONNX [C, H, W], NetCanvas [H, W, C];
 * - `chwFlat`: ONNX's C·H·W values in CHW order, NetCanvas's in HWC order (`chw` says C, H, W);
 * - `squeezed`: ONNX [C, 1, 1], NetCanvas [C];
 * - `nhwc`: ONNX [H, W, C] as NetCanvas's (channels last, as NetCanvas's own export writes images).
 * - `timeMajor`: a sequence as ONNX's recurrent operators read it, ONNX [T, batch, F], NetCanvas [T, F];
 * - `rnnY`: a recurrent operator's Y, ONNX [T, directions, batch, H], NetCanvas [T, H];
 * - `rnnH`: its Y_h, ONNX [directions, batch, H], NetCanvas [H].
 * A Transpose between `nhwc` and `nchw` (or a sequence and `timeMajor`) changes only the form:
 * the NetCanvas tensor is the same.
 */
interface Value {
  readonly node: string;
  readonly dims: readonly number[];
  readonly form: 'same' | 'nchw' | 'chwFlat' | 'squeezed' | 'nhwc' | 'timeMajor' | 'rnnY' | 'rnnH';
  readonly chw?: readonly [number, number, number];
}

const ACTIVATION_OPS = new Map<string, string>([
  ['Relu', 'relu'],
  ['Sigmoid', 'sigmoid'],
  ['Tanh', 'tanh'],
  ['Softmax', 'softmax'],
  ['Elu', 'elu'],
  ['Selu', 'selu'],
  ['Softplus', 'softplus'],
]);

function fail(file: string, message: string): never {
  throw new DocumentError(`${file}: ${message}`);
}

type Tensor = { kind: 'float'; weight: OnnxWeight } | { kind: 'int'; dims: number[]; values: number[] };

function readTensor(file: string, t: Obj, what: string): Tensor {
  const name = str(t.name);
  const dims = arr(t.dims).map(Number);
  if (dims.some((d) => !Number.isSafeInteger(d) || d < 0)) fail(file, `${what} '${name}' has dimensions ${JSON.stringify(dims)}`);
  const count = dims.reduce((a, d) => a * d, 1);
  if (count > MAX_INITIALIZER_VALUES) fail(file, `${what} '${name}' holds ${count} values, more than ${MAX_INITIALIZER_VALUES}`);
  const type = Number(t.data_type ?? 0);
  const raw = t.raw_data instanceof Uint8Array ? t.raw_data : undefined;
  if (type === ONNX_INT64) {
    const ints = arr(t.int64_data);
    const have = raw ? raw.length / 8 : ints.length;
    if (have !== count) fail(file, `${what} '${name}' has ${have} int64 values but its dimensions ${dims.join('×') || '(scalar)'} need ${count}`);
    if (count > 1024) fail(file, `${what} '${name}' holds ${count} int64 values; NetCanvas reads int64 tensors only as shapes and pads (at most 1024 values)`);
    if (!raw) return { kind: 'int', dims, values: ints.map(Number) };
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    return { kind: 'int', dims, values: Array.from({ length: count }, (_, i) => Number(view.getBigInt64(i * 8, true))) };
  }
  if (type !== ONNX_FLOAT) fail(file, `${what} '${name}' is of ONNX data type ${String(t.data_type)}; only float32 (1) weights and int64 (7) shapes are read`);
  const floats = arr(t.float_data);
  const have = raw ? raw.length / 4 : floats.length;
  if (have !== count) fail(file, `${what} '${name}' has ${have} values but its dimensions ${dims.join('×') || '(scalar)'} need ${count}`);
  const values = new Float32Array(count);
  if (raw) {
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    for (let i = 0; i < count; i++) values[i] = view.getFloat32(i * 4, true);
  } else floats.forEach((f, i) => (values[i] = Number(f)));
  return { kind: 'float', weight: { shape: dims, values } };
}

const product = (dims: readonly number[]) => dims.reduce((a, d) => a * d, 1);
const permOf = (n: Node) => {
  const a = n.attrs.get('perm');
  return a && Array.isArray(a.ints) ? a.ints.map(Number).join() : '';
};
/** The ONNX Transposes that change a 2-D layer's layout: to NCHW before it, back to NHWC after it. */
const TO_NCHW = '0,3,1,2';
const TO_NHWC = '0,2,3,1';

/** An ONNX model's bytes as a NetCanvas graph and its weights; throws DocumentError naming the node and operator for what cannot be read. */
export function importOnnx(bytes: Uint8Array, file = 'model.onnx'): ImportedOnnx {
  let model: Obj;
  try {
    model = decodeModel(bytes);
  } catch (error) {
    fail(file, `is not an ONNX model (its protobuf does not decode: ${(error as Error).message})`);
  }
  const graph = model.graph;
  if (!isObj(graph)) fail(file, 'is not an ONNX model (it has no graph)');
  const opsets = arr(model.opset_import).filter(isObj);
  const main = opsets.find((o) => str(o.domain) === '' || str(o.domain) === 'ai.onnx');
  const opset = main ? Number(main.version) : NaN;
  if (!(opset >= ONNX_IMPORT_OPSETS.min && opset <= ONNX_IMPORT_OPSETS.max)) {
    fail(file, `imports opset ${Number.isNaN(opset) ? '(none)' : opset}; NetCanvas reads opsets ${ONNX_IMPORT_OPSETS.min} to ${ONNX_IMPORT_OPSETS.max}`);
  }

  // Float initializers are weights; int64 ones (and int64 Constants) are shapes, pads, indices.
  const inits = new Map<string, OnnxWeight>();
  const ints = new Map<string, (number | null)[]>(); // null: the symbolic batch size
  const addTensor = (name: string, t: Tensor) => {
    if (t.kind === 'float') inits.set(name, t.weight);
    else ints.set(name, t.values);
  };
  for (const t of arr(graph.initializer).filter(isObj)) addTensor(str(t.name), readTensor(file, t, 'initializer'));
  const graphInputs = arr(graph.input).filter(isObj).filter((v) => !inits.has(str(v.name)) && !ints.has(str(v.name)));
  const graphOutputs = arr(graph.output).filter(isObj);
  if (graphInputs.length !== 1) fail(file, `has ${graphInputs.length} inputs; NetCanvas imports models with one input`);
  if (graphOutputs.length !== 1) fail(file, `has ${graphOutputs.length} outputs (${graphOutputs.map((o) => `'${str(o.name)}'`).join(', ')}); a NetCanvas graph has one`);

  const nodes: Node[] = arr(graph.node).filter(isObj).map((n, i) => ({
    name: str(n.name) || `node_${i}`,
    op: str(n.op_type),
    inputs: arr(n.input).map(str),
    outputs: arr(n.output).map(str),
    attrs: new Map(arr(n.attribute).filter(isObj).map((a) => [str(a.name), a])),
  }));
  const consumers = new Map<string, Node[]>();
  for (const n of nodes) for (const i of n.inputs) consumers.set(i, [...(consumers.get(i) ?? []), n]);

  // Topological order from the input; a node never reached is part of a cycle or dead.
  const inputName = str(graphInputs[0].name);
  const known = new Set<string>([inputName, ...inits.keys(), ...ints.keys(), '']);
  const order: Node[] = [];
  const pending = new Set(nodes);
  for (let progress = true; progress; ) {
    progress = false;
    for (const n of pending) {
      if (n.inputs.every((i) => known.has(i))) {
        order.push(n);
        n.outputs.forEach((o) => known.add(o));
        pending.delete(n);
        progress = true;
      }
    }
  }
  if (pending.size > 0) fail(file, `its graph has a cycle or reads values nothing makes, at ${[...pending].map((n) => `'${n.name}' (${n.op})`).join(', ')}`);

  const unsupported = order.filter((n) => !(ONNX_IMPORT_OPS as readonly string[]).includes(n.op));
  if (unsupported.length > 0) {
    fail(file, `uses operators NetCanvas does not map: ${unsupported.map((n) => `'${n.name}' (${n.op})`).join(', ')}`);
  }

  // The input's shape: the batch dimension may be symbolic, the rest must be fixed.
  const dims = arr(isObj(graphInputs[0].type) && isObj(graphInputs[0].type.tensor_type) && isObj(graphInputs[0].type.tensor_type.shape) ? graphInputs[0].type.tensor_type.shape.dim : []).filter(isObj);
  const sample = dims.slice(1).map((d) => Number(d.dim_value ?? NaN));
  if (dims.length < 2 || sample.some((d) => !(d >= 1))) {
    fail(file, `input '${inputName}' has the shape [${dims.map((d) => String(d.dim_value ?? d.dim_param ?? '?')).join(', ')}]; NetCanvas needs every dimension but the batch fixed`);
  }
  if (sample.length < 1 || sample.length > 3) {
    fail(file, `input '${inputName}' is of rank ${dims.length}; NetCanvas imports vectors [batch, features], sequences [batch, steps, features] (batch first) and images [batch, channels, rows, columns]`);
  }

  // NetCanvas's own export names each ONNX node `LAYER/Op`: the layer's id comes back, and an
  // activation folds only into its own layer (a separate Activation layer stays one).
  const ownExport = str(model.producer_name) === 'NetCanvas';
  const layerOf = (n: Node) => (ownExport ? n.name.split('/')[0] : n.name);
  const metadata = new Map(arr(model.metadata_props).filter(isObj).map((p) => [str(p.key), str(p.value)]));

  const gnodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const weights = new Map<string, LayerWeights>();
  const values = new Map<string, Value>(); // ONNX value → the NetCanvas node making it, and its form
  const used = new Set<string>();
  const idFor = (name: string) => {
    let base = name.replace(/[^A-Za-z0-9_-]/g, '_').replace(/^[^A-Za-z]+/, '');
    if (!base) base = 'layer';
    let id = base.slice(0, 56);
    for (let k = 2; used.has(id); k++) id = `${base.slice(0, 50)}_${k}`;
    used.add(id);
    return id;
  };
  const add = (onnxName: string, kind: string, config: Obj, from: readonly Value[]) => {
    const id = idFor(onnxName);
    gnodes.push({ id, kind, config, position: { x: 0, y: 0 }, ...(id !== onnxName ? { label: onnxName } : {}) });
    for (const v of from) edges.push({ id: `e${edges.length + 1}`, source: v.node, sourcePort: 'out', target: id, targetPort: 'in' });
    return id;
  };
  const inputId = idFor(ownExport ? inputName : 'input');
  const image = sample.length === 3;
  // An image is NCHW (PyTorch's) unless it is channels last: so the file's metadata says (NetCanvas's
  // export), or every reader of it transposes it to NCHW first.
  const readers = consumers.get(inputName) ?? [];
  const channelsLast =
    image &&
    (/NHWC|channels last/i.test(metadata.get(`input.${inputName}.layout`) ?? '') || (readers.length > 0 && readers.every((r) => r.op === 'Transpose' && permOf(r) === '0,3,1,2')));
  gnodes.push({ id: inputId, kind: 'Input', config: { shape: image ? (channelsLast ? sample : [sample[1], sample[2], sample[0]]) : sample }, position: { x: 0, y: 0 } });
  values.set(inputName, { node: inputId, dims: sample, form: image ? (channelsLast ? 'nhwc' : 'nchw') : 'same' });

  const done = new Set<Node>();
  const refuse: (n: Node, why: string) => never = (n, why) => fail(file, `node '${n.name}' (${n.op}) ${why}`);
  const outputName = str(graphOutputs[0].name);
  const onlyConsumer = (value: string) => {
    const c = consumers.get(value) ?? [];
    return c.length === 1 && value !== outputName ? c[0] : undefined;
  };
  // An attribute present without its value holds protobuf's default, 0 (a writer may leave zeros out).
  const int = (n: Node, key: string, fallback: number) => (n.attrs.has(key) ? Number(n.attrs.get(key)!.i ?? 0) : fallback);
  const float = (n: Node, key: string, fallback: number) => (n.attrs.has(key) ? Number(n.attrs.get(key)!.f ?? 0) : fallback);
  const intList = (n: Node, key: string): number[] | undefined => {
    const a = n.attrs.get(key);
    return a && Array.isArray(a.ints) ? a.ints.map(Number) : undefined;
  };
  const strAttr = (n: Node, key: string) => {
    const s = n.attrs.get(key)?.s;
    return s instanceof Uint8Array ? new TextDecoder().decode(s) : '';
  };
  const layerInput = (n: Node, index = 0): Value => {
    const v = values.get(n.inputs[index]);
    if (!v) refuse(n, `reads '${n.inputs[index]}', which is not a layer's output (a constant input is not mapped here)`);
    return v;
  };
  const weightInput = (n: Node, index: number, what: string, rank?: number): OnnxWeight => {
    const w = inits.get(n.inputs[index] ?? '');
    if (!w) refuse(n, `needs its ${what} (input ${index + 1}) as a float initializer`);
    if (rank !== undefined && w.shape.length !== rank) refuse(n, `has a ${w.shape.join('×')} ${what}; a rank-${rank} one is needed`);
    return w;
  };
  /**
   * An activation that is `value`'s only consumer, folded into the layer `n` making it; for
   * an NCHW value also one after a Transpose back to NHWC (NetCanvas's export writes Conv2D's
   * activation there). Gives the value the layer then makes, and its form.
   */
  const foldActivation = (n: Node, value: string, form: Value['form']): { activation: string; result: string; form: Value['form'] } => {
    let act = onlyConsumer(value);
    let through: Node | undefined;
    if (act && form === 'nchw' && act.op === 'Transpose' && permOf(act) === TO_NHWC && layerOf(act) === layerOf(n)) {
      through = act;
      act = onlyConsumer(act.outputs[0]);
    }
    const after: Value['form'] = through ? 'nhwc' : form;
    const softmaxAxes = after === 'nhwc' ? [-1, 3] : [-1, 1];
    if (
      act &&
      ACTIVATION_OPS.has(act.op) &&
      layerOf(act) === layerOf(n) &&
      (act.op !== 'Elu' || float(act, 'alpha', 1) === 1) &&
      (act.op !== 'Softmax' || (after !== 'nchw' && softmaxAxes.includes(int(act, 'axis', opset >= 13 ? -1 : 1))))
    ) {
      done.add(act);
      if (through) done.add(through);
      return { activation: ACTIVATION_OPS.get(act.op)!, result: act.outputs[0], form: after };
    }
    return { activation: 'linear', result: value, form };
  };
  /** Explicit pads [top, left, bottom, right] (from `pads` or `auto_pad`) as Keras's 'valid' or 'same'. */
  const padding = (n: Node, [h, w]: readonly [number, number], size: readonly [number, number], strides: readonly [number, number]): 'valid' | 'same' => {
    const auto = strAttr(n, 'auto_pad') || 'NOTSET';
    if (auto === 'VALID') return 'valid';
    if (auto === 'SAME_UPPER') return 'same';
    if (auto !== 'NOTSET') refuse(n, `has auto_pad ${auto}; Keras's 'same' pads as SAME_UPPER`);
    const raw = intList(n, 'pads') ?? [0, 0, 0, 0];
    if (raw.length !== 4) refuse(n, `has pads ${JSON.stringify(raw)}; 2-D windows need four`);
    const pads = [raw[0], raw[1], raw[2], raw[3]]; // ONNX: top, left, bottom, right
    if (pads.every((p) => p === 0)) return 'valid';
    const same = windowPads([h, w], size, strides, 'same');
    if (pads.every((p, i) => p === same[i])) return 'same';
    return refuse(n, `pads [${pads.join(', ')}] (top, left, bottom, right), which is neither 'valid' (none) nor Keras's 'same' for this size ([${same.join(', ')}])`);
  };
  const windowOut = (n: Node, [h, w]: readonly [number, number], size: readonly [number, number], strides: readonly [number, number], pad: 'valid' | 'same'): [number, number] => {
    const out = (x: number, k: number, s: number) => (pad === 'same' ? Math.ceil(x / s) : Math.floor((x - k) / s) + 1);
    const r = [out(h, size[0], strides[0]), out(w, size[1], strides[1])] as [number, number];
    if (r[0] < 1 || r[1] < 1) refuse(n, `has a ${size.join('×')} window that does not fit its ${h}×${w} input`);
    return r;
  };
  const pair = (n: Node, key: string, fallback: [number, number]): [number, number] => {
    const v = intList(n, key) ?? fallback;
    if (v.length !== 2 || v.some((x) => !Number.isSafeInteger(x) || x < 1)) refuse(n, `has ${key} ${JSON.stringify(v)}; NetCanvas takes two positive numbers (2-D only)`);
    return [v[0], v[1]];
  };
  const imageInput = (n: Node): { x: Value; c: number; h: number; w: number } => {
    const x = layerInput(n);
    if (x.form === 'nhwc') refuse(n, `reads a channels-last image [${x.dims.join(', ')}] (NHWC); ONNX's ${n.op} takes channels first (a Transpose with perm [0, 3, 1, 2] before it)`);
    if (x.form !== 'nchw') refuse(n, `needs an NCHW image but reads a value of shape [${x.dims.join(', ')}]`);
    const [c, h, w] = x.dims;
    return { x, c, h, w };
  };
  /** A layer's value `out` as an alias of `v`. */
  const alias = (out: string, v: Value) => values.set(out, v);

  /**
   * ONNX's RNN, LSTM and GRU (one direction, as PyTorch's nn.RNN, nn.LSTM, nn.GRU with
   * batch_first write them) as SimpleRNN, LSTM, GRU. ONNX's gates are i, o, f, c (LSTM) and
   * z, r, h (GRU); Keras's i, f, c, o and z, r, h. ONNX has an input and a recurrent bias,
   * Keras one: they are summed (so NetCanvas counts G·H fewer parameters than PyTorch).
   * Y (every step) gives returnSequences, Y_h or Y's last step the last state.
   */
  const recurrent = (n: Node): void => {
    const kind = n.op === 'RNN' ? 'SimpleRNN' : n.op;
    const gates = n.op === 'LSTM' ? 4 : n.op === 'GRU' ? 3 : 1;
    // Keras's gate k is ONNX's gate ORDER[k].
    const order = n.op === 'LSTM' ? [0, 2, 3, 1] : n.op === 'GRU' ? [0, 1, 2] : [0];
    const x = layerInput(n);
    if (x.form !== 'timeMajor') refuse(n, `reads [batch, ${x.dims.join(', ')}], not a time-major sequence (a batch-first sequence transposed by perm [1, 0, 2], as PyTorch writes it)`);
    const [steps, features] = x.dims;
    const units = int(n, 'hidden_size', 0);
    if (!(units >= 1)) refuse(n, 'has no hidden_size');
    const direction = strAttr(n, 'direction') || 'forward';
    if (direction !== 'forward' && direction !== 'bidirectional') refuse(n, `runs ${direction}; NetCanvas imports forward and bidirectional recurrent layers (a reverse-only one has no NetCanvas layer)`);
    // A bidirectional operator is NetCanvas's Bidirectional wrapper: direction 0 its forward layer, 1 its backward one.
    const dirs = direction === 'bidirectional' ? 2 : 1;
    if (n.attrs.has('clip')) refuse(n, 'clips its cell values; NetCanvas\'s recurrent layers do not');
    if (int(n, 'layout', 0) !== 0) refuse(n, 'has layout 1 (batch first inside the operator)');
    if (n.op === 'LSTM' && int(n, 'input_forget', 0) !== 0) refuse(n, 'couples its input and forget gates (input_forget 1)');
    if (n.op === 'GRU' && int(n, 'linear_before_reset', 0) !== 0) {
      refuse(n, 'has linear_before_reset 1 (PyTorch\'s GRU, Keras\'s reset_after=True); NetCanvas\'s GRU is Keras\'s reset_after=False (TensorFlow.js, which trains it, has no reset_after=True), whose reset gate acts before the recurrent product, so its numbers would differ');
    }
    const acts = n.attrs.get('activations');
    const names = acts && Array.isArray(acts.strings) ? acts.strings.map((b) => (b instanceof Uint8Array ? new TextDecoder().decode(b) : String(b))) : [];
    const perDirection = (a: string[]) => (dirs === 2 ? [...a, ...a] : a);
    const standard = perDirection(n.op === 'LSTM' ? ['Sigmoid', 'Tanh', 'Tanh'] : n.op === 'GRU' ? ['Sigmoid', 'Tanh'] : ['Tanh']);
    let activation = 'tanh';
    if (n.op === 'RNN' && names.length > 0 && names.join() === perDirection(['Relu']).join()) activation = 'relu';
    else if (names.length > 0 && names.join() !== standard.join()) refuse(n, `has activations ${names.join(', ')}; NetCanvas reads ${standard.join(', ')}${n.op === 'RNN' ? ` or ${perDirection(['Relu']).join(', ')}` : ''}`);
    if (n.inputs[4]) refuse(n, 'has sequence_lens; NetCanvas runs every sequence to its full length');
    for (const i of [5, 6]) if (n.inputs[i] && !zeros.has(n.inputs[i])) refuse(n, `starts from an initial ${i === 5 ? 'hidden' : 'cell'} state other than zeros`);
    if (n.inputs[7]) refuse(n, 'has peephole weights; NetCanvas\'s LSTM has none');
    const W = weightInput(n, 1, 'input weight W', 3);
    const R = weightInput(n, 2, 'recurrent weight R', 3);
    const B = n.inputs[3] ? weightInput(n, 3, 'bias B', 2) : undefined;
    const g = gates * units;
    if (W.shape.join() !== [dirs, g, features].join()) refuse(n, `has a ${W.shape.join('×')} W; ${units} units on ${features} features need ${dirs}×${g}×${features}`);
    if (R.shape.join() !== [dirs, g, units].join()) refuse(n, `has a ${R.shape.join('×')} R; ${units} units need ${dirs}×${g}×${units}`);
    if (B && B.shape.join() !== [dirs, 2 * g].join()) refuse(n, `has a ${B.shape.join('×')} B; ${units} units need ${dirs}×${2 * g}`);
    // ONNX's W row (gate, unit) over the inputs, of direction d, is Keras's kernel column (gate', unit).
    const regate = (m: OnnxWeight, inputs: number, d: number): OnnxWeight => {
      const values = new Float32Array(inputs * g);
      for (let k = 0; k < gates; k++) {
        for (let u = 0; u < units; u++) {
          const row = (d * g + order[k] * units + u) * inputs;
          for (let f = 0; f < inputs; f++) values[f * g + k * units + u] = m.values[row + f];
        }
      }
      return { shape: [inputs, g], values };
    };
    const wts = new Map<string, OnnxWeight>();
    for (let d = 0; d < dirs; d++) {
      // Bidirectional's weights carry the direction before the Keras name (as tfjs names them).
      const prefix = dirs === 2 ? (d === 0 ? 'forward/' : 'backward/') : '';
      wts.set(`${prefix}kernel`, regate(W, features, d));
      wts.set(`${prefix}recurrent_kernel`, regate(R, units, d));
      if (B) {
        const bias = new Float32Array(g);
        const at = d * 2 * g;
        for (let k = 0; k < gates; k++) for (let u = 0; u < units; u++) bias[k * units + u] = B.values[at + order[k] * units + u] + B.values[at + g + order[k] * units + u];
        wts.set(`${prefix}bias`, { shape: [g], values: bias });
      }
    }
    const [y, yh, yc] = [n.outputs[0] ?? '', n.outputs[1] ?? '', n.outputs[2] ?? ''];
    const used = (v: string) => Boolean(v) && ((consumers.get(v) ?? []).length > 0 || v === outputName);
    if (used(yc)) refuse(n, 'has its cell state Y_c read; NetCanvas\'s LSTM gives its output only');
    if (dirs === 2) {
      bidirectional(n, kind, { units, activation, useBias: Boolean(B) }, x, wts, y, yh, used);
      return;
    }
    // out[:, -1, :]: Y squeezed, transposed batch first, its last step gathered: the last state.
    const squeeze = onlyConsumer(y);
    const back = squeeze?.op === 'Squeeze' && axesOf(squeeze)?.join() === '1' ? onlyConsumer(squeeze.outputs[0]) : undefined;
    const gather = back?.op === 'Transpose' && permOf(back) === '1,0,2' ? onlyConsumer(back.outputs[0]) : undefined;
    const lastStep = gather?.op === 'Gather' && int(gather, 'axis', 0) === 1 && lastIndex(gather, steps) ? gather : undefined;
    if (used(y) && used(yh) && !lastStep) refuse(n, 'has both its sequence Y and its last state Y_h read; a NetCanvas recurrent layer gives one of them (returnSequences)');
    const returnSequences = used(y) && !lastStep;
    const id = add(layerOf(n), kind, { units, activation, ...(n.op === 'RNN' ? {} : { recurrentActivation: 'sigmoid' }), useBias: Boolean(B), returnSequences }, [x]);
    weights.set(id, wts);
    if (returnSequences) values.set(y, { node: id, dims: [steps, 1, units], form: 'rnnY' });
    if (used(yh)) values.set(yh, { node: id, dims: [1, units], form: 'rnnH' });
    if (lastStep) {
      [squeeze!, back!, lastStep].forEach((m) => done.add(m));
      values.set(lastStep.outputs[0], { node: id, dims: [units], form: 'same' });
    }
  };
  /**
   * A bidirectional operator as NetCanvas's Bidirectional (merge concat), read the two ways
   * PyTorch writes its uses: the sequence, Y [steps, 2, batch, units] transposed by perm
   * [0, 2, 1, 3] and reshaped to [steps, batch, 2·units] (time-major, forward then backward
   * units; returnSequences); or the last states, h_n[-2] and h_n[-1] joined along the features
   * (`torch.cat((h[-2], h[-1]), 1)`, Keras's forward and backward final states). ONNX's backward
   * direction, as Keras's re-reversed backward layer, gives each output at its own time step.
   */
  const bidirectional = (n: Node, kind: string, c: { units: number; activation: string; useBias: boolean }, x: Value, wts: LayerWeights, y: string, yh: string, used: (v: string) => boolean): void => {
    const [steps] = x.dims;
    const { units } = c;
    const config = (returnSequences: boolean) => ({ layer: kind, mergeMode: 'concat', units, activation: c.activation, ...(kind === 'SimpleRNN' ? {} : { recurrentActivation: 'sigmoid' }), useBias: c.useBias, returnSequences });
    if (used(y) && used(yh)) refuse(n, 'has both its sequence Y and its last states Y_h read; a NetCanvas Bidirectional layer gives one of them (returnSequences)');
    // A Reshape's target, batch-free: [0|steps|batch, 0|batch, -1|joined] (a sequence) or [0|batch, -1|joined] (last states).
    const any = (t: number | null, ...ok: (number | null)[]) => ok.includes(t);
    const reshapeAfter = (swap: Node | undefined, perm: string, joinedRank: number): Node | undefined => {
      const reshape = swap?.op === 'Transpose' && permOf(swap) === perm ? onlyConsumer(swap.outputs[0]) : undefined;
      const t = reshape?.op === 'Reshape' ? ints.get(reshape.inputs[1] ?? '') : undefined;
      if (!t || t.length !== joinedRank || !any(t[t.length - 1], -1, 2 * units)) return undefined;
      const lead = t.slice(0, -1);
      return lead.every((d, i) => any(d, 0, null, -1, ...(joinedRank === 3 && i === 0 ? [steps] : []))) ? reshape : undefined;
    };
    if (used(y)) {
      // PyTorch's: perm [0, 2, 1, 3] to [steps, batch, 2, units], time-major; NetCanvas's export's: perm [2, 0, 1, 3], batch first.
      const swap = onlyConsumer(y);
      const pytorch = reshapeAfter(swap, '0,2,1,3', 3);
      const own = pytorch ? undefined : reshapeAfter(swap, '2,0,1,3', 3);
      const reshape = pytorch ?? own;
      if (!reshape) refuse(n, `has its bidirectional sequence Y read other than as the two directions' units joined per step (a Transpose by perm [0, 2, 1, 3] or [2, 0, 1, 3], then a Reshape to ${2 * units} features)`);
      done.add(swap!);
      done.add(reshape);
      const id = add(layerOf(n), 'Bidirectional', config(true), [x]);
      weights.set(id, wts);
      values.set(reshape.outputs[0], { node: id, dims: [steps, 2 * units], form: pytorch ? 'timeMajor' : 'same' });
      return;
    }
    // NetCanvas's export's last states: Y_h batch first (perm [1, 0, 2]) reshaped to [batch, 2·units].
    const ownLast = reshapeAfter(onlyConsumer(yh), '1,0,2', 2);
    if (ownLast) {
      done.add(onlyConsumer(yh)!);
      done.add(ownLast);
      const id = add(layerOf(n), 'Bidirectional', config(false), [x]);
      weights.set(id, wts);
      values.set(ownLast.outputs[0], { node: id, dims: [2 * units], form: 'same' });
      return;
    }
    const readers = consumers.get(yh) ?? [];
    const indexOf = (m: Node) => {
      const index = ints.get(m.inputs[1] ?? '');
      return m.op === 'Gather' && int(m, 'axis', 0) === 0 && index?.length === 1 && index[0] !== null ? (index[0] < 0 ? index[0] + 2 : index[0]) : -1;
    };
    const [forward, backward] = [0, 1].map((d) => readers.find((m) => indexOf(m) === d));
    const join = forward && backward ? onlyConsumer(forward.outputs[0]) : undefined;
    const joinAxis = join ? int(join, 'axis', 0) : 0;
    const ok =
      readers.length === 2 && forward && backward && join?.op === 'Concat' && onlyConsumer(backward.outputs[0]) === join && (joinAxis === 1 || joinAxis === -1) && join.inputs.join() === [forward.outputs[0], backward.outputs[0]].join();
    if (!ok || yh === outputName) refuse(n, 'has its bidirectional last states Y_h read other than as the forward and backward ones joined (torch.cat((h[-2], h[-1]), 1)), the only way NetCanvas\'s Bidirectional gives them');
    [forward, backward, join].forEach((m) => done.add(m!));
    const id = add(layerOf(n), 'Bidirectional', config(false), [x]);
    weights.set(id, wts);
    values.set(join!.outputs[0], { node: id, dims: [2 * units], form: 'same' });
  };

  // Constants first (they read nothing), so a look ahead past a layer finds its indices known.
  for (const n of order) {
    if (n.op !== 'Constant') continue;
    const t = n.attrs.get('value')?.t;
    if (!isObj(t)) refuse(n, 'has no tensor `value` (only tensor constants are read)');
    addTensor(n.outputs[0], readTensor(file, t as Obj, `constant of node '${n.name}'`));
    done.add(n);
  }
  /** Values that are all zeros (ConstantOfShape of 0): a recurrent operator's initial state as PyTorch writes it. */
  const zeros = new Set<string>();
  const axesOf = (n: Node): number[] | undefined => intList(n, 'axes') ?? (ints.get(n.inputs[1] ?? '')?.map(Number));
  const lastIndex = (n: Node, length: number): boolean => {
    const index = ints.get(n.inputs[1] ?? '');
    return Boolean(index && index.length === 1 && (index[0] === -1 || index[0] === length - 1));
  };

  for (const n of order) {
    if (done.has(n)) continue;
    const out = n.outputs[0];
    // Constant-side operators: shapes, pads and indices, evaluated here; they make no layer.
    if (n.op === 'Slice') {
      // A slice of zeros (PyTorch's stacked recurrent layers each take their part of one zero state).
      if (!zeros.has(n.inputs[0])) refuse(n, 'slices a value other than a zero initial state; NetCanvas has no slicing layer');
      zeros.add(out);
      continue;
    }
    if (n.op === 'Shape') {
      const v = layerInput(n);
      ints.set(out, [null, ...v.dims]);
      continue;
    }
    if (n.op === 'Gather' && ints.has(n.inputs[0])) {
      const from = ints.get(n.inputs[0])!;
      const index = ints.get(n.inputs[1]);
      if (!index || index.length !== 1 || int(n, 'axis', 0) !== 0) refuse(n, 'gathers from a shape with an index that is not one constant');
      const i = index[0]! < 0 ? from.length + index[0]! : index[0]!;
      if (!(i >= 0 && i < from.length)) refuse(n, `gathers index ${String(index[0])} from a shape of ${from.length} values`);
      ints.set(out, [from[i]]);
      continue;
    }
    if (n.op === 'Unsqueeze' && ints.has(n.inputs[0])) {
      ints.set(out, ints.get(n.inputs[0])!);
      continue;
    }
    if (n.op === 'Concat' && n.inputs.every((i) => ints.has(i))) {
      ints.set(out, n.inputs.flatMap((i) => ints.get(i)!));
      continue;
    }
    if (n.op === 'Identity' && (inits.has(n.inputs[0]) || ints.has(n.inputs[0]))) {
      if (inits.has(n.inputs[0])) inits.set(out, inits.get(n.inputs[0])!);
      else ints.set(out, ints.get(n.inputs[0])!);
      continue;
    }

    if (n.op === 'Gemm' || n.op === 'MatMul') {
      const x = layerInput(n);
      if (x.form === 'nchw' || x.form === 'nhwc') refuse(n, `reads an image [${x.dims.join(', ')}]; flatten it first`);
      let kernel = weightInput(n, 1, 'weight', 2);
      let bias: OnnxWeight | undefined;
      let last = n;
      if (n.op === 'Gemm') {
        if (float(n, 'alpha', 1) !== 1 || float(n, 'beta', 1) !== 1 || int(n, 'transA', 0) !== 0) refuse(n, 'has alpha, beta or transA other than 1, 1, 0');
        if (int(n, 'transB', 0) === 1) kernel = transposeWeight(kernel, [1, 0]);
        if (n.inputs[2]) bias = weightInput(n, 2, 'bias');
      } else {
        const next = onlyConsumer(out);
        if (next?.op === 'Add' && layerOf(next) === layerOf(n)) {
          const b = inits.get(next.inputs.find((i) => i !== out) ?? '');
          if (b) {
            bias = b;
            last = next;
            done.add(next);
          }
        }
      }
      const [inF, units] = kernel.shape;
      if (x.dims.length !== 1 || x.dims[0] !== inF) refuse(n, `has a ${kernel.shape.join('×')} weight for an input of shape [${x.dims.join(', ')}]`);
      if (bias && bias.values.length !== units) refuse(n, `has a bias of ${bias.values.length} values for ${units} units`);
      if (x.form === 'chwFlat' || x.form === 'squeezed') {
        // PyTorch flattened C, H, W; NetCanvas's Flatten gives H, W, C: the rows follow.
        const [c, h, w] = x.chw ?? [inF, 1, 1];
        kernel = { shape: [inF, units], values: transposeWeight({ shape: [c, h, w, units], values: kernel.values }, [1, 2, 0, 3]).values };
      }
      const { activation, result } = foldActivation(n, last.outputs[0], 'same');
      const id = add(layerOf(n), 'Dense', { units, activation, useBias: Boolean(bias) }, [x]);
      const wts = new Map<string, OnnxWeight>([['kernel', { shape: [inF, units], values: kernel.values }]]);
      if (bias) wts.set('bias', { shape: [units], values: bias.values });
      weights.set(id, wts);
      values.set(result, { node: id, dims: [units], form: 'same' });
    } else if (n.op === 'Conv') {
      const { x, c, h, w } = imageInput(n);
      const kernel = weightInput(n, 1, 'weight', 4);
      const [filters, inC, kh, kw] = kernel.shape;
      if (int(n, 'group', 1) !== 1) refuse(n, `has group ${int(n, 'group', 1)}; NetCanvas's Conv2D has no grouped or depthwise convolution (group 1 only)`);
      const dil = intList(n, 'dilations') ?? [1, 1];
      if (dil.some((d) => d !== 1)) refuse(n, `has dilations [${dil.join(', ')}]; NetCanvas's Conv2D has no dilation`);
      if (inC !== c) refuse(n, `has a kernel for ${inC} channels but reads ${c}`);
      const size = pair(n, 'kernel_shape', [kh, kw]);
      if (size[0] !== kh || size[1] !== kw) refuse(n, `has kernel_shape ${size.join('×')} but a ${kh}×${kw} kernel`);
      const strides = pair(n, 'strides', [1, 1]);
      const pad = padding(n, [h, w], size, strides);
      const bias = n.inputs[2] ? weightInput(n, 2, 'bias') : undefined;
      if (bias && bias.values.length !== filters) refuse(n, `has a bias of ${bias.values.length} values for ${filters} filters`);
      const [oh, ow] = windowOut(n, [h, w], size, strides, pad);
      const folded = foldActivation(n, out, 'nchw');
      const { activation, result } = folded;
      const id = add(layerOf(n), 'Conv2D', { filters, kernelSize: size, strides, padding: pad, activation, useBias: Boolean(bias) }, [x]);
      const wts = new Map<string, OnnxWeight>([['kernel', transposeWeight(kernel, [2, 3, 1, 0])]]);
      if (bias) wts.set('bias', { shape: [filters], values: bias.values });
      weights.set(id, wts);
      values.set(result, { node: id, dims: folded.form === 'nhwc' ? [oh, ow, filters] : [filters, oh, ow], form: folded.form });
    } else if (n.op === 'MaxPool' || n.op === 'AveragePool') {
      const { x, c, h, w } = imageInput(n);
      if (n.outputs.length > 1 && n.outputs[1]) refuse(n, 'has an Indices output, which NetCanvas does not make');
      if (int(n, 'ceil_mode', 0) !== 0) refuse(n, 'has ceil_mode 1; NetCanvas pools with floor (ceil_mode 0)');
      if ((intList(n, 'dilations') ?? [1, 1]).some((d) => d !== 1)) refuse(n, 'has dilations other than 1');
      if (int(n, 'storage_order', 0) !== 0) refuse(n, 'has storage_order 1');
      const size = pair(n, 'kernel_shape', [0, 0]);
      const strides = pair(n, 'strides', [1, 1]);
      const pad = padding(n, [h, w], size, strides);
      if (n.op === 'AveragePool' && pad === 'same' && int(n, 'count_include_pad', 0) !== 0) refuse(n, 'counts the padding in its averages (count_include_pad 1); Keras averages over the pixels inside the image only');
      const [oh, ow] = windowOut(n, [h, w], size, strides, pad);
      const same = strides[0] === size[0] && strides[1] === size[1];
      const id = add(layerOf(n), n.op === 'MaxPool' ? 'MaxPooling2D' : 'AveragePooling2D', { poolSize: size, strides: same ? null : strides, padding: pad }, [x]);
      values.set(out, { node: id, dims: [c, oh, ow], form: 'nchw' });
    } else if (n.op === 'GlobalAveragePool') {
      const { x, c } = imageInput(n);
      values.set(out, { node: add(layerOf(n), 'GlobalAveragePooling2D', {}, [x]), dims: [c, 1, 1], form: 'squeezed' });
    } else if (n.op === 'ConstantOfShape') {
      const t = n.attrs.get('value')?.t;
      const value = isObj(t) ? readTensor(file, t as Obj, `value of node '${n.name}'`) : undefined;
      const zero = !value || (value.kind === 'float' ? value.weight.values.every((v) => v === 0) : value.values.every((v) => v === 0));
      if (!zero || !ints.has(n.inputs[0])) refuse(n, 'makes a tensor other than zeros of a worked-out shape (NetCanvas reads it only as a recurrent layer\'s zero initial state)');
      zeros.add(out);
    } else if (n.op === 'RNN' || n.op === 'LSTM' || n.op === 'GRU') {
      recurrent(n);
    } else if (n.op === 'Squeeze') {
      const x = layerInput(n);
      const axes = axesOf(n) ?? [];
      if (x.form === 'rnnY' && axes.join() === '1' && x.dims[1] === 1) alias(out, { node: x.node, dims: [x.dims[0], x.dims[2]], form: 'timeMajor' });
      else if (x.form === 'rnnH' && axes.join() === '0' && x.dims[0] === 1) alias(out, { node: x.node, dims: [x.dims[1]], form: 'same' });
      else refuse(n, `squeezes axes [${axes.join(', ')}] of [batch, ${x.dims.join(', ')}]; only a recurrent layer's direction axis is read`);
    } else if (n.op === 'Gather') {
      // h_n[-1]: a one-direction recurrent layer's last state.
      const x = layerInput(n);
      if (x.form !== 'rnnH' || x.dims[0] !== 1 || int(n, 'axis', 0) !== 0 || !lastIndex(n, 1)) refuse(n, `gathers from [batch, ${x.dims.join(', ')}]; only a recurrent layer's last state (h_n[-1], or its sequence's last step) is read`);
      alias(out, { node: x.node, dims: [x.dims[1]], form: 'same' });
    } else if (n.op === 'Transpose') {
      // Only a layout change around a 2-D layer: the NetCanvas tensor stays the same.
      const x = layerInput(n);
      const perm = permOf(n);
      if (perm === '1,0,2' && x.dims.length === 2 && (x.form === 'same' || x.form === 'timeMajor')) alias(out, { ...x, form: x.form === 'same' ? 'timeMajor' : 'same' });
      else if (x.form === 'nhwc' && perm === TO_NCHW) alias(out, { node: x.node, dims: [x.dims[2], x.dims[0], x.dims[1]], form: 'nchw' });
      else if (x.form === 'nchw' && perm === TO_NHWC) alias(out, { node: x.node, dims: [x.dims[1], x.dims[2], x.dims[0]], form: 'nhwc' });
      else refuse(n, `transposes [batch, ${x.dims.join(', ')}] by perm [${perm}]; only the NHWC ↔ NCHW changes around 2-D layers (perm [${TO_NCHW}] and [${TO_NHWC}]) are read`);
    } else if (n.op === 'ReduceMean') {
      // NetCanvas's GlobalAveragePooling2D as its export writes it: the mean over rows and columns of an NHWC image.
      const x = layerInput(n);
      const axes = (intList(n, 'axes') ?? ints.get(n.inputs[1] ?? '') ?? []).map((a) => Number(a) < 0 ? Number(a) + 4 : Number(a));
      if (x.form !== 'nhwc' || axes.slice().sort().join() !== '1,2' || int(n, 'keepdims', 1) !== 0) {
        refuse(n, `takes a mean over axes [${axes.join(', ')}]${int(n, 'keepdims', 1) !== 0 ? ' keeping them' : ''} of [batch, ${x.dims.join(', ')}]; only the mean over an NHWC image's rows and columns (axes 1, 2, keepdims 0) is read, as GlobalAveragePooling2D`);
      }
      values.set(out, { node: add(layerOf(n), 'GlobalAveragePooling2D', {}, [x]), dims: [x.dims[2]], form: 'same' });
    } else if (n.op === 'Mul') {
      // BatchNormalization's inference form, as NetCanvas's export writes it: x · scale + shift per channel (the last axis).
      const x = layerInput(n);
      const scale = inits.get(n.inputs[1] ?? '');
      const next = onlyConsumer(out);
      const shift = next?.op === 'Add' ? inits.get(next.inputs.find((i) => i !== out) ?? '') : undefined;
      const channels = x.form === 'nhwc' ? x.dims[2] : x.dims.length === 1 && x.form !== 'chwFlat' ? x.dims[0] : NaN;
      if (!scale || !shift || !next || scale.shape.join() !== String(channels) || shift.shape.join() !== String(channels)) {
        refuse(n, `is not a per-channel scale of a layer's output followed by an Add of a per-channel shift (a BatchNormalization's inference form, [${String(channels)}] each), the only Mul read`);
      }
      done.add(next);
      // Moving mean 0 and variance 1 − ε make Keras's γ·(x − mean)/√(variance + ε) + β exactly γx + β.
      const epsilon = 1e-3;
      const id = add(layerOf(n), 'BatchNormalization', { epsilon }, [x]);
      const filled = (v: number) => ({ shape: [channels], values: new Float32Array(channels).fill(v) });
      weights.set(id, new Map([['gamma', { shape: [channels], values: scale.values }], ['beta', { shape: [channels], values: shift.values }], ['moving_mean', filled(0)], ['moving_variance', filled(1 - epsilon)]]));
      values.set(next.outputs[0], { ...x, node: id });
    } else if (n.op === 'Pad') {
      const x = layerInput(n);
      const pads = n.inputs[1] ? ints.get(n.inputs[1]) : intList(n, 'pads');
      if (!pads) refuse(n, 'has pads that are not a constant');
      if (n.inputs[2] && inits.get(n.inputs[2])?.values.some((v) => v !== 0)) refuse(n, 'pads with a value other than 0');
      if (pads.some((p) => p !== 0)) refuse(n, `pads by [${pads.join(', ')}]; only a Pad of zeros (as PyTorch writes before AveragePool) is read, NetCanvas has no padding layer`);
      alias(out, x);
    } else if (n.op === 'BatchNormalization') {
      const x = layerInput(n);
      if (x.form === 'chwFlat') refuse(n, 'normalises a flattened feature map; NetCanvas would need its statistics reordered (put it before the Flatten)');
      if (int(n, 'training_mode', 0) !== 0 || n.outputs.slice(1).some(Boolean)) refuse(n, 'is in training mode; NetCanvas reads the inference form (scale, bias, mean, variance)');
      const channels = x.dims[0];
      const [gamma, beta, mean, variance] = ['scale', 'bias', 'mean', 'variance'].map((what, i) => weightInput(n, i + 1, what));
      for (const [k, t] of [['scale', gamma], ['bias', beta], ['mean', mean], ['variance', variance]] as const) {
        if (t.values.length !== channels) refuse(n, `has a ${k} of ${t.values.length} values for ${channels} channels`);
      }
      const epsilon = float(n, 'epsilon', 1e-5);
      const momentum = float(n, 'momentum', 0.9);
      if (!(epsilon > 0 && epsilon <= 1) || !(momentum > 0 && momentum < 1)) refuse(n, `has epsilon ${epsilon} or momentum ${momentum} outside what NetCanvas takes (0 < epsilon ≤ 1, 0 < momentum < 1)`);
      const id = add(layerOf(n), 'BatchNormalization', { epsilon: Math.fround(epsilon), momentum: Math.fround(momentum) }, [x]);
      const one = (t: OnnxWeight): OnnxWeight => ({ shape: [channels], values: t.values });
      weights.set(id, new Map([['gamma', one(gamma)], ['beta', one(beta)], ['moving_mean', one(mean)], ['moving_variance', one(variance)]]));
      values.set(out, { ...x, node: id });
    } else if (n.op === 'Flatten' || n.op === 'Reshape') {
      const x = layerInput(n);
      if (n.op === 'Flatten') {
        if (int(n, 'axis', 1) !== 1) refuse(n, `flattens from axis ${int(n, 'axis', 1)}; NetCanvas keeps the batch axis alone (axis 1)`);
      } else {
        const target = ints.get(n.inputs[1] ?? '');
        if (!target) refuse(n, 'reshapes to a shape that is not a constant (nor one worked out from the input\'s)');
        const total = product(x.dims);
        const batchFirst = target[0] === null || target[0] === -1 || target[0] === 0;
        const flat = target.length === 2 && batchFirst && (target[1] === -1 || target[1] === total);
        if (!flat) refuse(n, `reshapes [${x.dims.join(', ')}] to [${target.map((t) => (t === null ? 'batch' : t)).join(', ')}]; only a flatten to [batch, ${total}] is read`);
        if (int(n, 'allowzero', 0) !== 0) refuse(n, 'has allowzero 1');
      }
      if (x.dims.length === 1) alias(out, x);
      else if (x.form === 'squeezed') alias(out, { ...x, dims: [x.dims[0]], form: 'same' });
      else if (x.form === 'nhwc' || x.form === 'same') values.set(out, { node: add(layerOf(n), 'Flatten', {}, [x]), dims: [product(x.dims)], form: 'same' });
      else {
        const [c, h, w] = x.dims;
        const id = add(layerOf(n), 'Flatten', {}, [x]);
        values.set(out, c === 1 || h * w === 1 ? { node: id, dims: [c * h * w], form: 'same' } : { node: id, dims: [c * h * w], form: 'chwFlat', chw: [c, h, w] });
      }
    } else if (n.op === 'Add' || n.op === 'Sum') {
      const xs = n.inputs.map((_, i) => layerInput(n, i));
      if (xs.length < 2) refuse(n, 'has one input');
      const odd = xs.find((v) => v.form !== xs[0].form || v.dims.join() !== xs[0].dims.join() || (v.chw ?? []).join() !== (xs[0].chw ?? []).join());
      if (odd) refuse(n, `adds values of shapes [${xs[0].dims.join(', ')}] and [${odd.dims.join(', ')}]; NetCanvas's Add needs one shape (no broadcasting)`);
      values.set(out, { ...xs[0], node: add(layerOf(n), 'Add', {}, xs) });
    } else if (n.op === 'Concat') {
      const xs = n.inputs.map((_, i) => layerInput(n, i));
      const rank = xs[0].dims.length + 1;
      const axis = int(n, 'axis', 1) < 0 ? int(n, 'axis', 1) + rank : int(n, 'axis', 1);
      if (xs.some((v) => v.form !== xs[0].form || v.dims.length !== xs[0].dims.length)) refuse(n, 'joins values of different ranks or layouts');
      if (xs[0].form === 'chwFlat') refuse(n, 'joins flattened feature maps; NetCanvas\'s would be in another order (join them before the Flatten)');
      // The channels: axis 1 of NCHW images and vectors, the last axis of NHWC images.
      const at = xs[0].form === 'nhwc' ? 2 : 0;
      if (axis !== at + 1) refuse(n, `joins along axis ${int(n, 'axis', 1)}; NetCanvas imports joins along the channels or features (axis ${at + 1} here)`);
      const others = (v: Value) => v.dims.filter((_, i) => i !== at).join();
      if (xs.some((v) => others(v) !== others(xs[0]))) refuse(n, 'joins values whose other dimensions differ');
      const joined = xs.reduce((a, v) => a + v.dims[at], 0);
      const dims = xs[0].dims.map((d, i) => (i === at ? joined : d));
      values.set(out, { node: add(layerOf(n), 'Concatenate', { axis: -1 }, xs), dims, form: xs[0].form });
    } else if (ACTIVATION_OPS.has(n.op)) {
      const x = layerInput(n);
      if (n.op === 'Elu' && float(n, 'alpha', 1) !== 1) refuse(n, `has alpha ${float(n, 'alpha', 1)}; NetCanvas's elu has alpha 1`);
      if (n.op === 'Selu' && (n.attrs.has('alpha') || n.attrs.has('gamma'))) {
        if (Math.abs(float(n, 'alpha', 1.6732632) - 1.6732632) > 1e-6 || Math.abs(float(n, 'gamma', 1.0507010) - 1.050701) > 1e-6) refuse(n, 'has alpha or gamma other than selu\'s standard ones');
      }
      if (n.op === 'Softmax') {
        const axis = int(n, 'axis', opset >= 13 ? -1 : 1);
        const ok = x.form === 'nhwc' ? [-1, 3].includes(axis) : x.form !== 'nchw' && x.dims.length === 1 && [-1, 1].includes(axis);
        if (!ok) refuse(n, `takes a softmax along axis ${axis} of [batch, ${x.dims.join(', ')}]; NetCanvas's softmax is over the last axis (a vector's features, a channels-last image's channels)`);
      }
      values.set(out, { ...x, node: add(layerOf(n), 'Activation', { activation: ACTIVATION_OPS.get(n.op)! }, [x]) });
    } else if (n.op === 'Dropout') {
      const x = layerInput(n);
      const ratio = n.inputs[1] ? inits.get(n.inputs[1])?.values[0] : float(n, 'ratio', 0.5);
      if (ratio === undefined) refuse(n, 'has a ratio that is not a constant');
      // The ratio as written (a float32's 0.44999998807907104 is 0.45).
      values.set(out, { ...x, node: add(layerOf(n), 'Dropout', { rate: Number(Math.fround(ratio).toPrecision(7)) }, [x]) });
    } else if (n.op === 'Identity') {
      const x = layerInput(n);
      // In NetCanvas's export an Identity of its own layer is a linear Activation; elsewhere it is nothing.
      if (ownExport && n.name.includes('/') && layerOf(n) !== x.node) values.set(out, { ...x, node: add(layerOf(n), 'Activation', { activation: 'linear' }, [x]) });
      else alias(out, x);
    } else refuse(n, 'is not mapped here (its inputs are not layers NetCanvas reads this way)');
  }
  const result = values.get(outputName);
  if (result === undefined) fail(file, `its output '${outputName}' is not made by any layer`);
  if (result.form === 'timeMajor' || result.form === 'rnnY' || result.form === 'rnnH') {
    fail(file, `its output '${outputName}' is a recurrent operator's ${result.form === 'rnnH' ? 'state' : 'time-major sequence'} [${result.dims.join(', ')}] with the batch inside; end the model with a batch-first value`);
  }
  if (result.form === 'nchw' || result.form === 'chwFlat') {
    fail(file, `its output '${outputName}' is a channels-first feature map [${result.dims.join(', ')}]; NetCanvas's would be channels last, in another order (end the model with a vector)`);
  }
  const outputNode = gnodes.find((g) => g.id === result.node)!;
  if (outputNode.kind === 'Input') fail(file, `its output '${outputName}' is its input; there is no layer to import`);
  const positions = arrangeLayout(gnodes.map((g) => g.id), edges);
  const document = loadDocument({
    format: GRAPH_FORMAT,
    version: GRAPH_FORMAT_VERSION,
    // PyTorch names every graph alike (torch_jit, main_graph): the file's name says more.
    name: (GENERIC_GRAPH_NAMES.test(str(graph.name)) ? '' : str(graph.name)) || file.replace(/^.*[\\/]/, '').replace(/\.onnx$/i, ''),
    nodes: gnodes.map((g) => ({ ...g, position: positions.get(g.id) })),
    edges,
  });
  return { document, weights };
}
