#!/usr/bin/env node
// `npm run web [-- --port N --host ADDR --data DIR --runs DIR]`: builds the page when it is
// not built yet, then runs `netcanvas web` with the same options (the browser host).
import { spawnSync } from 'node:child_process';
import process from 'node:process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const ownRenderer = args.some((a) => a === '--renderer' || a.startsWith('--renderer='));

if (!ownRenderer && !existsSync(join(root, 'out', 'renderer', 'index.html'))) {
  process.stdout.write('The page is not built yet: building it (npm run build:renderer)…\n');
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const build = spawnSync(process.execPath, [vite, 'build', '--config', 'vite.renderer.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    process.stderr.write("Building the page failed; run 'npm run build:renderer' to see why, then 'npm run web' again.\n");
    process.exit(1);
  }
}

process.argv = [process.argv[0], join(root, 'bin', 'netcanvas.mjs'), 'web', ...args];
await import(pathToFileURL(join(root, 'bin', 'netcanvas.mjs')).href);
