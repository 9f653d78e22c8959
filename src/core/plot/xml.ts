/** Text or an attribute value made safe for XML. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** `<name a="1" b="x">children</name>`, or self-closing without children; undefined attributes are left out. */
export function element(name: string, attributes: Record<string, string | number | undefined>, children?: string): string {
  const attrs = Object.entries(attributes)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(typeof v === 'number' ? round(v) : v!)}"`)
    .join('');
  return children === undefined ? `<${name}${attrs}/>` : `<${name}${attrs}>${children}</${name}>`;
}

/** Coordinates with at most two decimals, so the SVG stays small and stable. */
export function round(n: number): string {
  return String(Math.round(n * 100) / 100);
}
