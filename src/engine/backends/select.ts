import * as tf from '@tensorflow/tfjs';
import { BACKENDS, type BackendInfo, type BackendName } from '../../core/api/contract';
import { BackendUnavailable, firstLine, type BackendDriver } from './backend';
import { cpuBackend } from './cpu';
import { tensorflowBackend } from './tensorflow';
import { wasmBackend } from './wasm';
import { webgpuBackend } from './webgpu';

/** Every backend, fastest first: the order a job tries them in when it names none. */
export const BACKEND_DRIVERS: readonly BackendDriver[] = [tensorflowBackend, webgpuBackend, wasmBackend, cpuBackend];

export interface ActiveBackend {
  readonly name: BackendName;
  readonly device: string;
}

const results = new Map<BackendName, BackendInfo>();

async function tryDriver(driver: BackendDriver): Promise<BackendInfo> {
  const known = results.get(driver.name);
  if (known && !known.available) return known;
  let info: BackendInfo;
  try {
    info = { name: driver.name, available: true, device: await driver.activate() };
  } catch (error) {
    info = { name: driver.name, available: false, reason: error instanceof BackendUnavailable ? error.message : firstLine(error) };
  }
  results.set(driver.name, info);
  return info;
}

/**
 * Loads every backend once in this process and says which load, on what, and why the
 * others do not. Leaves tfjs on the fastest that loads.
 */
export async function probeBackends(): Promise<BackendInfo[]> {
  const infos: BackendInfo[] = [];
  for (const driver of BACKEND_DRIVERS) infos.push(results.get(driver.name) ?? (await tryDriver(driver)));
  const fastest = infos.find((i) => i.available);
  if (fastest && tf.getBackend() !== fastest.name) await tf.setBackend(fastest.name);
  return infos;
}

/**
 * Makes a backend tfjs's current one: the one requested, or else the fastest that loads.
 * A requested backend that does not load is an error that says why.
 */
export async function activateBackend(requested?: BackendName): Promise<ActiveBackend> {
  if (requested !== undefined) {
    if (!BACKENDS.includes(requested)) throw new Error(`Unknown backend '${String(requested)}' (known: ${BACKENDS.join(', ')})`);
    const info = await tryDriver(BACKEND_DRIVERS.find((d) => d.name === requested)!);
    if (!info.available) throw new BackendUnavailable(requested, `The ${requested} backend is not available here: ${info.reason}`);
    return { name: info.name, device: info.device! };
  }
  const reasons: string[] = [];
  for (const driver of BACKEND_DRIVERS) {
    const info = await tryDriver(driver);
    if (info.available) return { name: info.name, device: info.device! };
    reasons.push(`${info.name}: ${info.reason}`);
  }
  throw new Error(`No tfjs backend loads here (${reasons.join('; ')})`);
}
