import { describe, expect, it } from 'vitest';
import { trainingDevice } from '../../src/engine/training/device';

describe('trainingDevice', () => {
  it.each([
    ['one core, no native kernels', 'CPU (AMD EPYC, WebAssembly SIMD, 1 thread)', false, 'CPU (AMD EPYC, WebAssembly SIMD, 1 thread)'],
    ['two cores, no native kernels', 'CPU (AMD EPYC, WebAssembly SIMD, 1 thread)', true, 'CPU (AMD EPYC, WebAssembly SIMD), data-parallel on 2 threads'],
    ['two cores with native kernels', 'CPU (AMD EPYC, WebAssembly SIMD, 1 thread; native kernels by oneDNN 2.6.3, AVX2, 2 threads)', true, 'CPU (AMD EPYC, WebAssembly SIMD; native kernels by oneDNN 2.6.3, AVX2), data-parallel on 2 threads'],
    ['a GPU line is left alone', 'NVIDIA H100 (WebGPU)', false, 'NVIDIA H100 (WebGPU)'],
  ])('%s', (_what, device, parallel, expected) => expect(trainingDevice(device, parallel)).toBe(expected));
});
