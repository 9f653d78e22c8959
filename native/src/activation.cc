#include "activation.h"

#include <algorithm>
#include <cmath>

namespace netcanvas {
namespace {

template <typename F>
void apply(float* y, int64_t rows, int64_t channels, const float* bias, F f) {
#pragma omp parallel for schedule(static)
  for (int64_t i = 0; i < rows; i++) {
    float* row = y + i * channels;
    for (int64_t c = 0; c < channels; c++) row[c] = f(row[c] + (bias ? bias[c] : 0.0f));
  }
}

}  // namespace

void biasActivation(float* y, int64_t rows, int64_t channels, const float* bias, Activation activation) {
  switch (activation) {
    case Activation::Linear:
      if (bias) apply(y, rows, channels, bias, [](float v) { return v; });
      break;
    case Activation::Relu:
      // As tfjs's Relu: NaN stays NaN, and −0 stays −0.
      apply(y, rows, channels, bias, [](float v) { return v < 0.0f ? 0.0f : v; });
      break;
    case Activation::Relu6:
      apply(y, rows, channels, bias, [](float v) { return std::min(std::max(v, 0.0f), 6.0f); });
      break;
    case Activation::Elu:
      apply(y, rows, channels, bias, [](float v) { return v > 0.0f ? v : std::expm1(v); });
      break;
    case Activation::Sigmoid:
      apply(y, rows, channels, bias, [](float v) { return 1.0f / (1.0f + std::exp(-v)); });
      break;
  }
}

void reluBackward(const float* y, const float* dy, float* dx, int64_t size) {
  // Memory-bound, as tanh's gradient: one thread.
#pragma omp simd
  for (int64_t i = 0; i < size; i++) {
    const float v = y[i];
    const float mask = v > 0.0f ? 1.0f : (v != v ? v : 0.0f);
    dx[i] = dy[i] * mask;
  }
}

}  // namespace netcanvas
