#include "pooling.h"

#include <algorithm>
#include <cstring>
#include <limits>

namespace netcanvas {
namespace {

// The first window offset k (a multiple of step) with origin + k >= 0.
int64_t firstInside(int64_t origin, int64_t step) {
  return origin >= 0 ? 0 : (-origin + step - 1) / step * step;
}

}  // namespace

void maxPoolGradient(const Geometry& g, const float* x, const float* dy, float* dx) {
  const int64_t channels = g.inChannels;
  const int64_t rowStride = g.inWidth * channels;
  const int64_t imageStride = g.inHeight * rowStride;
  const int64_t windowHeight = (g.filterHeight - 1) * g.dilationHeight + 1;
  const int64_t windowWidth = (g.filterWidth - 1) * g.dilationWidth + 1;
  std::memset(dx, 0, sizeof(float) * g.inputSize());

  // Images are independent (each writes only its own part of dx), so they run in parallel.
#pragma omp parallel for schedule(static)
  for (int64_t b = 0; b < g.batch; b++) {
    const float* image = x + b * imageStride;
    float* imageDx = dx + b * imageStride;
    const float* outputs = dy + b * g.outHeight * g.outWidth * channels;
    for (int64_t oh = 0; oh < g.outHeight; oh++) {
      const int64_t ih0 = oh * g.strideHeight - g.padTop;
      const int64_t khStart = firstInside(ih0, g.dilationHeight);
      const int64_t khEnd = std::min(windowHeight, g.inHeight - ih0);
      for (int64_t ow = 0; ow < g.outWidth; ow++) {
        const int64_t iw0 = ow * g.strideWidth - g.padLeft;
        const int64_t kwStart = firstInside(iw0, g.dilationWidth);
        const int64_t kwEnd = std::min(windowWidth, g.inWidth - iw0);
        const int64_t corner = ih0 * rowStride + iw0 * channels;
        const float* gradient = outputs + (oh * g.outWidth + ow) * channels;
        for (int64_t c = 0; c < channels; c++) {
          float best = -std::numeric_limits<float>::infinity();
          int64_t where = -1;
          for (int64_t kh = khStart; kh < khEnd; kh += g.dilationHeight) {
            const int64_t row = corner + kh * rowStride + c;
            for (int64_t kw = kwStart; kw < kwEnd; kw += g.dilationWidth) {
              const int64_t at = row + kw * channels;
              if (image[at] > best) {
                best = image[at];
                where = at;
              }
            }
          }
          if (where >= 0) imageDx[where] += gradient[c];
        }
      }
    }
  }
}

}  // namespace netcanvas
