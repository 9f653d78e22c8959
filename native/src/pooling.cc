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

namespace {

// Whether the windows tile the input without overlap or padding (a 2×2 pool with stride 2, as
// Keras's MaxPooling2D defaults to): each input pixel is then under one window at most.
bool tiles(const Geometry& g) {
  return g.strideHeight == g.filterHeight && g.strideWidth == g.filterWidth && g.dilationHeight == 1 && g.dilationWidth == 1 &&
         g.padTop == 0 && g.padLeft == 0 && g.padBottom == 0 && g.padRight == 0 &&
         g.outHeight * g.filterHeight <= g.inHeight && g.outWidth * g.filterWidth <= g.inWidth;
}

// maxPoolGradient for tiling windows: each window's pixels written once (the gradient at the
// maximum, +0 elsewhere) instead of dx cleared and the gradients added at the maxima; the rows
// and columns no window covers are cleared.
void maxPoolGradientTiled(const Geometry& g, const float* x, const float* dy, float* dx) {
  const int64_t channels = g.inChannels;
  const int64_t rowStride = g.inWidth * channels;
  const int64_t imageStride = g.inHeight * rowStride;
  const int32_t taps = static_cast<int32_t>(g.filterHeight * g.filterWidth);
  const bool covered = g.outHeight * g.filterHeight == g.inHeight && g.outWidth * g.filterWidth == g.inWidth;
#pragma omp parallel
  {
    std::vector<float> best(channels);
    std::vector<int32_t> which(channels);  // the tap (0 … taps − 1) of each channel's maximum, −1 for none
#pragma omp for schedule(static)
    for (int64_t b = 0; b < g.batch; b++) {
      const float* image = x + b * imageStride;
      float* imageDx = dx + b * imageStride;
      if (!covered) std::memset(imageDx, 0, sizeof(float) * imageStride);
      const float* outputs = dy + b * g.outHeight * g.outWidth * channels;
      for (int64_t oh = 0; oh < g.outHeight; oh++) {
        for (int64_t ow = 0; ow < g.outWidth; ow++) {
          const int64_t corner = oh * g.filterHeight * rowStride + ow * g.filterWidth * channels;
          float* __restrict bestValue = best.data();
          int32_t* __restrict bestTap = which.data();
          std::fill(best.begin(), best.end(), -std::numeric_limits<float>::infinity());
          std::fill(which.begin(), which.end(), -1);
          for (int32_t t = 0; t < taps; t++) {
            const float* __restrict pixel = image + corner + (t / g.filterWidth) * rowStride + (t % g.filterWidth) * channels;
            for (int32_t c = 0; c < static_cast<int32_t>(channels); c++) {
              // Strictly greater: the first maximum wins, NaN never does (as maxPoolGradient below);
              // branch-free, as there, so that it vectorizes.
              const float value = pixel[c], current = bestValue[c];
              const int32_t greater = -static_cast<int32_t>(value > current);
              bestValue[c] = value > current ? value : current;
              bestTap[c] = (t & greater) | (bestTap[c] & ~greater);
            }
          }
          const int32_t* __restrict gradient = reinterpret_cast<const int32_t*>(outputs + (oh * g.outWidth + ow) * channels);
          for (int32_t t = 0; t < taps; t++) {
            // The gradient's bits where this tap is the maximum, +0 elsewhere (a mask, not a product: 0 · NaN would be NaN).
            int32_t* __restrict out = reinterpret_cast<int32_t*>(imageDx + corner + (t / g.filterWidth) * rowStride + (t % g.filterWidth) * channels);
            for (int32_t c = 0; c < static_cast<int32_t>(channels); c++) out[c] = gradient[c] & -static_cast<int32_t>(bestTap[c] == t);
          }
        }
      }
    }
  }
}

}  // namespace

void maxPoolGradient(const Geometry& g, const float* x, const float* dy, float* dx) {
  if (tiles(g)) {
    maxPoolGradientTiled(g, x, dy, dx);
    return;
  }
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
