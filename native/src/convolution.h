// 2-D convolution and its two gradients by oneDNN, on channels-last tensors with a
// [filterHeight, filterWidth, inChannels, outChannels] filter (tfjs's layouts).
#pragma once
#include "geometry.h"

namespace netcanvas {

// y = x ⊛ filter
void convolutionForward(const Geometry& g, const float* x, const float* filter, float* y);
// dx = the gradient of the convolution with respect to its input, given dy
void convolutionBackwardData(const Geometry& g, const float* dy, const float* filter, float* dx);
// dFilter = the gradient of the convolution with respect to its filter, given x and dy
void convolutionBackwardWeights(const Geometry& g, const float* x, const float* dy, float* dFilter);

// The oneDNN version linked, e.g. "2.6.3".
const char* oneDnnVersion();

}  // namespace netcanvas
