import { crc32, deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeImage, ImageError, MAX_IMAGE_PIXELS } from '../../src/engine/image/decode';

/** A PNG chunk, written from the specification (length, type, data, CRC of type and data). */
function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), 8 + data.length);
  return out;
}

/** A grey 8-bit PNG whose header says width×height and whose image data is `raw`, deflated, whatever its length. */
function png(width: number, height: number, raw: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', new Uint8Array(0))]);
}

describe('the picture decoder stops at what the header allows', () => {
  const bombs: { name: string; file: () => Buffer; says: RegExp }[] = [
    { name: 'a 1×1 header over 256 MiB of compressed zeros (a decompression bomb)', file: () => png(1, 1, Buffer.alloc(256 * 2 ** 20)), says: /inflates to more than the 2 bytes a 1×1 grey picture holds/ },
    { name: 'a 28×28 header over one extra row', file: () => png(28, 28, Buffer.alloc(29 * 29)), says: /more than the 812 bytes/ },
    { name: 'a 64,000,000×1 header', file: () => png(64_000_000, 1, Buffer.alloc(10)), says: /64000000×1; at most 16 million pixels/ },
    { name: 'a 5000×4000 header (20 million pixels)', file: () => png(5000, 4000, Buffer.alloc(10)), says: /5000×4000; at most 16 million pixels/ },
  ];
  it.each(bombs)('refuses $name', async ({ file, says }) => {
    const bytes = file();
    await expect(decodeImage(bytes)).rejects.toThrow(ImageError);
    await expect(decodeImage(bytes)).rejects.toThrow(says);
  });

  it('still reads a picture of exactly the size its header says, and the largest allowed header is a phone photo', async () => {
    const image = await decodeImage(png(3, 2, Buffer.from([0, 1, 2, 3, 0, 4, 5, 6])));
    expect(Array.from(image.rgba.filter((_, i) => i % 4 === 0))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(MAX_IMAGE_PIXELS).toBeGreaterThanOrEqual(4000 * 3000);
  });
});
