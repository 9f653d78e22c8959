// Optimizer updates fused per variable: one pass over a variable, its gradient and its
// accumulators instead of a dozen elementwise kernels.
#pragma once
#include <cstdint>

namespace netcanvas {

// Adam's float32 constants, as tfjs's AdamOptimizer rounds them: β₁, 1 − β₁, β₂, 1 − β₂,
// 1 − β₁ᵗ, 1 − β₂ᵗ, ε and −learning rate.
struct AdamSettings {
  float beta1, oneMinusBeta1, beta2, oneMinusBeta2, oneMinusAccBeta1, oneMinusAccBeta2, epsilon, negativeLearningRate;
};
constexpr int kAdamSettings = 8;

// One Adam step over `size` values, in tfjs's order of float32 operations:
// m' = m·β₁ + g·(1−β₁), v' = v·β₂ + g²·(1−β₂), value' = (m'/(1−β₁ᵗ)) / (√(v'/(1−β₂ᵗ)) + ε) · (−lr) + value.
// The seven arrays must not overlap (the addon checks): the loop is vectorized on that promise.
void adamUpdate(const AdamSettings& s, int64_t size, const float* __restrict value, const float* __restrict gradient, const float* __restrict m, const float* __restrict v, float* __restrict newValue, float* __restrict newM, float* __restrict newV);

}  // namespace netcanvas
