import { GRAPH_FORMAT, GRAPH_FORMAT_VERSION, type GraphDocument, type GraphEdge, type GraphNode } from '../graph/document';
import { DocumentError } from '../graph/errors';
import { layeredLayout } from '../graph/layout';
import { loadDocument } from '../graph/load';
import { transposeWeight, type LayerWeights, type OnnxWeight } from './lowering';
import { decodeModel, ONNX_FLOAT } from './proto';

/*
 * ONNX import (first step): a model's bytes, decoded with the same schema the export writes,
 * become a NetCanvas graph and each layer's starting weights in tfjs's (Keras's) layout.
 * Mapped so far: Gemm (alpha = beta = 1, transB 0 or 1) and MatMul followed by Add as Dense,
 * an activation that is a Dense's only consumer folded into it (else an Activation layer),
 * Flatten of a vector, Dropout and Identity. Every other operator is listed in one refusal.
 */

/** The default-domain opsets whose operators' meaning the mapping below follows. */
export const ONNX_IMPORT_OPSETS = { min: 7, max: 21 } as const;

/** The most values one initializer may hold (ONNX files without external data are under 2 GiB). */
const MAX_INITIALIZER_VALUES = 500_000_000;

export interface ImportedOnnx {
  readonly document: GraphDocument;
  /** Each layer's weights by node id, in tfjs's layout (`kernel` [in, out], `bias`). */
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

function tensorValues(file: string, t: Obj): OnnxWeight {
  const name = str(t.name);
  const dims = arr(t.dims).map(Number);
  if (dims.some((d) => !Number.isSafeInteger(d) || d < 0)) fail(file, `initializer '${name}' has dimensions ${JSON.stringify(dims)}`);
  const count = dims.reduce((a, d) => a * d, 1);
  if (count > MAX_INITIALIZER_VALUES) fail(file, `initializer '${name}' holds ${count} values, more than ${MAX_INITIALIZER_VALUES}`);
  if ((t.data_type ?? 0) !== ONNX_FLOAT) fail(file, `initializer '${name}' is of ONNX data type ${String(t.data_type)}; only float32 (1) weights are read`);
  const raw = t.raw_data instanceof Uint8Array ? t.raw_data : undefined;
  const floats = arr(t.float_data);
  const have = raw ? raw.length / 4 : floats.length;
  if (have !== count) fail(file, `initializer '${name}' has ${have} values but its dimensions ${dims.join('×') || '(scalar)'} need ${count}`);
  const values = new Float32Array(count);
  if (raw) {
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    for (let i = 0; i < count; i++) values[i] = view.getFloat32(i * 4, true);
  } else floats.forEach((f, i) => (values[i] = Number(f)));
  return { shape: dims, values };
}

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

  const inits = new Map<string, OnnxWeight>();
  for (const t of arr(graph.initializer).filter(isObj)) inits.set(str(t.name), tensorValues(file, t));
  const graphInputs = arr(graph.input).filter(isObj).filter((v) => !inits.has(str(v.name)));
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
  const producer = new Map<string, Node>();
  for (const n of nodes) for (const o of n.outputs) producer.set(o, n);
  const consumers = new Map<string, Node[]>();
  for (const n of nodes) for (const i of n.inputs) consumers.set(i, [...(consumers.get(i) ?? []), n]);

  // Topological order from the input; a node never reached is part of a cycle or dead.
  const inputName = str(graphInputs[0].name);
  const known = new Set<string>([inputName, ...inits.keys(), '']);
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

  // The input's shape: the batch dimension may be symbolic, the rest must be fixed.
  const dims = arr(isObj(graphInputs[0].type) && isObj(graphInputs[0].type.tensor_type) && isObj(graphInputs[0].type.tensor_type.shape) ? graphInputs[0].type.tensor_type.shape.dim : []).filter(isObj);
  const sample = dims.slice(1).map((d) => Number(d.dim_value ?? NaN));
  if (dims.length < 2 || sample.some((d) => !(d >= 1))) {
    fail(file, `input '${inputName}' has the shape [${dims.map((d) => String(d.dim_value ?? d.dim_param ?? '?')).join(', ')}]; NetCanvas needs every dimension but the batch fixed`);
  }
  if (sample.length !== 1) fail(file, `input '${inputName}' is of rank ${dims.length}; this version imports vector inputs only`);

  const unsupported = order.filter((n) => !['Gemm', 'MatMul', 'Add', 'Flatten', 'Dropout', 'Identity', ...ACTIVATION_OPS.keys()].includes(n.op));
  if (unsupported.length > 0) {
    fail(file, `uses operators NetCanvas does not map: ${unsupported.map((n) => `'${n.name}' (${n.op})`).join(', ')}`);
  }

  const gnodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const weights = new Map<string, LayerWeights>();
  const nodeOf = new Map<string, string>(); // ONNX value → NetCanvas node id
  const featuresOf = new Map<string, number>();
  const used = new Set<string>();
  const idFor = (name: string) => {
    let base = name.replace(/[^A-Za-z0-9_-]/g, '_').replace(/^[^A-Za-z]+/, '');
    if (!base) base = 'layer';
    let id = base.slice(0, 56);
    for (let k = 2; used.has(id); k++) id = `${base.slice(0, 50)}_${k}`;
    used.add(id);
    return id;
  };
  const add = (name: string, kind: string, config: Obj, from: string, onnxName: string) => {
    const id = idFor(name);
    gnodes.push({ id, kind, config, position: { x: 0, y: 0 }, ...(id !== onnxName ? { label: onnxName } : {}) });
    edges.push({ id: `e${edges.length + 1}`, source: nodeOf.get(from)!, sourcePort: 'out', target: id, targetPort: 'in' });
    return id;
  };
  const inputId = idFor('input');
  gnodes.push({ id: inputId, kind: 'Input', config: { shape: sample }, position: { x: 0, y: 0 } });
  nodeOf.set(inputName, inputId);
  featuresOf.set(inputName, sample[0]);
  const done = new Set<Node>();
  const refuse = (n: Node, why: string): never => fail(file, `node '${n.name}' (${n.op}) ${why}`);
  const onlyConsumer = (value: string) => {
    const c = consumers.get(value) ?? [];
    return c.length === 1 && value !== str(graphOutputs[0].name) ? c[0] : undefined;
  };
  const int = (n: Node, key: string, fallback: number) => Number(n.attrs.get(key)?.i ?? fallback);
  const float = (n: Node, key: string, fallback: number) => Number(n.attrs.get(key)?.f ?? fallback);

  for (const n of order) {
    if (done.has(n)) continue;
    const x = n.inputs[0];
    if (!nodeOf.has(x)) refuse(n, `reads '${x}', which is not a layer's output (a constant input is not mapped)`);
    const out = n.outputs[0];
    if (n.op === 'Gemm' || n.op === 'MatMul') {
      let kernel: OnnxWeight | undefined = inits.get(n.inputs[1]);
      if (!kernel || kernel.shape.length !== 2) refuse(n, 'needs a 2-D weight initializer as its second input');
      let bias: OnnxWeight | undefined;
      let last = n;
      if (n.op === 'Gemm') {
        if (float(n, 'alpha', 1) !== 1 || float(n, 'beta', 1) !== 1 || int(n, 'transA', 0) !== 0) refuse(n, 'has alpha, beta or transA other than 1, 1, 0');
        if (int(n, 'transB', 0) === 1) kernel = transposeWeight(kernel!, [1, 0]);
        if (n.inputs[2]) {
          bias = inits.get(n.inputs[2]);
          if (!bias) refuse(n, 'has a bias that is not an initializer');
        }
      } else {
        const next = onlyConsumer(out);
        if (next?.op === 'Add') {
          const b = inits.get(next.inputs.find((i) => i !== out) ?? '');
          if (b) {
            bias = b;
            last = next;
            done.add(next);
          }
        }
      }
      const [inF, units] = kernel!.shape;
      if (featuresOf.get(x) !== inF) refuse(n, `has a ${kernel!.shape.join('×')} weight for ${String(featuresOf.get(x))} input features`);
      if (bias && (bias.values.length !== units)) refuse(n, `has a bias of ${bias.values.length} values for ${units} units`);
      let activation = 'linear';
      let result = last.outputs[0];
      const act = onlyConsumer(result);
      if (act && ACTIVATION_OPS.has(act.op) && (act.op !== 'Elu' || float(act, 'alpha', 1) === 1) && (act.op !== 'Softmax' || [-1, 1].includes(int(act, 'axis', -1)))) {
        activation = ACTIVATION_OPS.get(act.op)!;
        result = act.outputs[0];
        done.add(act);
      }
      const id = add(n.name, 'Dense', { units, activation, useBias: Boolean(bias) }, x, n.name);
      const w = new Map<string, OnnxWeight>([['kernel', { shape: [inF, units], values: kernel!.values }]]);
      if (bias) w.set('bias', { shape: [units], values: bias.values });
      weights.set(id, w);
      nodeOf.set(result, id);
      featuresOf.set(result, units);
    } else if (ACTIVATION_OPS.has(n.op)) {
      nodeOf.set(out, add(n.name, 'Activation', { activation: ACTIVATION_OPS.get(n.op)! }, x, n.name));
      featuresOf.set(out, featuresOf.get(x)!);
    } else if (n.op === 'Dropout') {
      nodeOf.set(out, add(n.name, 'Dropout', { rate: float(n, 'ratio', 0.5) }, x, n.name));
      featuresOf.set(out, featuresOf.get(x)!);
    } else if (n.op === 'Identity' || n.op === 'Flatten') {
      nodeOf.set(out, nodeOf.get(x)!);
      featuresOf.set(out, featuresOf.get(x)!);
    } else refuse(n, 'is not mapped here (an Add between two layers is not read yet)');
  }
  const outputName = str(graphOutputs[0].name);
  if (nodeOf.get(outputName) === undefined) fail(file, `its output '${outputName}' is not made by any node`);
  const positions = layeredLayout(gnodes.map((g) => g.id), edges);
  const document = loadDocument({
    format: GRAPH_FORMAT,
    version: GRAPH_FORMAT_VERSION,
    name: str(graph.name) || file.replace(/^.*[\\/]/, '').replace(/\.onnx$/i, ''),
    nodes: gnodes.map((g) => ({ ...g, position: positions.get(g.id) })),
    edges,
  });
  return { document, weights };
}
