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
      apply(y, rows, channels, bias, [](float v) { return v > 0.0f ? v : 0.0f; });
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

}  // namespace netcanvas
