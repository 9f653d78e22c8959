#include "matmul.h"

#include <dnnl.hpp>
#include <omp.h>

#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <unordered_map>

namespace netcanvas {
namespace {

using dnnl::memory;
using Type = memory::data_type;

// oneDNN objects are not shared between threads: each thread that trains has its own engine,
// stream and primitives (as the convolutions do), made once per shape.
struct ThreadState {
  dnnl::engine engine{dnnl::engine::kind::cpu, 0};
  dnnl::stream stream{engine};
  std::unordered_map<std::string, dnnl::primitive> primitives;
};

// More shapes than this and the primitives are dropped all at once; a training run uses a few dozen.
constexpr size_t kMaxPrimitives = 512;

ThreadState& threadState() {
  static thread_local std::unique_ptr<ThreadState> state;
  if (!state) state = std::make_unique<ThreadState>();
  return *state;
}

// A row-major [batch, rows, columns] matrix stored transposed ([batch, columns, rows]) when `transposed`.
memory::desc matrix(int64_t batch, int64_t rows, int64_t columns, bool transposed) {
  return transposed ? memory::desc({batch, rows, columns}, Type::f32, memory::dims{rows * columns, 1, rows})
                    : memory::desc({batch, rows, columns}, Type::f32, memory::dims{rows * columns, columns, 1});
}

memory::desc aDesc(const MatMulShape& s) { return matrix(s.batchA, s.m, s.k, s.transposeA); }
memory::desc bDesc(const MatMulShape& s) { return matrix(s.batchB, s.k, s.n, s.transposeB); }
memory::desc yDesc(const MatMulShape& s) { return matrix(s.batch(), s.m, s.n, false); }
memory::desc biasDesc(const MatMulShape& s) { return memory::desc({1, 1, s.n}, Type::f32, memory::dims{s.n, s.n, 1}); }

void appendActivation(dnnl::post_ops& ops, Activation activation) {
  switch (activation) {
    case Activation::Linear: break;
    case Activation::Relu: ops.append_eltwise(1.0f, dnnl::algorithm::eltwise_relu, 0.0f, 0.0f); break;
    case Activation::Relu6: ops.append_eltwise(1.0f, dnnl::algorithm::eltwise_clip, 0.0f, 6.0f); break;
    case Activation::Elu: ops.append_eltwise(1.0f, dnnl::algorithm::eltwise_elu, 1.0f, 0.0f); break;
    case Activation::Sigmoid: ops.append_eltwise(1.0f, dnnl::algorithm::eltwise_logistic, 0.0f, 0.0f); break;
  }
}

template <typename Make>
dnnl::primitive& cached(const std::string& key, Make make) {
  ThreadState& state = threadState();
  auto found = state.primitives.find(key);
  if (found != state.primitives.end()) return found->second;
  if (state.primitives.size() >= kMaxPrimitives) state.primitives.clear();
  return state.primitives.emplace(key, make(state.engine)).first->second;
}

// Work below which a kernel runs on the calling thread alone. An OpenMP team on this 2-core
// machine, shared with other jobs, costs more than it saves for every product the reference
// models make: at load average 11, [128, 784]·[784, 256] took 1.0 ms on one thread and 11 ms on
// two (threads waiting for each other to be scheduled); on an idle machine two win only on
// products of hundreds of megaflops. Bigger ones use the calling thread's OpenMP threads.
constexpr double kParallelFlops = 256e6;

// The OpenMP threads for `flops` of work, set for the scope (the primitive is made and run under it).
struct ScopedThreads {
  int before, threads;
  explicit ScopedThreads(double flops) : before(omp_get_max_threads()), threads(flops < kParallelFlops ? 1 : before) {
    if (threads != before) omp_set_num_threads(threads);
  }
  ~ScopedThreads() {
    if (threads != before) omp_set_num_threads(before);
  }
};

memory wrap(const memory::desc& desc, const float* data) {
  return memory(desc, threadState().engine, const_cast<float*>(data));  // oneDNN takes a non-const pointer
}

}  // namespace

void matMul(const MatMulShape& s, const float* a, const float* b, float* y, const float* bias, Activation activation) {
  const ScopedThreads threads(2.0 * s.batch() * s.m * s.k * s.n);
  // A single product with a transposed a and nothing fused (the kernel gradient xᵀ·dy of every
  // Dense and recurrent step) goes to oneDNN's GEMM, which takes the transpose in its packing:
  // the matmul primitive with a's strides swapped ran [128, 256]ᵀ·[128, 256] in 0.21 ms (median
  // of four runs, load 8), sgemm in 0.12 ms, as fast as the untransposed product.
  if (s.transposeA && s.batch() == 1 && !bias && activation == Activation::Linear) {
    const dnnl_status_t status = dnnl_sgemm('T', s.transposeB ? 'T' : 'N', s.m, s.n, s.k, 1.0f, a, s.m, b, s.transposeB ? s.k : s.n, 0.0f, y, s.n);
    if (status != dnnl_success) throw std::runtime_error("dnnl_sgemm failed with status " + std::to_string(static_cast<int>(status)));
    return;
  }
  const int64_t key[] = {'m', s.batchA, s.batchB, s.m, s.k, s.n, s.transposeA, s.transposeB, bias != nullptr, static_cast<int64_t>(activation), threads.threads};
  dnnl::primitive& primitive = cached(std::string(reinterpret_cast<const char*>(key), sizeof key), [&](const dnnl::engine& engine) {
    dnnl::post_ops ops;
    appendActivation(ops, activation);
    dnnl::primitive_attr attr;
    attr.set_post_ops(ops);
    const auto desc = bias ? dnnl::matmul::desc(aDesc(s), bDesc(s), biasDesc(s), yDesc(s)) : dnnl::matmul::desc(aDesc(s), bDesc(s), yDesc(s));
    return dnnl::primitive(dnnl::matmul(dnnl::matmul::primitive_desc(desc, attr, engine)));
  });
  ThreadState& state = threadState();
  std::unordered_map<int, memory> args{{DNNL_ARG_SRC, wrap(aDesc(s), a)}, {DNNL_ARG_WEIGHTS, wrap(bDesc(s), b)}, {DNNL_ARG_DST, wrap(yDesc(s), y)}};
  if (bias) args.emplace(DNNL_ARG_BIAS, wrap(biasDesc(s), bias));
  primitive.execute(state.stream, args);
  state.stream.wait();
}

void gemm(int64_t m, int64_t n, int64_t k, const float* a, const float* b, float* c) {
  const dnnl_status_t status = dnnl_sgemm('N', 'N', m, n, k, 1.0f, a, k, b, n, 0.0f, c, n);
  if (status != dnnl_success) throw std::runtime_error("dnnl_sgemm failed with status " + std::to_string(static_cast<int>(status)));
}

void tanhForward(const float* x, float* y, int64_t size) {
  const ScopedThreads threads(20.0 * size);  // about 20 operations a value
  const int64_t key[] = {'t', size, threads.threads};
  const memory::desc desc({size}, Type::f32, memory::format_tag::a);
  dnnl::primitive& primitive = cached(std::string(reinterpret_cast<const char*>(key), sizeof key), [&](const dnnl::engine& engine) {
    return dnnl::primitive(dnnl::eltwise_forward(dnnl::eltwise_forward::primitive_desc(
        dnnl::eltwise_forward::desc(dnnl::prop_kind::forward_inference, dnnl::algorithm::eltwise_tanh, desc, 0.0f, 0.0f), engine)));
  });
  ThreadState& state = threadState();
  primitive.execute(state.stream, {{DNNL_ARG_SRC, wrap(desc, x)}, {DNNL_ARG_DST, wrap(desc, y)}});
  state.stream.wait();
}

void tanhBackward(const float* y, const float* dy, float* dx, int64_t size) {
  // Memory-bound (three floats moved for two multiplies and a subtraction): one thread.
#pragma omp simd
  for (int64_t i = 0; i < size; i++) dx[i] = (1.0f - y[i] * y[i]) * dy[i];
}

}  // namespace netcanvas
