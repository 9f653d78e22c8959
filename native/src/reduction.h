// Sums over a tensor's leading axes (every bias gradient: dy summed over batch and pixels).
#pragma once
#include <cstdint>

namespace netcanvas {

// out[j] = Σᵢ x[i·columns + j] for a row-major [rows, columns] matrix, accumulated in double.
void sumRows(const float* x, int64_t rows, int64_t columns, float* out);

}  // namespace netcanvas
