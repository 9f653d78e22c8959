#!/usr/bin/env node
// The `netcanvas` command: runs the built CLI (out/cli, made by `npm run build` or
// `npm run build:node`) when it is at least as new as every file in src/, else the TypeScript
// source through tsx, so that a stale build never runs by mistake. NETCANVAS_FROM_SOURCE=1
// always runs the source.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'out', 'cli', 'netcanvas.mjs');
const sources = join(root, 'src');

/** The latest modification time of any file below `dir`. */
function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const at = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(at) : statSync(at).mtimeMs);
  }
  return latest;
}

const useBuilt = existsSync(built) && !process.env.NETCANVAS_FROM_SOURCE && (!existsSync(sources) || statSync(built).mtimeMs >= newest(sources));
if (useBuilt) {
  await import(pathToFileURL(built).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(root, 'src', 'cli', 'index.ts')).href);
}
