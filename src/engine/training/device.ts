/**
 * What a training run runs on, from its backend's device line: the same line, or, when the
 * data-parallel loop trains (one half batch per core, each kernel on one thread), the line
 * without its per-library thread counts and with the two threads said once.
 *   "CPU (EPYC, WebAssembly SIMD, 1 thread; native kernels by oneDNN 2.6.3, AVX2, 2 threads)"
 *   → "CPU (EPYC, WebAssembly SIMD; native kernels by oneDNN 2.6.3, AVX2), data-parallel on 2 threads"
 */
export function trainingDevice(backendDevice: string, dataParallel: boolean): string {
  if (!dataParallel) return backendDevice;
  return `${backendDevice.replace(/, \d+ threads?(?=[;)])/g, '')}, data-parallel on 2 threads`;
}
