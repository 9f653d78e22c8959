/**
 * NumPy's `.npy` format (numpy.lib.format, versions 1.0–3.0): a magic string, a version, a
 * little-endian header length, then a Python dict literal such as
 * `{'descr': '<f4', 'fortran_order': False, 'shape': (60000, 28, 28), }` padded with spaces,
 * then the values in C order. No maintained npm reader fits a pure, size-checked core, and the
 * header is small and fully specified, so it is parsed here; anything unexpected is refused.
 */

/** A bad `.npy` file or `.npz` entry: `where` names the file (and the entry inside an `.npz`). */
export class ArrayFileError extends Error {
  constructor(
    readonly where: string,
    readonly problem: string,
  ) {
    super(`${where}: ${problem}`);
    this.name = 'ArrayFileError';
  }
}

/** One array, its values widened to float32 (labels are small whole numbers, exact in float32). */
export interface NumpyArray {
  readonly shape: readonly number[];
  /** The NumPy type as written in the header, e.g. `<f4`, `|u1`. */
  readonly dtype: string;
  /** Whether the stored type holds whole numbers (bool, signed or unsigned integers). */
  readonly integer: boolean;
  readonly values: Float32Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
/** numpy writes headers of a few hundred bytes; anything longer is not a header we trust. */
const MAX_HEADER_BYTES = 64 * 1024;

interface Kind {
  readonly size: number;
  readonly integer: boolean;
  readonly read: (view: DataView, offset: number, little: boolean) => number;
}

const KINDS = new Map<string, Kind>([
  ['b1', { size: 1, integer: true, read: (v, o) => (v.getUint8(o) ? 1 : 0) }],
  ['u1', { size: 1, integer: true, read: (v, o) => v.getUint8(o) }],
  ['i1', { size: 1, integer: true, read: (v, o) => v.getInt8(o) }],
  ['u2', { size: 2, integer: true, read: (v, o, l) => v.getUint16(o, l) }],
  ['i2', { size: 2, integer: true, read: (v, o, l) => v.getInt16(o, l) }],
  ['u4', { size: 4, integer: true, read: (v, o, l) => v.getUint32(o, l) }],
  ['i4', { size: 4, integer: true, read: (v, o, l) => v.getInt32(o, l) }],
  ['u8', { size: 8, integer: true, read: (v, o, l) => Number(v.getBigUint64(o, l)) }],
  ['i8', { size: 8, integer: true, read: (v, o, l) => Number(v.getBigInt64(o, l)) }],
  ['f4', { size: 4, integer: false, read: (v, o, l) => v.getFloat32(o, l) }],
  ['f8', { size: 8, integer: false, read: (v, o, l) => v.getFloat64(o, l) }],
]);

export interface NpyLimits {
  /** The most values one array may hold (checked from the header, before anything is allocated). */
  readonly maxValues: number;
}

export const DEFAULT_NPY_LIMITS: NpyLimits = { maxValues: 256 * 1024 * 1024 };

/** The header of an `.npy` file: its type, shape and where the values start. */
export function parseNpyHeader(bytes: Uint8Array, where: string): { dtype: string; shape: number[]; dataOffset: number } {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new ArrayFileError(where, bytes.length < 10 ? `is ${bytes.length} bytes, too short for a .npy header (truncated?)` : 'is not a .npy array (it does not start with \\x93NUMPY)');
  }
  const major = bytes[6];
  if (major < 1 || major > 3) throw new ArrayFileError(where, `is .npy format version ${major}.${bytes[7]}; NetCanvas reads versions 1 to 3`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lengthBytes = major === 1 ? 2 : 4;
  const start = 8 + lengthBytes;
  if (bytes.length < start) throw new ArrayFileError(where, 'ends inside the .npy header length (truncated)');
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  if (headerLength > MAX_HEADER_BYTES) throw new ArrayFileError(where, `claims a ${headerLength}-byte .npy header; expected at most ${MAX_HEADER_BYTES}`);
  if (bytes.length < start + headerLength) throw new ArrayFileError(where, `ends inside the .npy header: it is ${bytes.length} bytes, the header needs ${start + headerLength} (truncated)`);
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(start, start + headerLength));

  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new ArrayFileError(where, `has a .npy header without 'descr', 'fortran_order' and 'shape': ${JSON.stringify(header.trim().slice(0, 120))}`);
  }
  if (fortran === 'True') throw new ArrayFileError(where, 'is stored in Fortran order; save it with np.ascontiguousarray(...) first');
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => {
      if (!/^\d+$/.test(s)) throw new ArrayFileError(where, `has a .npy shape (${shapeText}) that is not whole numbers`);
      return Number(s);
    });
  return { dtype: descr, shape, dataOffset: start + headerLength };
}

/** Reads an `.npy` file's bytes, checking the header's claims against the bytes present before allocating. */
export function parseNpy(bytes: Uint8Array, where: string, limits: NpyLimits = DEFAULT_NPY_LIMITS): NumpyArray {
  const { dtype, shape, dataOffset } = parseNpyHeader(bytes, where);
  const order = dtype[0];
  const kind = KINDS.get(dtype.slice(1));
  if (!kind || !['<', '>', '|', '='].includes(order)) {
    throw new ArrayFileError(where, `holds values of type '${dtype}'; NetCanvas reads bool, integers and floats (e.g. '<f4', '|u1', '<i8')`);
  }
  const count = shape.reduce((a, b) => a * b, 1);
  if (!Number.isSafeInteger(count) || count > limits.maxValues) {
    throw new ArrayFileError(where, `has shape (${shape.join(', ')}): ${count.toLocaleString('en-US')} values, more than the ${limits.maxValues.toLocaleString('en-US')} NetCanvas reads`);
  }
  const needed = count * kind.size;
  const present = bytes.length - dataOffset;
  if (present !== needed) {
    throw new ArrayFileError(where, `has shape (${shape.join(', ')}) of '${dtype}', which needs ${needed} bytes of values, but ${present} follow the header${present < needed ? ' (truncated)' : ''}`);
  }
  const little = order !== '>';
  const data = bytes.subarray(dataOffset);
  // The common cases without a per-value read: bytes (images) and little-endian float32.
  if (kind.size === 1 && dtype.endsWith('u1')) return { shape, dtype, integer: true, values: Float32Array.from(data) };
  if (dtype === '<f4' || dtype === '=f4') return { shape, dtype, integer: false, values: new Float32Array(data.slice().buffer) };
  const view = new DataView(bytes.buffer, bytes.byteOffset + dataOffset, needed);
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) values[i] = kind.read(view, i * kind.size, little);
  return { shape, dtype, integer: kind.integer, values };
}
