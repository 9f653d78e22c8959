#include "reduction.h"

#include <vector>

namespace netcanvas {

void sumRows(const float* x, int64_t rows, int64_t columns, float* out) {
  std::vector<double> total(columns, 0.0);
  for (int64_t i = 0; i < rows; i++) {
    const float* row = x + i * columns;
    double* t = total.data();
    for (int64_t j = 0; j < columns; j++) t[j] += row[j];
  }
  for (int64_t j = 0; j < columns; j++) out[j] = static_cast<float>(total[j]);
}

}  // namespace netcanvas
