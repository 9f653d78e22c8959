import type { BackendName } from '../../core/api/contract';
import { messageOf } from '../../core/messageOf';

/** One way of running tfjs: how to load it and what it runs on. */
export interface BackendDriver {
  readonly name: BackendName;
  /**
   * Loads the backend and makes it tfjs's current one. Returns what it runs on, e.g.
   * `CPU (WebAssembly SIMD, 1 thread)`; throws a BackendUnavailable that says why not.
   */
  activate(): Promise<string>;
}

/** A backend that does not load here, with the reason in words. */
export class BackendUnavailable extends Error {
  constructor(
    readonly backend: BackendName,
    reason: string,
  ) {
    super(reason);
    this.name = 'BackendUnavailable';
  }
}

/** The first line of an error's message, for a reason shown in a list. */
export function firstLine(error: unknown): string {
  const text = messageOf(error);
  return (text.split('\n').find((l) => l.trim() !== '')?.trim() ?? 'unknown error').replace(/\.$/, '');
}

/** Runs `fn` with console.warn silenced: tfjs warns once per kernel when a half-loaded backend registers again. */
export async function withoutWarnings<T>(fn: () => Promise<T>): Promise<T> {
  const warn = console.warn;
  console.warn = () => undefined;
  try {
    return await fn();
  } finally {
    console.warn = warn;
  }
}
