// 2-D max pooling and its gradient on channels-last tensors.
#pragma once
#include "geometry.h"

namespace netcanvas {

// y = the maximum of each window, per channel (NaN never wins; a window with no number gives
// −∞; padding is never read), as tfjs's cpu backend does. outChannels must equal inChannels.
void maxPoolForward(const Geometry& g, const float* x, float* y);

// dx = 0, then each dy value is added at the input pixel that was its window's maximum (the
// first one in row-major window order on ties; padding never wins; a window of only NaN or
// −∞ passes nothing), as tfjs's cpu backend does. outChannels must equal inChannels.
void maxPoolGradient(const Geometry& g, const float* x, const float* dy, float* dx);

}  // namespace netcanvas
