import { describe, expect, it } from 'vitest';
import { blasName } from '../../src/cli/commands/benchPeer';

describe('blasName: the PyTorch peer’s BLAS, short, beside the ratio', () => {
  it.each([
    ['Debian’s OpenBLAS alternative is named by its folder', '/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3', 'openblas-pthread'],
    ['netlib’s reference BLAS is called that', '/usr/lib/x86_64-linux-gnu/blas/libblas.so.3', 'reference BLAS'],
    ['a library with its own name keeps its file name', '/usr/lib/x86_64-linux-gnu/libopenblas.so.0', 'libopenblas.so.0'],
    ['what the peer prints on Debian with OpenBLAS: the folder once, LAPACK and the folder’s own files left out',
      '/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3,/usr/lib/x86_64-linux-gnu/openblas-pthread/liblapack.so.3,/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblasp-r0.3.21.so', 'openblas-pthread'],
    ['two libraries in different places, both named', '/opt/mkl/libmkl_rt.so,/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3', 'openblas-pthread, libmkl_rt.so'],
    ['a bundled one is passed through', 'none found (bundled)', 'none found (bundled)'],
    ['an older peer that does not report it', undefined, 'BLAS not reported'],
  ])('%s', (_what, blas, expected) => {
    expect(blasName(blas)).toBe(expected);
  });
});
