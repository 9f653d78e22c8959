/** The SVG's own size, from its width and height attributes (or its viewBox). */
export function svgSize(svg: string): { width: number; height: number } {
  const attr = (name: string): number => Number(new RegExp(`<svg[^>]*\\s${name}="([\\d.]+)`).exec(svg)?.[1] ?? Number.NaN);
  let width = attr('width');
  let height = attr('height');
  if (!Number.isFinite(width) || !Number.isFinite(height)) {
    const box = /viewBox="[\d.-]+\s+[\d.-]+\s+([\d.]+)\s+([\d.]+)"/.exec(svg);
    width = Number(box?.[1] ?? 800);
    height = Number(box?.[2] ?? 600);
  }
  return { width, height };
}

/** Rasterizes an SVG picture in the page: drawn onto a canvas at `scale`, encoded as PNG bytes. */
export async function svgToPng(svg: string, scale = 2, background = '#ffffff'): Promise<Uint8Array> {
  const { width, height } = svgSize(svg);
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.decoding = 'async';
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error('The picture could not be drawn (the SVG did not load)'));
      image.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(width * scale);
    canvas.height = Math.ceil(height * scale);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('This page cannot draw on a canvas');
    context.fillStyle = background;
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
    return new Uint8Array(await blob.arrayBuffer());
  } finally {
    URL.revokeObjectURL(url);
  }
}
