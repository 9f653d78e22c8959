import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { startHost, type RunningHost } from '../../src/host';
import { conversation, fakeRendererBuild, openSocket } from './hostFixture';

/**
 * The host with the real engine (no stand-in): the cheap calls only. The oracle is the MNIST
 * files themselves, read here with zlib, and the label counts their README publishes.
 */

const repoRoot = path.resolve(__dirname, '../..');
const mnist = process.env.NETCANVAS_DATA ?? path.resolve(repoRoot, '../shared/datasets/mnist');
const testLabels = gunzipSync(readFileSync(path.join(mnist, 't10k-labels-idx1-ubyte.gz'))).subarray(8);
const testImages = gunzipSync(readFileSync(path.join(mnist, 't10k-images-idx3-ubyte.gz'))).subarray(16);
const PUBLISHED_TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];

let files: Awaited<ReturnType<typeof fakeRendererBuild>>;
let host: RunningHost;

beforeAll(async () => {
  files = await fakeRendererBuild();
  host = await startHost({ runsDir: path.join(files.base, 'runs'), dataDir: mnist, rendererDir: files.root });
});
afterAll(async () => {
  await host?.close();
  await files?.remove();
});

async function call(port: number, method: string, args: unknown[]) {
  const ws = await openSocket(`ws://127.0.0.1:${port}/api`);
  const talk = conversation(ws);
  talk.send({ id: 1, method, args });
  const [answer] = await talk.until(1);
  ws.close();
  return answer;
}

describe('the browser host over the real engine', () => {
  it('reports the engine and finds MNIST in the folder it was given', async () => {
    const { result } = await call(host.port, 'engineInfo', []);
    expect(result.backends.some((b: { name: string; available: boolean }) => b.name === 'cpu' && b.available)).toBe(true);
    expect(result.datasets.find((d: { name: string }) => d.name === 'mnist')).toMatchObject({ available: true });
  });

  it('serves dataset samples that match the IDX files byte for byte', async () => {
    const indices = [0, 1, 2, 9999];
    const { result } = await call(host.port, 'datasetSample', ['mnist', 'test', 4, 0, indices]);
    expect(result.indices).toEqual(indices);
    expect(result.labels).toEqual(indices.map((i) => testLabels[i]));
    result.images.forEach((image: number[], k: number) => expect(image).toEqual([...testImages.subarray(indices[k] * 784, (indices[k] + 1) * 784)]));
    expect(result.testCounts).toEqual(PUBLISHED_TEST_COUNTS);
  });

  it('lists no runs in a new runs folder, and says which run is missing', async () => {
    expect(await call(host.port, 'listRuns', [])).toEqual({ id: 1, result: [] });
    const missing = await call(host.port, 'getRun', ['run-none']);
    expect(missing.error.message).toMatch(/run-none/);
  });
});

describe('netcanvas web', () => {
  function run(args: string[]): { child: ChildProcess; output: () => string; exit: Promise<number | null> } {
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin/netcanvas.mjs'), 'web', ...args], { cwd: repoRoot, env: { ...process.env, NETCANVAS_FROM_SOURCE: '1' } });
    let text = '';
    child.stdout!.on('data', (c: Buffer) => (text += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (text += c.toString()));
    return { child, output: () => text, exit: new Promise((resolve) => child.on('exit', (code) => resolve(code))) };
  }

  it('prints its address when ready, serves the page and the API, and stops cleanly on Ctrl+C', async () => {
    const web = run(['--port', '0', '--renderer', files.root, '--runs', path.join(files.base, 'cli-runs'), '--data', mnist]);
    let match: RegExpMatchArray | null = null;
    for (let i = 0; i < 600 && !match; i++) {
      await new Promise((r) => setTimeout(r, 100));
      match = web.output().match(/NetCanvas is running at (http:\/\/127\.0\.0\.1:(\d+)\/)\n/);
    }
    expect(match, web.output()).not.toBeNull();
    const page = await fetch(match![1]);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>NetCanvas</title>');
    expect((await call(Number(match![2]), 'listRuns', [])).result).toEqual([]);
    web.child.kill('SIGINT');
    expect(await web.exit).toBe(0);
    expect(web.output()).toContain('NetCanvas stopped.');
  });

  const mistakes: { args: string[]; code: number; message: RegExp }[] = [
    { args: ['--port', '70000'], code: 2, message: /netcanvas web: --port must be at most 65535, got 70000\.\nUsage: netcanvas web/ },
    { args: ['--port', 'eighty'], code: 2, message: /--port takes a whole number, got 'eighty'/ },
    { args: ['--colour'], code: 2, message: /unknown option --colour \(options: --port, --host, --data, --runs, --renderer\)/ },
    { args: ['extra'], code: 2, message: /unexpected argument 'extra'/ },
    { args: ['--port', '0', '--renderer', '/nonexistent/renderer'], code: 1, message: /netcanvas web: The page is not built: \/nonexistent\/renderer\/index.html is missing\. Run 'npm run build:renderer' first\./ },
  ];
  it.each(mistakes)('$args → exit $code, $message', async ({ args, code, message }) => {
    let output = '';
    const io = { stdout: (t: string) => (output += t), stderr: (t: string) => (output += t), isTTY: false, cwd: repoRoot, env: {} };
    expect(await runCli(['web', ...args], io)).toBe(code);
    expect(output).toMatch(message);
  });
});
