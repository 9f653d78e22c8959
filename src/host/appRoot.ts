import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The NetCanvas folder (the one with its package.json), found upward from this module:
 * the same answer from the TypeScript source and from a bundle in out/.
 */
export function appRoot(from: string = path.dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'netcanvas') return dir;
      } catch {
        // not ours; keep climbing
      }
    }
    if (path.dirname(dir) === dir) throw new Error(`Cannot find the NetCanvas folder above ${from}`);
  }
}

/** Where `electron-vite build` puts the renderer. */
export function defaultRendererDir(): string {
  return path.join(appRoot(), 'out', 'renderer');
}
