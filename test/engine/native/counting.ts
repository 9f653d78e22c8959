import type { NativeAddon } from '../../../src/engine/backends/native/addon';

/** The addon with every call counted by function name in `calls`, so a test can say which native kernels ran. */
export function countingAddon(addon: NativeAddon, calls: Map<string, number>): NativeAddon {
  return Object.fromEntries(Object.entries(addon).map(([name, fn]) => [name, (...args: unknown[]) => {
    calls.set(name, (calls.get(name) ?? 0) + 1);
    return (fn as (...a: unknown[]) => unknown)(...args);
  }])) as unknown as NativeAddon;
}
