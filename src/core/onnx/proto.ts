import * as protobufModule from 'protobufjs/light.js';

/*
 * The part of ONNX's schema (onnx/onnx.proto, IR version 8) that an exported model uses,
 * written out through protobufjs's reflection API. Field numbers and types are ONNX's;
 * every field is proto2 `optional` or `repeated` as there, with repeated numbers unpacked.
 */

// protobufjs is CommonJS: under Node's ESM loader its members sit on the default export.
const protobuf = ((protobufModule as unknown as { default?: typeof protobufModule }).default ?? protobufModule) as typeof protobufModule;

type FieldJson = { type: string; id: number; rule?: 'repeated'; options?: { packed: boolean } };
const one = (type: string, id: number): FieldJson => ({ type, id });
const many = (type: string, id: number): FieldJson =>
  ['int64', 'int32', 'float', 'double', 'uint64'].includes(type) ? { type, id, rule: 'repeated', options: { packed: false } } : { type, id, rule: 'repeated' };

const SCHEMA = {
  nested: {
    onnx: {
      nested: {
        StringStringEntryProto: { fields: { key: one('string', 1), value: one('string', 2) } },
        OperatorSetIdProto: { fields: { domain: one('string', 1), version: one('int64', 2) } },
        TensorShapeProto: {
          fields: { dim: many('Dimension', 1) },
          nested: {
            Dimension: {
              oneofs: { value: { oneof: ['dim_value', 'dim_param'] } },
              fields: { dim_value: one('int64', 1), dim_param: one('string', 2), denotation: one('string', 3) },
            },
          },
        },
        TypeProto: {
          oneofs: { value: { oneof: ['tensor_type'] } },
          fields: { tensor_type: one('Tensor', 1), denotation: one('string', 6) },
          nested: { Tensor: { fields: { elem_type: one('int32', 1), shape: one('TensorShapeProto', 2) } } },
        },
        ValueInfoProto: { fields: { name: one('string', 1), type: one('TypeProto', 2), doc_string: one('string', 3) } },
        TensorProto: {
          fields: {
            dims: many('int64', 1),
            data_type: one('int32', 2),
            float_data: { type: 'float', id: 4, rule: 'repeated', options: { packed: true } },
            int64_data: { type: 'int64', id: 7, rule: 'repeated', options: { packed: true } },
            name: one('string', 8),
            raw_data: one('bytes', 9),
            doc_string: one('string', 12),
          },
        },
        AttributeProto: {
          fields: {
            name: one('string', 1),
            f: one('float', 2),
            i: one('int64', 3),
            s: one('bytes', 4),
            t: one('TensorProto', 5),
            floats: many('float', 7),
            ints: many('int64', 8),
            strings: many('bytes', 9),
            doc_string: one('string', 13),
            type: one('int32', 20),
          },
        },
        NodeProto: {
          fields: {
            input: many('string', 1),
            output: many('string', 2),
            name: one('string', 3),
            op_type: one('string', 4),
            attribute: many('AttributeProto', 5),
            doc_string: one('string', 6),
            domain: one('string', 7),
          },
        },
        GraphProto: {
          fields: {
            node: many('NodeProto', 1),
            name: one('string', 2),
            initializer: many('TensorProto', 5),
            doc_string: one('string', 10),
            input: many('ValueInfoProto', 11),
            output: many('ValueInfoProto', 12),
            value_info: many('ValueInfoProto', 13),
          },
        },
        ModelProto: {
          fields: {
            ir_version: one('int64', 1),
            producer_name: one('string', 2),
            producer_version: one('string', 3),
            domain: one('string', 4),
            model_version: one('int64', 5),
            doc_string: one('string', 6),
            graph: one('GraphProto', 7),
            opset_import: many('OperatorSetIdProto', 8),
            metadata_props: many('StringStringEntryProto', 14),
          },
        },
      },
    },
  },
};

/** ONNX's `TensorProto.DataType` values used here. */
export const ONNX_FLOAT = 1;
export const ONNX_INT64 = 7;

/** ONNX's `AttributeProto.AttributeType` values used here. */
export const ATTRIBUTE_TYPE = { float: 1, int: 2, string: 3, floats: 6, ints: 7, strings: 8 } as const;

export interface TensorProto {
  readonly name: string;
  readonly dims: readonly number[];
  readonly data_type: number;
  readonly raw_data: Uint8Array;
  readonly doc_string?: string;
}

export interface AttributeProto {
  readonly name: string;
  readonly type: number;
  readonly f?: number;
  readonly i?: number;
  readonly s?: Uint8Array;
  readonly floats?: readonly number[];
  readonly ints?: readonly number[];
  readonly strings?: readonly Uint8Array[];
}

export interface NodeProto {
  readonly name: string;
  readonly op_type: string;
  readonly input: readonly string[];
  readonly output: readonly string[];
  readonly attribute: readonly AttributeProto[];
  readonly doc_string?: string;
}

export interface ValueInfoProto {
  readonly name: string;
  readonly doc_string?: string;
  readonly type: { readonly tensor_type: { readonly elem_type: number; readonly shape: { readonly dim: readonly ({ dim_value: number } | { dim_param: string })[] } } };
}

export interface ModelProto {
  readonly ir_version: number;
  readonly producer_name: string;
  readonly producer_version: string;
  readonly doc_string?: string;
  readonly opset_import: readonly { readonly domain: string; readonly version: number }[];
  readonly metadata_props: readonly { readonly key: string; readonly value: string }[];
  readonly graph: {
    readonly name: string;
    readonly doc_string?: string;
    readonly node: readonly NodeProto[];
    readonly initializer: readonly TensorProto[];
    readonly input: readonly ValueInfoProto[];
    readonly output: readonly ValueInfoProto[];
  };
}

let modelType: protobufModule.Type | undefined;
function modelProtoType(): protobufModule.Type {
  modelType ??= protobuf.Root.fromJSON(SCHEMA).lookupType('onnx.ModelProto');
  return modelType;
}

/** A string as UTF-8 bytes, as protobuf's `bytes` fields take text. */
export function utf8(text: string): Uint8Array {
  const bytes = new Uint8Array(protobuf.util.utf8.length(text));
  protobuf.util.utf8.write(text, bytes, 0);
  return bytes;
}

/** A model as the bytes of an `.onnx` file. */
export function encodeModel(model: ModelProto): Uint8Array {
  const type = modelProtoType();
  const problem = type.verify(model);
  if (problem) throw new Error(`the ONNX model is malformed: ${problem}`);
  return type.encode(type.fromObject(model)).finish();
}

/** An `.onnx` file's bytes as plain objects (integers as numbers, bytes as Uint8Array), for reading a file back. */
export function decodeModel(bytes: Uint8Array): Record<string, unknown> {
  const type = modelProtoType();
  return type.toObject(type.decode(bytes), { longs: Number, arrays: true, defaults: false }) as Record<string, unknown>;
}
