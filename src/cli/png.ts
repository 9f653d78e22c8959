import { Resvg } from '@resvg/resvg-js';

/** Where Debian installs DejaVu Sans, the font the plots name first. */
const FONT_DIRS = ['/usr/share/fonts/truetype/dejavu'];

/** Rasterises an SVG picture into PNG bytes at `scale` times its size, with the system's fonts. */
export function svgToPng(svg: string, scale = 2): Uint8Array {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: '#ffffff',
    font: { loadSystemFonts: true, fontDirs: FONT_DIRS, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}
