// The Node-API surface of NetCanvas's native kernels: each function takes typed arrays (views
// of tfjs's WebAssembly heap, so nothing is copied), checks every argument's type and size
// against the geometry before touching memory, and throws a TypeError/RangeError naming the
// argument otherwise.
#include <node_api.h>
#include <dnnl.hpp>
#include <omp.h>

#include <cstring>
#include <string>

#include "activation.h"
#include "convolution.h"
#include "geometry.h"
#include "matmul.h"
#include "optimizer.h"
#include "pooling.h"
#include "reduction.h"

namespace netcanvas {
namespace {

// Thrown inside a call to become a JavaScript exception at its boundary.
struct ArgumentError {
  std::string message;
  bool range;
};

struct Call {
  napi_env env;
  const char* name;
  size_t argc = 8;
  napi_value argv[8];

  Call(napi_env env, napi_callback_info info, const char* name) : env(env), name(name) {
    napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  }

  napi_value arg(size_t i) const {
    if (i >= argc) throw ArgumentError{std::string(name) + ": argument " + std::to_string(i + 1) + " is missing", false};
    return argv[i];
  }

  int64_t integer(size_t i, const char* what) const {
    napi_valuetype type;
    napi_typeof(env, arg(i), &type);
    double value = 0;
    if (type == napi_number) napi_get_value_double(env, argv[i], &value);
    if (type != napi_number || value != static_cast<double>(static_cast<int64_t>(value)) || value < 0) {
      throw ArgumentError{std::string(name) + ": " + what + " must be a non-negative integer", false};
    }
    return static_cast<int64_t>(value);
  }

  // A typed array of the given type and exactly `length` elements (`length` < 0: any).
  void* array(size_t i, napi_typedarray_type wanted, int64_t length, const char* what) const {
    bool isTypedArray = false;
    napi_is_typedarray(env, arg(i), &isTypedArray);
    napi_typedarray_type type;
    size_t count = 0;
    void* data = nullptr;
    if (isTypedArray) napi_get_typedarray_info(env, argv[i], &type, &count, &data, nullptr, nullptr);
    const char* typeName = wanted == napi_float32_array ? "Float32Array" : "Int32Array";
    if (!isTypedArray || type != wanted) throw ArgumentError{std::string(name) + ": " + what + " must be a " + typeName, false};
    if (length >= 0 && static_cast<int64_t>(count) != length) {
      throw ArgumentError{std::string(name) + ": " + what + " has " + std::to_string(count) + " elements where the geometry needs " + std::to_string(length), true};
    }
    return data;
  }

  float* floats(size_t i, int64_t length, const char* what) const { return static_cast<float*>(array(i, napi_float32_array, length, what)); }

  // The length of the Float32Array argument i, which must not be empty: the size of an elementwise kernel.
  int64_t elements(size_t i, const char* what) const {
    floats(i, -1, what);
    size_t size = 0;
    napi_get_typedarray_info(env, argv[i], nullptr, &size, nullptr, nullptr, nullptr);
    if (size == 0) throw ArgumentError{std::string(name) + ": " + what + " is empty", true};
    return static_cast<int64_t>(size);
  }

  Geometry geometry(size_t i) const {
    const int32_t* f = static_cast<int32_t*>(array(i, napi_int32_array, kGeometryFields, "geometry"));
    Geometry g{f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10], f[11], f[12], f[13], f[14], f[15], f[16]};
    for (int k = 0; k < kGeometryFields; k++) {
      const bool positive = k < 13;  // sizes, strides and dilations; paddings may be 0
      if (f[k] < 0 || (positive && f[k] == 0)) throw ArgumentError{std::string(name) + ": geometry field " + std::to_string(k) + " is " + std::to_string(f[k]), true};
    }
    return g;
  }

  // A geometry of a pooling, which keeps the channels.
  Geometry poolingGeometry(size_t i) const {
    const Geometry g = geometry(i);
    if (g.outChannels != g.inChannels) {
      throw ArgumentError{std::string(name) + ": pooling keeps the channels, but the geometry has " + std::to_string(g.inChannels) + " in and " + std::to_string(g.outChannels) + " out", true};
    }
    return g;
  }

  // The shape of a batched matrix product: batch sizes equal or one of them 1, every size positive, transposes 0 or 1.
  MatMulShape matMulShape(size_t i) const {
    const int32_t* f = static_cast<int32_t*>(array(i, napi_int32_array, kMatMulFields, "shape"));
    for (int k = 0; k < kMatMulFields; k++) {
      const bool flag = k >= 5;
      if (flag ? (f[k] != 0 && f[k] != 1) : f[k] <= 0) throw ArgumentError{std::string(name) + ": shape field " + std::to_string(k) + " is " + std::to_string(f[k]) + (flag ? " (a transpose is 0 or 1)" : " (sizes are positive)"), true};
    }
    if (f[0] != f[1] && f[0] != 1 && f[1] != 1) throw ArgumentError{std::string(name) + ": batches of " + std::to_string(f[0]) + " and " + std::to_string(f[1]) + " neither match nor broadcast", true};
    return MatMulShape{f[0], f[1], f[2], f[3], f[4], f[5] == 1, f[6] == 1};
  }

  // An optional Activation number (argument i absent or nullish: linear).
  Activation activation(size_t i) const {
    const int64_t value = argc > i && !isNullish(i) ? integer(i, "activation") : 0;
    if (value >= kActivations) throw ArgumentError{std::string(name) + ": activation " + std::to_string(value) + " is not one of 0 (linear) to " + std::to_string(kActivations - 1), true};
    return static_cast<Activation>(value);
  }

  bool isNullish(size_t i) const {
    napi_valuetype type;
    napi_typeof(env, arg(i), &type);
    return type == napi_null || type == napi_undefined;
  }

  napi_value fail(const ArgumentError& error) const {
    if (error.range) napi_throw_range_error(env, nullptr, error.message.c_str());
    else napi_throw_type_error(env, nullptr, error.message.c_str());
    return nullptr;
  }
};

// Runs `body`, turning argument errors and oneDNN errors into JavaScript exceptions.
template <typename Body>
napi_value guarded(const Call& call, Body body) {
  try {
    return body();
  } catch (const ArgumentError& error) {
    return call.fail(error);
  } catch (const dnnl::error& error) {
    napi_throw_error(call.env, nullptr, (std::string(call.name) + ": oneDNN refused: " + error.what()).c_str());
  } catch (const std::exception& error) {
    napi_throw_error(call.env, nullptr, (std::string(call.name) + ": " + error.what()).c_str());
  }
  return nullptr;
}

// convolutionForward(geometry, x, filter, y[, bias, activation]): y = activation(x ⊛ filter + bias),
// bias a Float32Array of outChannels or null, activation an Activation number (default linear).
napi_value ConvolutionForward(napi_env env, napi_callback_info info) {
  Call call(env, info, "convolutionForward");
  return guarded(call, [&]() -> napi_value {
    const Geometry g = call.geometry(0);
    const float* x = call.floats(1, g.inputSize(), "x");
    const float* filter = call.floats(2, g.filterSize(), "filter");
    float* y = call.floats(3, g.outputSize(), "y");
    const float* bias = call.argc > 4 && !call.isNullish(4) ? call.floats(4, g.outChannels, "bias") : nullptr;
    const Activation activation = call.activation(5);
    convolutionForward(g, x, filter, y);
    if (bias || activation != Activation::Linear) biasActivation(y, g.batch * g.outHeight * g.outWidth, g.outChannels, bias, activation);
    return nullptr;
  });
}

// convolutionBackwardData(geometry, dy, filter, dx)
napi_value ConvolutionBackwardData(napi_env env, napi_callback_info info) {
  Call call(env, info, "convolutionBackwardData");
  return guarded(call, [&]() -> napi_value {
    const Geometry g = call.geometry(0);
    convolutionBackwardData(g, call.floats(1, g.outputSize(), "dy"), call.floats(2, g.filterSize(), "filter"), call.floats(3, g.inputSize(), "dx"));
    return nullptr;
  });
}

// convolutionBackwardWeights(geometry, x, dy, dFilter)
napi_value ConvolutionBackwardWeights(napi_env env, napi_callback_info info) {
  Call call(env, info, "convolutionBackwardWeights");
  return guarded(call, [&]() -> napi_value {
    const Geometry g = call.geometry(0);
    convolutionBackwardWeights(g, call.floats(1, g.inputSize(), "x"), call.floats(2, g.outputSize(), "dy"), call.floats(3, g.filterSize(), "dFilter"));
    return nullptr;
  });
}

// maxPoolForward(geometry, x, y)
napi_value MaxPoolForward(napi_env env, napi_callback_info info) {
  Call call(env, info, "maxPoolForward");
  return guarded(call, [&]() -> napi_value {
    const Geometry g = call.poolingGeometry(0);
    maxPoolForward(g, call.floats(1, g.inputSize(), "x"), call.floats(2, g.outputSize(), "y"));
    return nullptr;
  });
}

// maxPoolGradient(geometry, x, dy, dx)
napi_value MaxPoolGradient(napi_env env, napi_callback_info info) {
  Call call(env, info, "maxPoolGradient");
  return guarded(call, [&]() -> napi_value {
    const Geometry g = call.poolingGeometry(0);
    maxPoolGradient(g, call.floats(1, g.inputSize(), "x"), call.floats(2, g.outputSize(), "dy"), call.floats(3, g.inputSize(), "dx"));
    return nullptr;
  });
}

// sumRows(x, rows, columns, out)
napi_value SumRows(napi_env env, napi_callback_info info) {
  Call call(env, info, "sumRows");
  return guarded(call, [&]() -> napi_value {
    const int64_t rows = call.integer(1, "rows"), columns = call.integer(2, "columns");
    sumRows(call.floats(0, rows * columns, "x"), rows, columns, call.floats(3, columns, "out"));
    return nullptr;
  });
}

// matMul(shape, a, b, y[, bias, activation]): y = activation(op(a) · op(b) + bias) for a
// MatMulShape (an Int32Array: batchA, batchB, m, k, n, transposeA, transposeB), bias n values or null.
napi_value MatMul(napi_env env, napi_callback_info info) {
  Call call(env, info, "matMul");
  return guarded(call, [&]() -> napi_value {
    const MatMulShape s = call.matMulShape(0);
    const float* a = call.floats(1, s.aSize(), "a");
    const float* b = call.floats(2, s.bSize(), "b");
    float* y = call.floats(3, s.outputSize(), "y");
    const float* bias = call.argc > 4 && !call.isNullish(4) ? call.floats(4, s.n, "bias") : nullptr;
    matMul(s, a, b, y, bias, call.activation(5));
    return nullptr;
  });
}

// gemm(m, n, k, a, b, c): c = a · b for row-major a [m, k], b [k, n], c [m, n], by dnnl_sgemm on
// the calling thread's OpenMP threads (setThreads): the benchmark's matrix-multiply peak.
napi_value Gemm(napi_env env, napi_callback_info info) {
  Call call(env, info, "gemm");
  return guarded(call, [&]() -> napi_value {
    const int64_t m = call.integer(0, "m"), n = call.integer(1, "n"), k = call.integer(2, "k");
    if (m == 0 || n == 0 || k == 0) throw ArgumentError{"gemm: m, n and k must be positive", true};
    gemm(m, n, k, call.floats(3, m * k, "a"), call.floats(4, k * n, "b"), call.floats(5, m * n, "c"));
    return nullptr;
  });
}

// tanh(x, y): y = tanh(x), arrays of the same positive length.
napi_value Tanh(napi_env env, napi_callback_info info) {
  Call call(env, info, "tanh");
  return guarded(call, [&]() -> napi_value {
    const int64_t n = call.elements(0, "x");
    tanhForward(call.floats(0, n, "x"), call.floats(1, n, "y"), n);
    return nullptr;
  });
}

// tanhGradient(y, dy, dx): dx = dy · (1 − y²), arrays of the same positive length.
napi_value TanhGradient(napi_env env, napi_callback_info info) {
  Call call(env, info, "tanhGradient");
  return guarded(call, [&]() -> napi_value {
    const int64_t n = call.elements(0, "y");
    tanhBackward(call.floats(0, n, "y"), call.floats(1, n, "dy"), call.floats(2, n, "dx"), n);
    return nullptr;
  });
}

// reluGradient(y, dy, dx[, columns, sums]): dx = dy · (y > 0 ? 1 : 0; NaN where y is NaN), arrays of
// the same positive length; with columns (which must divide it), also each column's sum of dx into sums.
napi_value ReluGradient(napi_env env, napi_callback_info info) {
  Call call(env, info, "reluGradient");
  return guarded(call, [&]() -> napi_value {
    const int64_t n = call.elements(0, "y");
    const float* y = call.floats(0, n, "y");
    const float* dy = call.floats(1, n, "dy");
    float* dx = call.floats(2, n, "dx");
    if (call.argc <= 3 || call.isNullish(3)) {
      reluBackward(y, dy, dx, n);
      return nullptr;
    }
    const int64_t columns = call.integer(3, "columns");
    if (columns == 0 || n % columns != 0) throw ArgumentError{"reluGradient: columns (" + std::to_string(columns) + ") must divide the " + std::to_string(n) + " elements", true};
    reluBackwardWithSums(y, dy, dx, n / columns, columns, call.floats(4, columns, "sums"));
    return nullptr;
  });
}

// adamUpdate(settings, value, gradient, m, v, newValue, newM, newV): one Adam step (optimizer.h),
// settings a Float32Array of AdamSettings, every other array as long as value.
napi_value AdamUpdate(napi_env env, napi_callback_info info) {
  Call call(env, info, "adamUpdate");
  return guarded(call, [&]() -> napi_value {
    const float* f = call.floats(0, kAdamSettings, "settings");
    const AdamSettings settings{f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7]};
    const int64_t n = call.elements(1, "value");
    const char* names[] = {"value", "gradient", "m", "v", "newValue", "newM", "newV"};
    float* arrays[7];
    for (size_t i = 0; i < 7; i++) arrays[i] = call.floats(i + 1, n, names[i]);
    // Each output must be apart from every other array (adamUpdate's loop assumes it).
    for (size_t out = 4; out < 7; out++) {
      for (size_t other = 0; other < 7; other++) {
        if (other != out && arrays[out] < arrays[other] + n && arrays[other] < arrays[out] + n) throw ArgumentError{std::string("adamUpdate: ") + names[out] + " overlaps " + names[other], true};
      }
    }
    adamUpdate(settings, n, arrays[0], arrays[1], arrays[2], arrays[3], arrays[4], arrays[5], arrays[6]);
    return nullptr;
  });
}

// setThreads(n): the OpenMP threads this calling thread's kernels use from now on.
napi_value SetThreads(napi_env env, napi_callback_info info) {
  Call call(env, info, "setThreads");
  return guarded(call, [&]() -> napi_value {
    const int64_t n = call.integer(0, "threads");
    if (n < 1 || n > 1024) throw ArgumentError{"setThreads: threads must be between 1 and 1024", true};
    omp_set_num_threads(static_cast<int>(n));
    return nullptr;
  });
}

const char* isaName(dnnl::cpu_isa isa) {
  switch (isa) {
    case dnnl::cpu_isa::sse41: return "SSE4.1";
    case dnnl::cpu_isa::avx: return "AVX";
    case dnnl::cpu_isa::avx2: return "AVX2";
    case dnnl::cpu_isa::avx512_core: return "AVX-512";
    case dnnl::cpu_isa::avx512_core_vnni: return "AVX-512 VNNI";
    case dnnl::cpu_isa::avx512_core_bf16: return "AVX-512 BF16";
    case dnnl::cpu_isa::avx512_core_amx: return "AVX-512 AMX";
    default: return "baseline";
  }
}

// info(): { oneDnn: "2.6.3", isa: "AVX-512", threads: n } for this calling thread.
napi_value Info(napi_env env, napi_callback_info) {
  napi_value result, value;
  napi_create_object(env, &result);
  napi_create_string_utf8(env, oneDnnVersion(), NAPI_AUTO_LENGTH, &value);
  napi_set_named_property(env, result, "oneDnn", value);
  napi_create_string_utf8(env, isaName(dnnl::get_effective_cpu_isa()), NAPI_AUTO_LENGTH, &value);
  napi_set_named_property(env, result, "isa", value);
  napi_create_int32(env, omp_get_max_threads(), &value);
  napi_set_named_property(env, result, "threads", value);
  return result;
}

}  // namespace
}  // namespace netcanvas

NAPI_MODULE_INIT() {
  const struct { const char* name; napi_callback fn; } functions[] = {
      {"convolutionForward", netcanvas::ConvolutionForward},
      {"convolutionBackwardData", netcanvas::ConvolutionBackwardData},
      {"convolutionBackwardWeights", netcanvas::ConvolutionBackwardWeights},
      {"maxPoolForward", netcanvas::MaxPoolForward},
      {"maxPoolGradient", netcanvas::MaxPoolGradient},
      {"sumRows", netcanvas::SumRows},
      {"matMul", netcanvas::MatMul},
      {"tanh", netcanvas::Tanh},
      {"gemm", netcanvas::Gemm},
      {"tanhGradient", netcanvas::TanhGradient},
      {"reluGradient", netcanvas::ReluGradient},
      {"adamUpdate", netcanvas::AdamUpdate},
      {"setThreads", netcanvas::SetThreads},
      {"info", netcanvas::Info},
  };
  for (const auto& f : functions) {
    napi_value value;
    napi_create_function(env, f.name, NAPI_AUTO_LENGTH, f.fn, nullptr, &value);
    napi_set_named_property(env, exports, f.name, value);
  }
  return exports;
}
