import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** Headless Debian Chromium, as every browser test here launches it; a missing browser fails the test, saying how to install it. */
export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`The browser tests need Debian's Chromium at ${CHROMIUM}: apt-get install -y chromium`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Bundles a page's entry (TSX with CSS imports) for a browser: the script and the style sheet. */
export async function bundlePage(entry: string): Promise<{ js: string; css: string }> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(entry, `file://${REPO_ROOT}/`))],
    bundle: true,
    write: false,
    outdir: '/tmp/netcanvas-digits-page',
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const text = (ext: string) => result.outputFiles.find((f) => f.path.endsWith(ext))?.text ?? '';
  return { js: text('.js'), css: text('.css') };
}

/** Bundles a module of the repository for a page: its exports land on `window[globalName]`. */
export async function bundleForPage(entry: string, globalName: string): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(entry, `file://${REPO_ROOT}/`))],
    bundle: true,
    write: false,
    format: 'iife',
    globalName,
    platform: 'browser',
    target: 'chrome120',
  });
  return result.outputFiles[0].text;
}
