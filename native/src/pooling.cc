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

// The window under output pixel (oh, ow), clipped to the image: taps kh in [khStart, khEnd)
// and kw in [kwStart, kwEnd), stepping by the dilation, at input row top + kh, column left + kw.
struct Window {
  int64_t top, left, khStart, khEnd, kwStart, kwEnd;
};

Window windowAt(const Geometry& g, int64_t oh, int64_t ow) {
  const int64_t top = oh * g.strideHeight - g.padTop;
  const int64_t left = ow * g.strideWidth - g.padLeft;
  return {top,
          left,
          firstInside(top, g.dilationHeight),
          std::min((g.filterHeight - 1) * g.dilationHeight + 1, g.inHeight - top),
          firstInside(left, g.dilationWidth),
          std::min((g.filterWidth - 1) * g.dilationWidth + 1, g.inWidth - left)};
}

}  // namespace

void maxPoolForward(const Geometry& g, const float* x, float* y) {
  const int64_t channels = g.inChannels;
  const int64_t rowStride = g.inWidth * channels;
  const int64_t imageStride = g.inHeight * rowStride;
#pragma omp parallel for schedule(static)
  for (int64_t b = 0; b < g.batch; b++) {
    const float* image = x + b * imageStride;
    float* outputs = y + b * g.outHeight * g.outWidth * channels;
    for (int64_t oh = 0; oh < g.outHeight; oh++) {
      for (int64_t ow = 0; ow < g.outWidth; ow++) {
        const Window w = windowAt(g, oh, ow);
        float* __restrict best = outputs + (oh * g.outWidth + ow) * channels;
        std::fill(best, best + channels, -std::numeric_limits<float>::infinity());
        for (int64_t kh = w.khStart; kh < w.khEnd; kh += g.dilationHeight) {
          for (int64_t kw = w.kwStart; kw < w.kwEnd; kw += g.dilationWidth) {
            const float* __restrict pixel = image + (w.top + kh) * rowStride + (w.left + kw) * channels;
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
        for (int64_t ow = 0; ow < g.outWidth; ow++) {
          const Window w = windowAt(g, oh, ow);
          std::fill(best.begin(), best.end(), -std::numeric_limits<float>::infinity());
          std::fill(where.begin(), where.end(), -1);
          for (int64_t kh = w.khStart; kh < w.khEnd; kh += g.dilationHeight) {
            for (int64_t kw = w.kwStart; kw < w.kwEnd; kw += g.dilationWidth) {
              const int32_t tap = static_cast<int32_t>((w.top + kh) * rowStride + (w.left + kw) * channels);
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
