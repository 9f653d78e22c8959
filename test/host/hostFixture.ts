import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';

/** A renderer build in a temp folder: a page, a hashed asset, a wasm file, and traps outside and inside it. */
export async function fakeRendererBuild() {
  const base = await mkdtemp(path.join(os.tmpdir(), 'netcanvas-host-'));
  const root = path.join(base, 'renderer');
  await mkdir(path.join(root, 'assets'), { recursive: true });
  await writeFile(path.join(root, 'index.html'), '<!doctype html><title>NetCanvas</title><p>hello</p>\n');
  await writeFile(path.join(root, 'assets', 'index-4f2a9c.js'), 'console.log("app");\n');
  await writeFile(path.join(root, 'assets', 'style.css'), 'body{}\n');
  await writeFile(path.join(root, 'tfjs-backend-wasm.wasm'), Buffer.from([0, 97, 115, 109, 1, 0, 0, 0]));
  await writeFile(path.join(root, '.env'), 'SECRET=1\n');
  await writeFile(path.join(base, 'secret.txt'), 'outside the root\n');
  await symlink(path.join(base, 'secret.txt'), path.join(root, 'link-out.txt'));
  return { base, root, remove: () => rm(base, { recursive: true, force: true }) };
}

/** Opens a WebSocket to the host's API; resolves once open, or rejects with the HTTP status of a refusal. */
export function openSocket(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => reject(Object.assign(new Error(`HTTP ${response.statusCode}: ${body.trim()}`), { status: response.statusCode })));
    });
    ws.once('error', reject);
  });
}

/** Sends frames and collects what comes back, in order. */
export function conversation(ws: WebSocket) {
  const received: any[] = [];
  const waiters: (() => void)[] = [];
  ws.on('message', (data) => {
    received.push(JSON.parse(data.toString()));
    waiters.splice(0).forEach((wake) => wake());
  });
  return {
    received,
    send: (frame: unknown) => ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
    /** Waits until `count` frames have arrived. */
    async until(count: number): Promise<any[]> {
      while (received.length < count) await new Promise<void>((wake) => waiters.push(wake));
      return received.slice(0, count);
    },
  };
}
