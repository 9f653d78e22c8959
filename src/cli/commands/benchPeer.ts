import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** One line of the PyTorch peer's output. */
export interface PeerResult {
  readonly framework: string;
  readonly version: string;
  readonly device: string;
  readonly threads: number;
  readonly model: string;
  readonly params: number;
  readonly samples_per_s: number;
  /** The BLAS library (or libraries, comma-separated) the peer's process loaded; absent from older peers. */
  readonly blas?: string;
}

/**
 * A short name for the peer's BLAS: Debian's alternatives keep each BLAS in a folder of its own
 * (…/openblas-pthread/libblas.so.3, …/blas/libblas.so.3 for netlib's reference one), so the folder
 * names it; otherwise the library's file name. LAPACK, which the peer's process also maps from
 * that folder, and the folder's other files are not repeated.
 */
export function blasName(blas: string | undefined): string {
  if (!blas) return 'BLAS not reported';
  const libraries = blas.split(',').map((library) => library.split('/').filter(Boolean));
  const folders = new Set(libraries.filter((parts) => parts.length > 1 && /^libblas\.so/.test(parts.at(-1)!)).map((parts) => parts.at(-2)!));
  const names = libraries
    .filter((parts) => !/lapack/.test(parts.at(-1) ?? '') && !(parts.length > 1 && folders.has(parts.at(-2)!)))
    .map((parts) => parts.at(-1) ?? '');
  return [...[...folders].map((f) => (f === 'blas' ? 'reference BLAS' : f)), ...names].filter(Boolean).join(', ') || blas;
}

export type PeerOutcome = { readonly ok: true; readonly results: PeerResult[] } | { readonly ok: false; readonly reason: string };

/** Where the peer script is: NETCANVAS_TORCH_PEER, else the shared folder beside the repository. */
export function peerScript(cwd: string, env: Readonly<Record<string, string | undefined>>): string {
  return env.NETCANVAS_TORCH_PEER ?? path.resolve(cwd, '../shared/bench/torch_peer.py');
}

/** Runs the PyTorch peer benchmark for the given models and reads its JSON lines. */
export function runTorchPeer(script: string, models: readonly string[], python = '/usr/bin/python3', timeoutMs = 15 * 60_000): Promise<PeerOutcome> {
  if (!existsSync(script)) return Promise.resolve({ ok: false, reason: `the peer script ${script} is missing` });
  return new Promise((resolve) => {
    const child = spawn(python, [script, '--models', models.join(',')], { stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-2000)));
    child.on('error', (error) => resolve({ ok: false, reason: `${python} did not start: ${error.message}` }));
    child.on('close', (code) => {
      const results = stdout
        .split('\n')
        .filter((l) => l.trim().startsWith('{'))
        .map((l) => JSON.parse(l) as PeerResult);
      if (code === 0 && results.length > 0) resolve({ ok: true, results });
      else resolve({ ok: false, reason: `the peer exited with code ${code}: ${stderr.trim().split('\n').slice(-1)[0] ?? ''}` });
    });
  });
}
