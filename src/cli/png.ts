import { Resvg } from '@resvg/resvg-js';
import { CliError } from './args';

/** Where Debian installs DejaVu Sans, the font the plots name first. */
const FONT_DIRS = ['/usr/share/fonts/truetype/dejavu'];

/** The largest PNG picture written: 16,384 pixels a side and 64 million in all (256 MB of RGBA while it is drawn). */
export const MAX_PNG_SIDE = 16_384;
export const MAX_PNG_PIXELS = 64_000_000;

/**
 * Rasterises an SVG picture into PNG bytes at `scale` times its size, with the system's fonts.
 * A picture larger than MAX_PNG_SIDE or MAX_PNG_PIXELS is refused before it is drawn (resvg
 * aborts the process on a pixmap it cannot allocate).
 */
export function svgToPng(svg: string, scale = 2): Uint8Array {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: '#ffffff',
    font: { loadSystemFonts: true, fontDirs: FONT_DIRS, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  const width = Math.ceil(resvg.width * scale);
  const height = Math.ceil(resvg.height * scale);
  if (!(width <= MAX_PNG_SIDE && height <= MAX_PNG_SIDE && width * height <= MAX_PNG_PIXELS)) {
    throw new CliError(
      `The picture would be ${width}×${height} pixels; PNG plots are at most ${MAX_PNG_SIDE} pixels a side and ${MAX_PNG_PIXELS / 1e6} million in all. Use a smaller --scale, --layout layered, or write an .svg`,
    );
  }
  return resvg.render().asPng();
}
