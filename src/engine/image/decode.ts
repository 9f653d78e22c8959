import type { ResizePolicy, ImageTarget } from '../../core/data/inspection';
import sharp, { type FitEnum, type Metadata, type Sharp } from 'sharp';
import { checkPngBounds } from './pngBounds';

/**
 * Pictures read by sharp (libvips, prebuilt in its npm packages): PNG, JPEG and WebP, for
 * `netcanvas predict` and image-folder datasets. Every picture's header is read first and its
 * size checked before any pixel is decoded (sharp's `limitInputPixels`); a PNG's compressed data
 * is also checked against what its header allows (see pngBounds.ts), so a small file cannot
 * stand for gigabytes. The decoding itself runs on libuv's thread pool, off the main thread.
 */

/** A decoded picture: 8-bit RGBA, row by row. */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8Array;
}

/** A picture that cannot be read: not a picture, damaged, too large, or of a kind NetCanvas does not read. */
export class ImageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImageError';
  }
}

/**
 * The largest picture decoded, in pixels: a 16-megapixel photo is still read (it is scaled
 * down to the model's input), and decoding one needs under 200 MB.
 */
export const MAX_IMAGE_PIXELS = 16_000_000;

/** The picture formats read, by the name sharp gives them, with the file name endings of each. */
export const IMAGE_FORMATS = new Map<string, readonly string[]>([
  ['png', ['.png']],
  ['jpeg', ['.jpg', '.jpeg']],
  ['webp', ['.webp']],
]);
export const IMAGE_EXTENSIONS: readonly string[] = [...IMAGE_FORMATS.values()].flat();

export { RESIZE_POLICIES } from '../../core/data/inspection';
export type { ResizePolicy, ImageTarget } from '../../core/data/inspection';


const FIT: Record<ResizePolicy, keyof FitEnum> = { stretch: 'fill', pad: 'contain', crop: 'cover' };

function open(bytes: Uint8Array): Sharp {
  // failOn 'error': a truncated or damaged file is refused, not read as far as it goes.
  return sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error', sequentialRead: true });
}

/** The picture's format and size from its header, refused when it is not a picture we read or too large. */
async function header(bytes: Uint8Array): Promise<{ format: string; width: number; height: number; channels: number }> {
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw new ImageError(`not a picture NetCanvas reads (PNG, JPEG or WebP): ${reason(error)}`);
  }
  const { format, width, height, channels } = meta;
  if (!IMAGE_FORMATS.has(format)) throw new ImageError(`is a ${format.toUpperCase()} picture; NetCanvas reads PNG, JPEG and WebP`);
  if (!width || !height) throw new ImageError(`the picture is ${width ?? 0}×${height ?? 0}: empty`);
  if (width * height > MAX_IMAGE_PIXELS) throw new ImageError(`the picture is ${width}×${height}; at most ${MAX_IMAGE_PIXELS / 1e6} million pixels are read`);
  if (format === 'png') {
    const problem = await checkPngBounds(bytes);
    if (problem) throw new ImageError(problem);
  }
  return { format, width, height, channels };
}

function reason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0].replace(/:\s*$/, '').replace(/^Input buffer contains unsupported image format$/, 'its first bytes are not those of a PNG, JPEG or WebP file');
}

/** Decodes a PNG, JPEG or WebP picture into 8-bit RGBA at its own size. */
export async function decodeImage(bytes: Uint8Array): Promise<RgbaImage> {
  const { width, height } = await header(bytes);
  try {
    const { data, info } = await open(bytes).toColourspace('srgb').ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    if (info.width !== width || info.height !== height || info.channels !== 4) throw new Error(`decoded to ${info.width}×${info.height}×${info.channels}`);
    return { width, height, rgba: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  } catch (error) {
    throw new ImageError(`the picture does not decode (${reason(error)}): the file is damaged or cut short`);
  }
}

/**
 * A picture as the model's Input takes it: `height × width × channels` bytes (0–255), row by
 * row. Grey pictures are read as they are for a grey Input (their values unchanged) and
 * repeated for RGB; colour pictures are made grey by luminance. Transparency is dropped (the
 * colour under it kept, as PIL's `convert('RGB')` does). A picture of another size is resized
 * by `target.resize` (Lanczos); one of the right size is not touched.
 */
export async function imageToSample(bytes: Uint8Array, target: ImageTarget): Promise<Uint8Array> {
  const source = await header(bytes);
  try {
    let pipeline = open(bytes);
    if (source.width !== target.width || source.height !== target.height) {
      pipeline = pipeline.resize(target.width, target.height, { fit: FIT[target.resize], position: 'centre', background: { r: 0, g: 0, b: 0, alpha: 1 } });
    }
    pipeline = pipeline.removeAlpha();
    pipeline = target.channels === 1 ? (source.channels <= 2 ? pipeline.extractChannel(0) : pipeline.greyscale()) : pipeline.toColourspace('srgb');
    const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
    if (info.width !== target.width || info.height !== target.height || info.channels !== target.channels) {
      throw new Error(`decoded to ${info.width}×${info.height}×${info.channels}, not ${target.width}×${target.height}×${target.channels}`);
    }
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  } catch (error) {
    throw new ImageError(`the picture does not decode (${reason(error)}): the file is damaged or cut short`);
  }
}
