import { crc32, deflateSync } from 'node:zlib';

/**
 * A PNG writer for tests, written from the PNG specification: 8-bit samples of any colour
 * type, each row filtered with a chosen filter (0–4), optional PLTE and tRNS. It lets the
 * tests build every kind of file the decoder must read, and break them on purpose.
 */
export interface PngParts {
  readonly width: number;
  readonly height: number;
  readonly colourType: 0 | 2 | 3 | 4 | 6;
  /** Samples row by row, as many per pixel as the colour type has. */
  readonly samples: Uint8Array;
  readonly palette?: Uint8Array;
  readonly transparency?: Uint8Array;
  /** The filter of each row: one number for all rows, or a function of the row. */
  readonly filter?: number | ((row: number) => number);
  readonly bitDepth?: number;
  readonly interlace?: number;
}

const CHANNELS = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as const;

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), 8 + data.length);
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

export function encodePng(parts: PngParts): Buffer {
  const bpp = CHANNELS[parts.colourType];
  const stride = parts.width * bpp;
  const raw = Buffer.alloc(parts.height * (stride + 1));
  for (let y = 0; y < parts.height; y++) {
    const filter = typeof parts.filter === 'function' ? parts.filter(y) : (parts.filter ?? 0);
    raw[y * (stride + 1)] = filter;
    for (let x = 0; x < stride; x++) {
      const value = parts.samples[y * stride + x];
      const a = x >= bpp ? parts.samples[y * stride + x - bpp] : 0;
      const b = y > 0 ? parts.samples[(y - 1) * stride + x] : 0;
      const c = x >= bpp && y > 0 ? parts.samples[(y - 1) * stride + x - bpp] : 0;
      const predicted = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter] ?? 0;
      raw[y * (stride + 1) + 1 + x] = (value - predicted) & 0xff;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(parts.width, 0);
  header.writeUInt32BE(parts.height, 4);
  header.set([parts.bitDepth ?? 8, parts.colourType, 0, 0, parts.interlace ?? 0], 8);
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    ...(parts.palette ? [chunk('PLTE', parts.palette)] : []),
    ...(parts.transparency ? [chunk('tRNS', parts.transparency)] : []),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array(0)),
  ]);
}
