import { loadNativeAddon } from './addon';

/**
 * Makes the native kernels called from this thread use one OpenMP thread (the data-parallel
 * loop gives each core a half batch of its own; two threads each would oversubscribe them),
 * and returns how to put the previous count back. Does nothing without the native kernels.
 */
export function useOneNativeThread(): () => void {
  const native = loadNativeAddon();
  if (!native.ok) return () => undefined;
  const before = native.addon.info().threads;
  native.addon.setThreads(1);
  return () => native.addon.setThreads(before);
}
