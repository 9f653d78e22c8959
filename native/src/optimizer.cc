#include "optimizer.h"

#include <cmath>

namespace netcanvas {

void adamUpdate(const AdamSettings& s, int64_t size, const float* __restrict value, const float* __restrict gradient, const float* __restrict m, const float* __restrict v, float* __restrict newValue, float* __restrict newM, float* __restrict newV) {
  for (int64_t i = 0; i < size; i++) {
    const float g = gradient[i];
    const float m1 = m[i] * s.beta1 + g * s.oneMinusBeta1;
    const float v1 = v[i] * s.beta2 + (g * g) * s.oneMinusBeta2;
    const float step = (m1 / s.oneMinusAccBeta1) / (std::sqrt(v1 / s.oneMinusAccBeta2) + s.epsilon);
    newM[i] = m1;
    newV[i] = v1;
    newValue[i] = step * s.negativeLearningRate + value[i];
  }
}

}  // namespace netcanvas
