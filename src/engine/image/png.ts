import { crc32, inflateSync } from 'node:zlib';

/** A decoded picture: 8-bit RGBA, row by row. */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8Array;
}

/** A PNG that cannot be read: not a PNG, damaged, or a kind this decoder does not handle. */
export class PngError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PngError';
  }
}

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];
/** Samples per pixel for each PNG colour type. */
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const COLOUR_NAMES: Record<number, string> = { 0: 'grey', 2: 'RGB', 3: 'palette', 4: 'grey with alpha', 6: 'RGBA' };
/**
 * The largest picture decoded, in pixels: a 16-megapixel photo of a digit is still read
 * (it is scaled down to 28×28), and decoding one needs under 200 MB.
 */
export const MAX_PNG_PIXELS = 16_000_000;

interface Header {
  readonly width: number;
  readonly height: number;
  readonly colourType: number;
}

interface Chunk {
  readonly type: string;
  readonly data: Uint8Array;
}

/** Splits a PNG into its chunks, checking each one's length and CRC. */
function* chunks(bytes: Uint8Array): Generator<Chunk> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = SIGNATURE.length;
  while (at < bytes.length) {
    if (at + 12 > bytes.length) throw new PngError('the file is cut short (an incomplete chunk at the end)');
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (!/^[A-Za-z]{4}$/.test(type)) throw new PngError(`a chunk at byte ${at} has no valid type`);
    if (at + 12 + length > bytes.length) throw new PngError(`the file is cut short (chunk ${type} needs ${length} bytes)`);
    const body = bytes.subarray(at + 4, at + 8 + length);
    if (crc32(body) !== view.getUint32(at + 8 + length)) throw new PngError(`chunk ${type} is damaged (its CRC does not match)`);
    yield { type, data: body.subarray(4) };
    if (type === 'IEND') return;
    at += 12 + length;
  }
  throw new PngError('the file is cut short (no IEND chunk)');
}

function readHeader(data: Uint8Array): Header {
  if (data.length !== 13) throw new PngError('the IHDR chunk has the wrong length');
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const width = view.getUint32(0);
  const height = view.getUint32(4);
  const [bitDepth, colourType, compression, filter, interlace] = data.subarray(8);
  if (width === 0 || height === 0) throw new PngError(`the picture is ${width}×${height}: empty`);
  if (width * height > MAX_PNG_PIXELS) throw new PngError(`the picture is ${width}×${height}; at most ${MAX_PNG_PIXELS / 1e6} million pixels are read`);
  if (!(colourType in CHANNELS)) throw new PngError(`unknown colour type ${colourType}`);
  if (bitDepth !== 8) throw new PngError(`${bitDepth}-bit ${COLOUR_NAMES[colourType]} PNGs are not supported; save the picture with 8 bits per sample`);
  if (compression !== 0 || filter !== 0) throw new PngError('unknown compression or filter method');
  if (interlace !== 0) throw new PngError('interlaced (Adam7) PNGs are not supported; save the picture without interlacing');
  return { width, height, colourType };
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Undoes the per-row filters (none, sub, up, average, Paeth) of inflated image data. */
function unfilter(data: Uint8Array, height: number, stride: number, bpp: number): Uint8Array {
  if (data.length < height * (stride + 1)) throw new PngError(`the image data is cut short (${data.length} of ${height * (stride + 1)} bytes)`);
  const out = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = data[y * (stride + 1)];
    const row = data.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const at = y * stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? out[at + x - bpp] : 0;
      const b = y > 0 ? out[at - stride + x] : 0;
      const c = x >= bpp && y > 0 ? out[at - stride + x - bpp] : 0;
      let predicted: number;
      switch (filter) {
        case 0: predicted = 0; break;
        case 1: predicted = a; break;
        case 2: predicted = b; break;
        case 3: predicted = (a + b) >> 1; break;
        case 4: predicted = paeth(a, b, c); break;
        default: throw new PngError(`row ${y} has unknown filter type ${filter}`);
      }
      out[at + x] = (row[x] + predicted) & 0xff;
    }
  }
  return out;
}

/**
 * Decodes a PNG into 8-bit RGBA: grey, RGB, palette, grey with alpha and RGBA, 8 bits per
 * sample, not interlaced, with tRNS transparency. Anything else is refused with a PngError
 * that says what is wrong.
 */
export function decodePng(bytes: Uint8Array): RgbaImage {
  if (bytes.length < SIGNATURE.length || SIGNATURE.some((b, i) => bytes[i] !== b)) throw new PngError('not a PNG file (its first bytes are not the PNG signature)');
  let header: Header | null = null;
  let palette: Uint8Array | null = null;
  let transparency: Uint8Array | null = null;
  const idat: Uint8Array[] = [];
  for (const chunk of chunks(bytes)) {
    if (chunk.type === 'IHDR') header = readHeader(chunk.data);
    else if (!header) throw new PngError('the IHDR chunk does not come first');
    else if (chunk.type === 'PLTE') palette = chunk.data;
    else if (chunk.type === 'tRNS') transparency = chunk.data;
    else if (chunk.type === 'IDAT') idat.push(chunk.data);
  }
  if (!header) throw new PngError('no IHDR chunk');
  if (idat.length === 0) throw new PngError('no image data (IDAT chunk)');
  const { width, height, colourType } = header;
  if (colourType === 3 && (!palette || palette.length % 3 !== 0)) throw new PngError('a palette PNG without a valid PLTE chunk');
  const channels = CHANNELS[colourType];
  // The header says how many bytes the image data inflates to; inflating stops there, so a
  // small file of compressed zeros cannot grow into gigabytes.
  const expected = height * (width * channels + 1);
  let inflated: Uint8Array;
  try {
    inflated = inflateSync(Buffer.concat(idat), { maxOutputLength: expected });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new PngError(`the image data inflates to more than the ${expected} bytes a ${width}×${height} ${COLOUR_NAMES[colourType]} picture holds`);
    }
    throw new PngError(`the image data does not inflate (${(error as Error).message})`);
  }
  const samples = unfilter(inflated, height, width * channels, channels);
  const rgba = new Uint8Array(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    const s = p * channels;
    let r: number, g: number, b: number, a = 255;
    switch (colourType) {
      case 0:
        r = g = b = samples[s];
        if (transparency && transparency.length >= 2 && ((transparency[0] << 8) | transparency[1]) === samples[s]) a = 0;
        break;
      case 2:
        [r, g, b] = [samples[s], samples[s + 1], samples[s + 2]];
        if (transparency && transparency.length >= 6 && ((transparency[0] << 8) | transparency[1]) === r && ((transparency[2] << 8) | transparency[3]) === g && ((transparency[4] << 8) | transparency[5]) === b) a = 0;
        break;
      case 3: {
        const index = samples[s];
        if (index * 3 >= palette!.length) throw new PngError(`pixel ${p % width},${Math.floor(p / width)} uses palette entry ${index}, but the palette has ${palette!.length / 3}`);
        [r, g, b] = [palette![index * 3], palette![index * 3 + 1], palette![index * 3 + 2]];
        if (transparency && index < transparency.length) a = transparency[index];
        break;
      }
      case 4:
        r = g = b = samples[s];
        a = samples[s + 1];
        break;
      default:
        [r, g, b, a] = [samples[s], samples[s + 1], samples[s + 2], samples[s + 3]];
    }
    rgba.set([r, g, b, a], p * 4);
  }
  return { width, height, rgba };
}
