// Bias and activation applied in place to a convolution's output (tfjs's FusedConv2D).
#pragma once
#include <cstdint>

namespace netcanvas {

// The activations fused here, numbered as the addon's callers pass them.
enum class Activation : int32_t { Linear = 0, Relu = 1, Relu6 = 2, Elu = 3, Sigmoid = 4 };
constexpr int32_t kActivations = 5;

// y[i, c] = activation(y[i, c] + bias[c]) for a row-major [rows, channels] matrix; bias may be null.
void biasActivation(float* y, int64_t rows, int64_t channels, const float* bias, Activation activation);

// dx = dy · mask, mask 1 where y > 0, NaN where y is NaN and 0 elsewhere, for `size` values,
// y = relu(x): ReLU's gradient from its output in one pass, as tfjs's dy · step(x) (two kernels
// and a Cast) computes it from the input (relu keeps x > 0 and NaN, so the masks are the same).
void reluBackward(const float* y, const float* dy, float* dx, int64_t size);

// reluBackward over a row-major [rows, columns] matrix, and in the same pass each column's sum of
// dx (a bias's gradient: double accumulators, row by row, as sumRows adds them).
void reluBackwardWithSums(const float* y, const float* dy, float* dx, int64_t rows, int64_t columns, float* sums);

}  // namespace netcanvas
