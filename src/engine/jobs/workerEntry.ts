import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The bundled worker's file name, beside the bundle that forks it (scripts/build-node.mjs writes both). */
export const BUNDLED_WORKER = 'training-worker.mjs';

export interface WorkerEntry {
  readonly file: string;
  /** Node options the job's process needs: tsx's loader when it runs from TypeScript source. */
  readonly execArgv: readonly string[];
}

/**
 * Where the training job's entry is: `NETCANVAS_TRAINING_WORKER` when set; the
 * TypeScript source (through tsx) when this module itself runs from source; else the
 * bundled `training-worker.mjs` beside the running bundle or in out/cli/.
 */
export function trainingWorkerEntry(env: Record<string, string | undefined> = process.env, here: string = import.meta.url): WorkerEntry {
  const override = env.NETCANVAS_TRAINING_WORKER;
  if (override) return entryFor(path.resolve(override));
  const hereFile = fileURLToPath(here);
  if (hereFile.endsWith('.ts')) return entryFor(path.join(path.dirname(hereFile), 'trainingWorker.ts'));
  // Beside the running bundle (out/cli/), or, from another bundle in out/ (Electron's out/main/), in out/cli/.
  const candidates = [path.join(path.dirname(hereFile), BUNDLED_WORKER), path.join(path.dirname(hereFile), '..', 'cli', BUNDLED_WORKER)];
  const bundled = candidates.find((file) => existsSync(file));
  if (!bundled) throw new Error(`The training worker is missing (looked for ${candidates.join(' and ')}); rebuild with 'npm run build:node'`);
  return entryFor(bundled);
}

function entryFor(file: string): WorkerEntry {
  if (!file.endsWith('.ts')) return { file, execArgv: [] };
  const tsx = createRequire(import.meta.url).resolve('tsx');
  return { file, execArgv: ['--import', pathToFileURL(tsx).href] };
}
