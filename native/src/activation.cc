#include "activation.h"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <vector>

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

namespace {
// 1 where y > 0, NaN where y is NaN, 0 elsewhere; two selects without branches, so that the loops vectorize.
inline float reluMask(float v) {
  const float positive = v > 0.0f ? 1.0f : 0.0f;
  return v == v ? positive : v;
}
}  // namespace

// Below this many values a pass runs on the calling thread alone: OpenMP's start costs more than
// the second core saves (the SimpleRNN's and the MLP's tensors); above, the rows are split
// between the calling thread's OpenMP threads (one in the data-parallel loop).
constexpr int64_t kParallelValues = 1 << 20;

void reluBackward(const float* y, const float* dy, float* dx, int64_t size) {
#pragma omp parallel for simd schedule(static) if (size >= kParallelValues)
  for (int64_t i = 0; i < size; i++) dx[i] = dy[i] * reluMask(y[i]);
}

void reluBackwardWithSums(const float* y, const float* dy, float* dx, int64_t rows, int64_t columns, float* sums) {
  std::vector<double> total(columns, 0.0);
#pragma omp parallel if (rows * columns >= kParallelValues)
  {
    // Each thread's rows summed apart (a static schedule: the same rows each time), then added in
    // thread order, so a run repeats exactly on the same number of threads.
    std::vector<double> partial(columns, 0.0);
    double* t = partial.data();
#pragma omp for schedule(static)
    for (int64_t i = 0; i < rows; i++) {
      const float* __restrict yRow = y + i * columns;
      const float* __restrict dyRow = dy + i * columns;
      float* __restrict dxRow = dx + i * columns;
      // Two loops over the row (still in L1 for the second), each of which the compiler vectorizes.
#pragma omp simd
      for (int64_t j = 0; j < columns; j++) dxRow[j] = dyRow[j] * reluMask(yRow[j]);
      for (int64_t j = 0; j < columns; j++) t[j] += dxRow[j];
    }
#pragma omp for ordered schedule(static, 1)
    for (int thread = 0; thread < omp_get_num_threads(); thread++) {
#pragma omp ordered
      for (int64_t j = 0; j < columns; j++) total[j] += t[j];
    }
  }
  for (int64_t j = 0; j < columns; j++) sums[j] = static_cast<float>(total[j]);
}

}  // namespace netcanvas
