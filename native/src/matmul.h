// Batched matrix products by oneDNN's matmul primitive (tfjs's BatchMatMul and _FusedMatMul),
// on row-major operands that may be transposed, with bias and activation fused.
#pragma once
#include <cstdint>

#include "activation.h"

namespace netcanvas {

// The shape of one batched product y[b] = op(a[b]) · op(b[b]) of [m, k] by [k, n] matrices,
// as the addon receives it (an Int32Array in this order). A batch of 1 is broadcast over the other.
struct MatMulShape {
  int64_t batchA, batchB, m, k, n;
  bool transposeA, transposeB;

  int64_t batch() const { return batchA > batchB ? batchA : batchB; }
  int64_t aSize() const { return batchA * m * k; }
  int64_t bSize() const { return batchB * k * n; }
  int64_t outputSize() const { return batch() * m * n; }
};

constexpr int kMatMulFields = 7;

// y = activation(op(a) · op(b) + bias): a is [batchA, m, k] ([batchA, k, m] when transposeA),
// b is [batchB, k, n] ([batchB, n, k] when transposeB), y is [batch, m, n], bias n values or null.
void matMul(const MatMulShape& s, const float* a, const float* b, float* y, const float* bias, Activation activation);

// c = a · b for row-major a [m, k], b [k, n] and c [m, n] by oneDNN's single-precision GEMM
// (dnnl_sgemm) on the calling thread's OpenMP threads: the benchmark's matrix-multiply peak.
void gemm(int64_t m, int64_t n, int64_t k, const float* a, const float* b, float* c);

// y = tanh(x) for `size` values, by oneDNN's vectorized elementwise kernel.
void tanhForward(const float* x, float* y, int64_t size);

// dx = dy · (1 − y²) for `size` values, y = tanh(x): tanh's gradient from its output, in one pass
// (tfjs's gradient makes three kernels of it: Square, Sub and Multiply).
void tanhBackward(const float* y, const float* dy, float* dx, int64_t size);

}  // namespace netcanvas
