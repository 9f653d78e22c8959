#include "convolution.h"

#include <dnnl.hpp>

#include <cstring>
#include <memory>
#include <string>
#include <unordered_map>

namespace netcanvas {
namespace {

using dnnl::memory;
using Tag = memory::format_tag;
using Type = memory::data_type;

enum class Pass : char { Forward, BackwardData, BackwardWeights };

// A primitive made once per (pass, geometry) and the layout it wants its filter in; when
// that is not tfjs's plain HWIO layout, a scratch buffer in the wanted layout and the
// reorders in and out of it.
struct Plan {
  dnnl::primitive primitive;
  memory filterScratch;
  bool reordersFilter = false;
};

// oneDNN objects are not shared between threads: each thread that trains (the main one and a
// data-parallel helper) has its own engine, stream and plans.
struct ThreadState {
  dnnl::engine engine{dnnl::engine::kind::cpu, 0};
  dnnl::stream stream{engine};
  std::unordered_map<std::string, std::unique_ptr<Plan>> plans;
};

// Plans for more geometries than this are dropped all at once (a long session that tries
// many shapes); a training run uses a handful.
constexpr size_t kMaxPlans = 256;

ThreadState& threadState() {
  static thread_local std::unique_ptr<ThreadState> state;
  if (!state) state = std::make_unique<ThreadState>();
  return *state;
}

memory::desc activations(const Geometry& g, bool input) {
  return input ? memory::desc({g.batch, g.inChannels, g.inHeight, g.inWidth}, Type::f32, Tag::nhwc)
               : memory::desc({g.batch, g.outChannels, g.outHeight, g.outWidth}, Type::f32, Tag::nhwc);
}

memory::desc filter(const Geometry& g, Tag tag) {
  return memory::desc({g.outChannels, g.inChannels, g.filterHeight, g.filterWidth}, Type::f32, tag);
}

Plan& planFor(Pass pass, const Geometry& g) {
  ThreadState& state = threadState();
  std::string key(sizeof g + 1, '\0');
  std::memcpy(key.data(), &g, sizeof g);
  key[sizeof g] = static_cast<char>(pass);
  auto found = state.plans.find(key);
  if (found != state.plans.end()) return *found->second;
  if (state.plans.size() >= kMaxPlans) state.plans.clear();

  const memory::desc src = activations(g, true), dst = activations(g, false);
  const memory::desc anyFilter = filter(g, Tag::any);
  const memory::dims strides{g.strideHeight, g.strideWidth};
  const memory::dims dilations{g.dilationHeight - 1, g.dilationWidth - 1};  // oneDNN counts the gaps
  const memory::dims padBefore{g.padTop, g.padLeft}, padAfter{g.padBottom, g.padRight};
  const auto algorithm = dnnl::algorithm::convolution_direct;

  const dnnl::convolution_forward::primitive_desc forward(
      dnnl::convolution_forward::desc(dnnl::prop_kind::forward_training, algorithm, src, anyFilter, dst, strides, dilations, padBefore, padAfter),
      state.engine);
  auto plan = std::make_unique<Plan>();
  memory::desc wanted;
  switch (pass) {
    case Pass::Forward:
      plan->primitive = dnnl::convolution_forward(forward);
      wanted = forward.weights_desc();
      break;
    case Pass::BackwardData: {
      const dnnl::convolution_backward_data::primitive_desc backward(
          dnnl::convolution_backward_data::desc(algorithm, src, anyFilter, dst, strides, dilations, padBefore, padAfter), state.engine, forward);
      plan->primitive = dnnl::convolution_backward_data(backward);
      wanted = backward.weights_desc();
      break;
    }
    case Pass::BackwardWeights: {
      const dnnl::convolution_backward_weights::primitive_desc backward(
          dnnl::convolution_backward_weights::desc(algorithm, src, anyFilter, dst, strides, dilations, padBefore, padAfter), state.engine, forward);
      plan->primitive = dnnl::convolution_backward_weights(backward);
      wanted = backward.diff_weights_desc();
      break;
    }
  }
  plan->reordersFilter = wanted != filter(g, Tag::hwio);
  if (plan->reordersFilter) plan->filterScratch = memory(wanted, state.engine);
  Plan& made = *plan;
  state.plans.emplace(std::move(key), std::move(plan));
  return made;
}

// A oneDNN memory object over a buffer we own (tfjs's heap); oneDNN takes a non-const pointer.
memory wrap(const memory::desc& desc, const float* data) {
  return memory(desc, threadState().engine, const_cast<float*>(data));
}

// The filter `w` (tfjs's HWIO) as the plan's primitive reads it: itself, or reordered into the plan's scratch.
memory filterFor(Plan& plan, const Geometry& g, const float* w) {
  memory weights = wrap(filter(g, Tag::hwio), w);
  if (!plan.reordersFilter) return weights;
  dnnl::reorder(weights, plan.filterScratch).execute(threadState().stream, weights, plan.filterScratch);
  return plan.filterScratch;
}

}  // namespace

void convolutionForward(const Geometry& g, const float* x, const float* w, float* y) {
  Plan& plan = planFor(Pass::Forward, g);
  ThreadState& state = threadState();
  plan.primitive.execute(state.stream, {{DNNL_ARG_SRC, wrap(activations(g, true), x)}, {DNNL_ARG_WEIGHTS, filterFor(plan, g, w)}, {DNNL_ARG_DST, wrap(activations(g, false), y)}});
  state.stream.wait();
}

void convolutionBackwardData(const Geometry& g, const float* dy, const float* w, float* dx) {
  Plan& plan = planFor(Pass::BackwardData, g);
  ThreadState& state = threadState();
  plan.primitive.execute(state.stream, {{DNNL_ARG_DIFF_DST, wrap(activations(g, false), dy)}, {DNNL_ARG_WEIGHTS, filterFor(plan, g, w)}, {DNNL_ARG_DIFF_SRC, wrap(activations(g, true), dx)}});
  state.stream.wait();
}

void convolutionBackwardWeights(const Geometry& g, const float* x, const float* dy, float* dw) {
  Plan& plan = planFor(Pass::BackwardWeights, g);
  ThreadState& state = threadState();
  memory result = wrap(filter(g, Tag::hwio), dw);
  memory target = plan.reordersFilter ? plan.filterScratch : result;
  plan.primitive.execute(state.stream, {{DNNL_ARG_SRC, wrap(activations(g, true), x)}, {DNNL_ARG_DIFF_DST, wrap(activations(g, false), dy)}, {DNNL_ARG_DIFF_WEIGHTS, target}});
  if (plan.reordersFilter) dnnl::reorder(target, result).execute(state.stream, target, result);
  state.stream.wait();
}

const char* oneDnnVersion() {
  static const std::string text = [] {
    const dnnl_version_t* v = dnnl_version();
    return std::to_string(v->major) + "." + std::to_string(v->minor) + "." + std::to_string(v->patch);
  }();
  return text.c_str();
}

}  // namespace netcanvas
