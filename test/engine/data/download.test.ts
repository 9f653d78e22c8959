import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { forgetLoadedDatasets, labelCounts, loadDataset, type DatasetProgress } from '../../../src/engine/data';
import { MNIST_DIR, MNIST_FILES, MNIST_LABEL_COUNTS, refusal, tempFolder } from './support';

/**
 * Downloads against a mirror on 127.0.0.1 that serves the real MNIST files, and mirrors
 * that serve them damaged. `/good/` serves every file as it is; the other mirrors serve
 * the first three files as they are and the last one, t10k-labels, damaged: the cache
 * must then hold nothing at all, not even the three good files.
 */
const LAST = 't10k-labels-idx1-ubyte.gz';

let server: Server;
let base: string;
let original: Map<string, Buffer>;
const requests: string[] = [];
const stalled: import('node:http').ServerResponse[] = [];

type Serve = (res: import('node:http').ServerResponse, body: Buffer) => void;
const whole: Serve = (res, body) => res.writeHead(200, { 'content-length': body.length, 'content-type': 'application/gzip' }).end(body);

function tamperedLabels(): Buffer {
  const raw = gunzipSync(original.get(LAST)!);
  raw[8 + 7] = (raw[8 + 7] + 1) % 10;
  return gzipSync(raw);
}

/** How each mirror serves the last file. */
const MIRRORS: Record<string, Serve> = {
  good: whole,
  truncated: (res, body) => whole(res, body.subarray(0, body.length >> 1)),
  cut: (res, body) => {
    // Announces the whole file, sends half, then drops the connection.
    res.writeHead(200, { 'content-length': body.length });
    res.write(body.subarray(0, body.length >> 1), () => res.destroy());
  },
  tampered: (res) => whole(res, tamperedLabels()),
  stalled: (res, body) => {
    // Announces the whole file, sends half, then sends nothing more.
    res.writeHead(200, { 'content-length': body.length });
    res.write(body.subarray(0, body.length >> 1));
    stalled.push(res);
  },
  html: (res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Moved</body></html>'),
  missing: (res) => res.writeHead(404).end('not found'),
};

/** What the refusal of each damaged mirror says, after the file name. */
const REFUSALS: { mirror: string; says: RegExp }[] = [
  { mirror: 'truncated', says: /truncated\/t10k-labels-idx1-ubyte\.gz: is not valid gzip data \(unexpected end of file\)/ },
  { mirror: 'cut', says: /cut\/t10k-labels-idx1-ubyte\.gz: (terminated|the download stopped after)/ },
  { mirror: 'stalled', says: /stalled\/t10k-labels-idx1-ubyte\.gz: nothing received for 2 s/ },
  { mirror: 'tampered', says: /tampered\/t10k-labels-idx1-ubyte\.gz: SHA-256 is [0-9a-f]{64}, not the published ff7bcfd4/ },
  // '<htm' read as a big-endian uint32 is 1013478509.
  { mirror: 'html', says: /html\/t10k-labels-idx1-ubyte\.gz: magic number is 1013478509, expected 2049 for an IDX label file/ },
  { mirror: 'missing', says: /missing\/t10k-labels-idx1-ubyte\.gz: HTTP 404/ },
];

beforeAll(async () => {
  original = new Map();
  for (const name of MNIST_FILES) original.set(`${name}.gz`, await readFile(path.join(MNIST_DIR, `${name}.gz`)));
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const [, mirror, file] = (req.url ?? '').split('/');
    const body = original.get(file);
    if (!body || !(mirror in MIRRORS)) return void res.writeHead(404).end();
    (file === LAST ? MIRRORS[mirror] : whole)(res, body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const res of stalled) res.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  requests.length = 0;
  forgetLoadedDatasets();
});

/** Everything under a folder, recursively, as relative paths. */
async function contents(folder: string): Promise<string[]> {
  return (await readdir(folder, { recursive: true })).map(String).sort();
}

const mirror = (name: string) => `${base}/${name}/`;

describe('downloading into the cache', () => {
  it('downloads MNIST with progress, checks it, keeps it, and reads it from the cache afterwards', async () => {
    const cacheDir = await tempFolder();
    const progress: DatasetProgress[] = [];
    const ds = await loadDataset('mnist', { cacheDir, env: {}, mirrors: [mirror('good')], onProgress: (p) => progress.push(p) });

    expect(labelCounts(ds.train.labels, 10)).toEqual(MNIST_LABEL_COUNTS.train);
    expect(labelCounts(ds.test.labels, 10)).toEqual(MNIST_LABEL_COUNTS.test);
    const folder = path.join(cacheDir, 'datasets', 'mnist');
    expect(ds.location).toBe(folder);
    expect(await contents(cacheDir)).toEqual(['datasets', 'datasets/mnist', ...MNIST_FILES.map((n) => `datasets/mnist/${n}.gz`).sort()]);
    for (const [name, bytes] of original) expect(Buffer.compare(await readFile(path.join(folder, name)), bytes)).toBe(0);
    expect(requests.sort()).toEqual(MNIST_FILES.map((n) => `/good/${n}.gz`).sort());

    const downloading = progress.filter((p) => p.stage === 'downloading').map((p) => p.fraction!);
    expect(downloading.length).toBeGreaterThan(10);
    expect(downloading.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= downloading[i - 1]))).toBe(true);
    expect(downloading.at(-1)).toBe(1);
    expect(progress.map((p) => p.stage)).toEqual(expect.arrayContaining(['locating', 'downloading', 'verifying', 'reading']));

    requests.length = 0;
    forgetLoadedDatasets();
    const again = await loadDataset('mnist', { cacheDir, env: {}, mirrors: [mirror('good')] });
    expect(again.location).toBe(folder);
    expect(requests).toEqual([]);
  });

  it.each(REFUSALS)('refuses a $mirror file by name and keeps nothing', async ({ mirror: name, says }) => {
    const cacheDir = await tempFolder();
    const error = await refusal(loadDataset('mnist', { cacheDir, env: {}, mirrors: [mirror(name)], idleTimeoutMs: 2_000 }));
    expect(error.file).toBe(LAST);
    expect(error.message).toMatch(/^t10k-labels-idx1-ubyte\.gz: could not be downloaded; nothing was kept\./);
    expect(error.message).toMatch(says);
    expect(await contents(cacheDir)).toEqual(['datasets']);
  });

  it('goes on to the next mirror when one serves a damaged file', async () => {
    const cacheDir = await tempFolder();
    const ds = await loadDataset('mnist', { cacheDir, env: {}, mirrors: [mirror('tampered'), mirror('good')] });
    expect(labelCounts(ds.test.labels, 10)).toEqual(MNIST_LABEL_COUNTS.test);
    expect(requests.filter((r) => r.endsWith(LAST))).toEqual([`/tampered/${LAST}`, `/good/${LAST}`]);
  });

  it('downloads again over a damaged cached copy', async () => {
    const cacheDir = await tempFolder();
    await loadDataset('mnist', { cacheDir, env: {}, mirrors: [mirror('good')] });
    const cached = path.join(cacheDir, 'datasets', 'mnist', 'train-labels-idx1-ubyte.gz');
    await writeFile(cached, (await readFile(cached)).subarray(0, 1000));
    forgetLoadedDatasets();
    requests.length = 0;
    const progress: string[] = [];
    const ds = await loadDataset('mnist', { cacheDir, env: {}, mirrors: [mirror('good')], onProgress: (p) => progress.push(p.message) });
    expect(labelCounts(ds.train.labels, 10)).toEqual(MNIST_LABEL_COUNTS.train);
    expect(progress.some((m) => m.includes('cached copy is damaged') && m.includes(cached))).toBe(true);
    expect(requests).toHaveLength(4);
  });

  it('does not download when downloading is off, and says so', async () => {
    const cacheDir = await tempFolder();
    const error = await refusal(loadDataset('mnist', { cacheDir, env: {}, mirrors: [mirror('good')], download: false }));
    expect(error.message).toMatch(/MNIST was not found: .*\(cache\) does not exist; downloading is off/);
    expect(requests).toEqual([]);
    expect(await contents(cacheDir)).toEqual([]);
  });

  it('names the file when no mirror can be reached at all', async () => {
    const cacheDir = await tempFolder();
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await refusal(loadDataset('mnist', { cacheDir, env: {}, mirrors: [`http://127.0.0.1:${port}/mnist/`] }));
    expect(error.message).toBe(
      `train-images-idx3-ubyte.gz: could not be downloaded; nothing was kept. http://127.0.0.1:${port}/mnist/train-images-idx3-ubyte.gz: fetch failed (ECONNREFUSED). ` +
        `Before downloading: MNIST was not found: ${path.join(cacheDir, 'datasets', 'mnist')} (cache) does not exist.`,
    );
    expect(await contents(cacheDir)).toEqual(['datasets']);
  });
});
