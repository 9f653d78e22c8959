import { nodeName } from '../graph/analyse';
import type { GraphDocument } from '../graph/document';
import { DocumentError } from '../graph/errors';
import { analyseForExport } from '../codegen/exportable';
import { layerSpec } from '../layers/catalogue';
import type { Shape } from '../shapes/shape';
import { BUILTIN_DATASETS } from '../data/description';
import { OnnxRefusal, type LayerWeights, type OnnxAttribute, type OnnxContext, type OnnxWeight } from './lowering';
import { ATTRIBUTE_TYPE, encodeModel, ONNX_FLOAT, ONNX_INT64, type AttributeProto, type ModelProto, type NodeProto, type TensorProto, type ValueInfoProto, utf8 } from './proto';

/** The operator set every exported model imports, and the IR version that goes with it (ONNX 1.12). */
export const ONNX_OPSET = 17;
export const ONNX_IR_VERSION = 8;

/** What a model file without external data can hold: protobuf's 2 GiB, less room for the graph. */
const MAX_INITIALIZER_BYTES = 2_000_000_000;

/** The symbolic name of the batch dimension in the model's inputs and output. */
export const BATCH_DIM = 'batch';

export interface OnnxExportOptions {
  /** Each layer's weights, by node id, in Keras's layout as tfjs holds them. */
  readonly weights: ReadonlyMap<string, LayerWeights>;
  /** Where the weights come from, as the model's metadata says it, e.g. `trained: run run-20260101-…`. */
  readonly weightsSource: string;
  /** NetCanvas's version, written as the producer's. */
  readonly producerVersion: string;
}

function attributeProto(name: string, a: OnnxAttribute): AttributeProto {
  if ('int' in a) return { name, type: ATTRIBUTE_TYPE.int, i: a.int };
  if ('ints' in a) return { name, type: ATTRIBUTE_TYPE.ints, ints: [...a.ints] };
  if ('float' in a) return { name, type: ATTRIBUTE_TYPE.float, f: a.float };
  if ('floats' in a) return { name, type: ATTRIBUTE_TYPE.floats, floats: [...a.floats] };
  if ('string' in a) return { name, type: ATTRIBUTE_TYPE.string, s: utf8(a.string) };
  return { name, type: ATTRIBUTE_TYPE.strings, strings: a.strings.map((s) => utf8(s)) };
}

/** Little-endian bytes, as ONNX's raw_data holds them, whatever the machine's order. */
function floatBytes(values: Float32Array): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
  return bytes;
}

function int64Bytes(values: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setBigInt64(i * 8, BigInt(v), true));
  return bytes;
}

function valueInfo(name: string, shape: Shape, docString?: string): ValueInfoProto {
  const dim = shape.map((d, i) => (i === 0 ? { dim_param: BATCH_DIM } : d === null ? { dim_param: `${name}_${i}` } : { dim_value: d }));
  return { name, type: { tensor_type: { elem_type: ONNX_FLOAT, shape: { dim } } }, ...(docString ? { doc_string: docString } : {}) };
}

/** The dimensions' meaning in NetCanvas's (Keras's) channels-last layout. */
function layoutOf(shape: Shape): string {
  if (shape.length === 2) return 'batch, features';
  if (shape.length === 3) return 'batch, time steps, features';
  if (shape.length === 4) return 'batch, rows, columns, channels (NHWC: channels last, as Keras)';
  return `batch and ${shape.length - 1} feature dimensions, row-major`;
}

/** What a user must do to a sample before the model sees it: what the engine does to the dataset when it trains. */
export function inputPreprocessing(doc: GraphDocument, shape: Shape): string {
  const info = BUILTIN_DATASETS[doc.dataset.name];
  const [rows, columns] = info.inputShape;
  return (
    `${info.label}: each sample is a ${rows}×${columns} grey image, its bytes 0–255 row by row as the IDX files hold them ` +
    `(0 is the background, 255 the ink), divided by 255 into float32 values in [0, 1] and reshaped to [${[BATCH_DIM, ...shape.slice(1)].join(', ')}]. ` +
    `A picture from elsewhere must first be framed as the dataset's images are (for a drawn digit, as \`netcanvas predict\` does).`
  );
}

/**
 * The graph as an ONNX model (opset 17) with the given weights: one graph input per Input
 * node (named by its id, batch dimension symbolic), one output named by the output node's id,
 * and in its metadata each input's shape, layout and the preprocessing a sample needs.
 * Throws DocumentError naming the node when a layer cannot be written.
 */
export function toOnnxModel(doc: GraphDocument, options: OnnxExportOptions): ModelProto {
  const analysis = analyseForExport(doc, false);
  if (analysis.totals.total * 4 > MAX_INITIALIZER_BYTES) {
    throw new DocumentError(`'${doc.name}' has ${analysis.totals.total.toLocaleString('en-US')} parameters; an ONNX file holds at most ${MAX_INITIALIZER_BYTES / 4 / 1e6} million without external data`);
  }
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const nodes: NodeProto[] = [];
  const initializers: TensorProto[] = [];
  const inputs: ValueInfoProto[] = [];
  const taken = new Set<string>();
  const valueOf = new Map<string, string>();
  const unique = (base: string) => {
    let name = base;
    for (let k = 2; taken.has(name); k++) name = `${base}_${k}`;
    taken.add(name);
    return name;
  };
  const metadata: { key: string; value: string }[] = [
    { key: 'netcanvas.graph', value: doc.name },
    { key: 'netcanvas.weights', value: options.weightsSource },
    { key: 'inputs', value: analysis.inputIds.join(', ') },
  ];

  for (const id of analysis.topology.order) {
    const node = byId.get(id)!;
    const analysed = analysis.nodes.get(id)!;
    const spec = layerSpec(node.kind)!;
    const outputShape = analysed.outputShape!;
    if (spec.arity === 'none') {
      const name = unique(id);
      const preprocessing = inputPreprocessing(doc, outputShape);
      inputs.push(valueInfo(name, outputShape, preprocessing));
      metadata.push(
        { key: `input.${name}.shape`, value: JSON.stringify([BATCH_DIM, ...outputShape.slice(1)]) },
        { key: `input.${name}.layout`, value: layoutOf(outputShape) },
        { key: `input.${name}.preprocessing`, value: preprocessing },
      );
      valueOf.set(id, name);
      continue;
    }
    const refuse = (message: string): never => {
      throw new DocumentError(`'${doc.name}' cannot be exported as ONNX`, [{ path: nodeName(node), message }]);
    };
    if (!spec.onnx) refuse(`${node.kind} has no ONNX form`);
    const weights = options.weights.get(id);
    const addInitializer = (base: string, dims: readonly number[], dataType: number, raw: Uint8Array) => {
      const name = unique(`${id}/${base}`);
      initializers.push({ name, dims: [...dims], data_type: dataType, raw_data: raw });
      return name;
    };
    const ops = (opType: string, opInputs: readonly string[], outputs: number, attributes: Readonly<Record<string, OnnxAttribute>> = {}) => {
      const name = unique(`${id}/${opType}`);
      const outs = Array.from({ length: outputs }, (_, i) => (i === 0 ? name : unique(`${name}:${i}`)));
      nodes.push({ name, op_type: opType, input: [...opInputs], output: outs, attribute: Object.entries(attributes).map(([k, a]) => attributeProto(k, a)) });
      return outs;
    };
    const weight = (name: string, shape: readonly number[]): OnnxWeight => {
      const w = weights?.get(name);
      if (!w) throw new OnnxRefusal(`the weights given have no '${name}' for this layer`);
      if (w.shape.length !== shape.length || w.shape.some((d, i) => d !== shape[i]) || w.values.length !== shape.reduce((a, d) => a * d, 1)) {
        throw new OnnxRefusal(`its weight '${name}' is ${w.shape.join('×')} but the graph needs ${shape.join('×')} (weights of another graph?)`);
      }
      return w;
    };
    const ctx: OnnxContext = {
      inputs: analysis.topology.incoming.get(id)!.map((e) => valueOf.get(e.source)!),
      inputShapes: analysed.inputShapes,
      outputShape,
      weight,
      param: (name, shape) => addInitializer(name, shape, ONNX_FLOAT, floatBytes(weight(name, shape).values)),
      constant: (name, dims, values) => addInitializer(name, dims, ONNX_FLOAT, floatBytes(values)),
      int64s: (name, values) => addInitializer(name, [values.length], ONNX_INT64, int64Bytes(values)),
      op: (opType, opInputs, attributes) => ops(opType, opInputs, 1, attributes)[0],
      ops: (opType, opInputs, outputs, attributes) => ops(opType, opInputs, outputs, attributes),
    };
    try {
      valueOf.set(id, spec.onnx!(ctx, analysed.config));
    } catch (error) {
      if (error instanceof OnnxRefusal) refuse(error.message);
      throw error;
    }
  }

  const outputId = analysis.outputId!;
  const outputShape = analysis.nodes.get(outputId)!.outputShape!;
  const last = valueOf.get(outputId)!;
  let outputName = last;
  if (last !== outputId) {
    // The output node's last value takes the node's name, so the model's output is named as the graph's.
    outputName = unique(outputId);
    const producer = nodes.findIndex((n) => n.output.includes(last));
    if (producer >= 0 && !nodes.some((n) => n.input.includes(last))) {
      nodes[producer] = { ...nodes[producer], output: nodes[producer].output.map((o) => (o === last ? outputName : o)) };
    } else {
      nodes.push({ name: outputName, op_type: 'Identity', input: [last], output: [outputName], attribute: [] });
    }
  }
  const classes = BUILTIN_DATASETS[doc.dataset.name].classNames;
  metadata.push(
    { key: 'output', value: outputName },
    { key: `output.${outputName}.shape`, value: JSON.stringify([BATCH_DIM, ...outputShape.slice(1)]) },
    { key: `output.${outputName}.classes`, value: JSON.stringify(classes) },
  );
  return {
    ir_version: ONNX_IR_VERSION,
    producer_name: 'NetCanvas',
    producer_version: options.producerVersion,
    doc_string: `${doc.name}, exported from NetCanvas; tensors are channels last (NHWC) as in Keras.`,
    opset_import: [{ domain: '', version: ONNX_OPSET }],
    metadata_props: metadata,
    graph: {
      name: doc.name.replace(/[^A-Za-z0-9_]/g, '_') || 'model',
      node: nodes,
      initializer: initializers,
      input: inputs,
      output: [valueInfo(outputName, outputShape)],
    },
  };
}

/** The graph as the bytes of an `.onnx` file. */
export function exportOnnx(doc: GraphDocument, options: OnnxExportOptions): Uint8Array {
  return encodeModel(toOnnxModel(doc, options));
}
