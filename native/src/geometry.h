// The shape of one 2-D convolution or pooling over channels-last (NHWC) tensors, as tfjs
// describes it (computeConv2DInfo): sizes, strides, dilations and the padding on each side.
#pragma once
#include <cstdint>

namespace netcanvas {

struct Geometry {
  int64_t batch, inHeight, inWidth, inChannels;
  int64_t outHeight, outWidth, outChannels;
  int64_t filterHeight, filterWidth;
  int64_t strideHeight, strideWidth, dilationHeight, dilationWidth;
  int64_t padTop, padLeft, padBottom, padRight;

  int64_t inputSize() const { return batch * inHeight * inWidth * inChannels; }
  int64_t outputSize() const { return batch * outHeight * outWidth * outChannels; }
  int64_t filterSize() const { return filterHeight * filterWidth * inChannels * outChannels; }
};

// How many numbers a Geometry is passed as (an Int32Array in this order).
constexpr int kGeometryFields = 17;

}  // namespace netcanvas
