#include "pooling.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <vector>

namespace netcanvas {
namespace {

// The first window offset k (a multiple of step) with origin + k >= 0.
int64_t firstInside(int64_t origin, int64_t step) {
  return origin >= 0 ? 0 : (-origin + step - 1) / step * step;
}

}  // namespace

void maxPoolForward(const Geometry& g, const float* x, float* y) {
  const int64_t channels = g.inChannels;
  const int64_t rowStride = g.inWidth * channels;
  const int64_t imageStride = g.inHeight * rowStride;
  const int64_t windowHeight = (g.filterHeight - 1) * g.dilationHeight + 1;
  const int64_t windowWidth = (g.filterWidth - 1) * g.dilationWidth + 1;
#pragma omp parallel for schedule(static)
  for (int64_t b = 0; b < g.batch; b++) {
    const float* image = x + b * imageStride;
    float* outputs = y + b * g.outHeight * g.outWidth * channels;
    for (int64_t oh = 0; oh < g.outHeight; oh++) {
      const int64_t ih0 = oh * g.strideHeight - g.padTop;
      const int64_t khStart = firstInside(ih0, g.dilationHeight);
      const int64_t khEnd = std::min(windowHeight, g.inHeight - ih0);
      for (int64_t ow = 0; ow < g.outWidth; ow++) {
        const int64_t iw0 = ow * g.strideWidth - g.padLeft;
        const int64_t kwStart = firstInside(iw0, g.dilationWidth);
        const int64_t kwEnd = std::min(windowWidth, g.inWidth - iw0);
        float* __restrict best = outputs + (oh * g.outWidth + ow) * channels;
        std::fill(best, best + channels, -std::numeric_limits<float>::infinity());
        for (int64_t kh = khStart; kh < khEnd; kh += g.dilationHeight) {
          for (int64_t kw = kwStart; kw < kwEnd; kw += g.dilationWidth) {
            const float* __restrict pixel = image + (ih0 + kh) * rowStride + (iw0 + kw) * channels;
            for (int64_t c = 0; c < channels; c++) {
              const float value = pixel[c], current = best[c];
              best[c] = value > current ? value : current;  // strictly: NaN never wins
            }
          }
        }
      }
    }
  }
}

void maxPoolGradient(const Geometry& g, const float* x, const float* dy, float* dx) {
  const int64_t channels = g.inChannels;
  const int64_t rowStride = g.inWidth * channels;
  const int64_t imageStride = g.inHeight * rowStride;
  const int64_t windowHeight = (g.filterHeight - 1) * g.dilationHeight + 1;
  const int64_t windowWidth = (g.filterWidth - 1) * g.dilationWidth + 1;
  std::memset(dx, 0, sizeof(float) * g.inputSize());

  // Images are independent (each writes only its own part of dx), so they run in parallel.
#pragma omp parallel
  {
    // Per output pixel, the best value and its offset for every channel: the window is read
    // tap by tap, each tap's channels contiguous in memory.
    std::vector<float> best(channels);
    std::vector<int32_t> where(channels);  // an offset inside one image (tfjs tensors stay far below 2³¹ elements)
#pragma omp for schedule(static)
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
          std::fill(best.begin(), best.end(), -std::numeric_limits<float>::infinity());
          std::fill(where.begin(), where.end(), -1);
          for (int64_t kh = khStart; kh < khEnd; kh += g.dilationHeight) {
            for (int64_t kw = kwStart; kw < kwEnd; kw += g.dilationWidth) {
              const int32_t tap = static_cast<int32_t>((ih0 + kh) * rowStride + (iw0 + kw) * channels);
              const float* __restrict pixel = image + tap;
              float* __restrict bestValue = best.data();
              int32_t* __restrict bestAt = where.data();
              // Branch-free with unconditional stores, so the compiler vectorises it and random
              // data costs no mispredictions.
              for (int32_t c = 0; c < static_cast<int32_t>(channels); c++) {
                const float value = pixel[c], current = bestValue[c];
                // All ones where strictly greater (the first maximum wins; NaN never does).
                const int32_t greater = -static_cast<int32_t>(value > current);
                bestValue[c] = value > current ? value : current;
                bestAt[c] = ((tap + c) & greater) | (bestAt[c] & ~greater);
              }
            }
          }
          const float* gradient = outputs + (oh * g.outWidth + ow) * channels;
          for (int64_t c = 0; c < channels; c++) {
            if (where[c] >= 0) imageDx[where[c]] += gradient[c];
          }
        }
      }
    }
  }
}

}  // namespace netcanvas
