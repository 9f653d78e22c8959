import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { makeFolders } from '../../node/folders';
import { isGzip, MAX_IDX_BYTES, uncompress } from './bytes';
import type { DatasetSource, IdxFileSpec } from './catalogue';
import { DatasetError } from './errors';
import { parseIdxImages, parseIdxLabels } from './idx';
import { checkDigest } from './read';
import type { DatasetProgress } from './types';

/** A download that receives nothing for this long is given up, by default. */
export const DOWNLOAD_IDLE_TIMEOUT_MS = 30_000;

export interface DownloadOptions {
  readonly fetchImpl: typeof fetch;
  /** Base URLs tried in order for each file. */
  readonly mirrors: readonly string[];
  readonly report: (progress: DatasetProgress) => void;
  /** Give a mirror up when it sends nothing for this long. */
  readonly idleTimeoutMs: number;
}

/**
 * Downloads a dataset's files into `folder`. Each file is tried on each mirror in turn,
 * streamed with progress, then checked in full (gzip, IDX structure, SHA-256) before
 * anything is kept. Files are written to a staging folder beside `folder` and renamed
 * into it only once all of them are good, so the cache never holds a partial or
 * unchecked file: on any failure the staging folder is removed and a DatasetError
 * names the file and what each mirror did.
 */
export async function downloadDataset(source: DatasetSource, folder: string, options: DownloadOptions): Promise<void> {
  if (options.mirrors.length === 0) throw new DatasetError(folder, `no mirror to download ${source.title} from`);
  const parent = path.dirname(folder);
  await makeFolders(parent);
  const staging = await mkdtemp(path.join(parent, `.${source.name}-download-`));
  try {
    const total = source.files.reduce((sum, spec) => sum + spec.approxGzipBytes, 0);
    let before = 0;
    const staged: { from: string; name: string }[] = [];
    for (const spec of source.files) {
      const content = await downloadFile(source, spec, options, (fileFraction) => (before + fileFraction * spec.approxGzipBytes) / total);
      const name = isGzip(content) ? `${spec.name}.gz` : spec.name;
      const from = path.join(staging, name);
      await writeFile(from, content);
      staged.push({ from, name });
      before += spec.approxGzipBytes;
    }
    await makeFolders(folder);
    for (const { from, name } of staged) await rename(from, path.join(folder, name));
    options.report({ stage: 'downloading', fraction: 1, message: `${source.title} downloaded into ${folder}` });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** One file from the first mirror that serves it whole and correct. */
async function downloadFile(source: DatasetSource, spec: IdxFileSpec, options: DownloadOptions, overall: (fileFraction: number) => number): Promise<Uint8Array> {
  const failures: string[] = [];
  for (const mirror of options.mirrors) {
    const url = fileUrl(mirror, spec);
    let shown = -1;
    try {
      const content = await fetchBytes(url, options, (received, length) => {
        const fraction = length ? Math.min(1, received / length) : Math.min(0.99, received / spec.approxGzipBytes);
        if (fraction < 1 && fraction - shown < 0.01) return;
        shown = fraction;
        options.report({ stage: 'downloading', fraction: overall(fraction), message: `Downloading ${spec.name}.gz from ${url} (${megabytes(received)}${length ? ` of ${megabytes(length)}` : ''})` });
      });
      options.report({ stage: 'verifying', fraction: overall(1), message: `Checking ${spec.name}.gz from ${url}` });
      await checkDownload(source, spec, content, url);
      return content;
    } catch (error) {
      failures.push(error instanceof DatasetError && error.file === url ? `${url}: ${error.problem}` : `${url}: ${describe(error)}`);
    }
  }
  throw new DatasetError(`${spec.name}.gz`, `could not be downloaded; nothing was kept. ${failures.join('; ')}`);
}

function fileUrl(mirror: string, spec: IdxFileSpec): string {
  const base = mirror.endsWith('/') ? mirror : `${mirror}/`;
  return new URL(`${spec.name}.gz`, base).href;
}

/** The whole body of a URL, read chunk by chunk with progress; refuses a body past MAX_IDX_BYTES or one that stalls. */
async function fetchBytes(url: string, options: DownloadOptions, onChunk: (received: number, length: number | undefined) => void): Promise<Uint8Array> {
  const controller = new AbortController();
  let idle: NodeJS.Timeout | undefined;
  const stillAlive = () => {
    clearTimeout(idle);
    idle = setTimeout(() => controller.abort(new Error(`nothing received for ${options.idleTimeoutMs / 1000} s`)), options.idleTimeoutMs);
  };
  stillAlive();
  try {
    const response = await options.fetchImpl(url, { signal: controller.signal, redirect: 'follow' });
    if (!response.ok) {
      await response.body?.cancel();
      throw new DatasetError(url, `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
    }
    if (!response.body) throw new DatasetError(url, 'the response has no body');
    const header = Number(response.headers.get('content-length'));
    const length = Number.isFinite(header) && header > 0 ? header : undefined;
    const chunks: Uint8Array[] = [];
    let received = 0;
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      stillAlive();
      received += value.length;
      if (received > MAX_IDX_BYTES) {
        await reader.cancel();
        throw new DatasetError(url, `sent more than ${megabytes(MAX_IDX_BYTES)}, more than any file of this dataset`);
      }
      chunks.push(value);
      onChunk(received, length);
    }
    if (length !== undefined && received < length && !response.headers.get('content-encoding')) {
      throw new DatasetError(url, `the download stopped after ${received} of ${length} bytes`);
    }
    return Buffer.concat(chunks, received);
  } finally {
    clearTimeout(idle);
  }
}

/** The same checks as reading from disk: gzip, IDX structure and the published SHA-256. */
async function checkDownload(source: DatasetSource, spec: IdxFileSpec, content: Uint8Array, url: string): Promise<void> {
  const bytes = await uncompress(content, url);
  if (spec.kind === 'images') parseIdxImages(bytes, url);
  else parseIdxLabels(bytes, url);
  checkDigest(source, spec, bytes, url);
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  const detail = cause instanceof Error ? ((cause as NodeJS.ErrnoException).code ?? cause.message) : undefined;
  return detail && !error.message.includes(detail) ? `${error.message} (${detail})` : error.message;
}
