#include "core/model/model.h"

#include <algorithm>
#include <cstring>

#include "core/layers/conv2d.h"
#include "core/layers/dense.h"
#include "core/layers/dropout.h"
#include "core/layers/pooling.h"
#include "core/layers/reshape.h"
#include "core/layers/tied_dense.h"

namespace bn {

namespace {
// Creates the layer a spec describes; `built` are the layers before it (for DenseTied).
Result<std::unique_ptr<Layer>> make_layer(const LayerSpec& s, const std::vector<std::unique_ptr<Layer>>& built) {
  if (s.type == "Dense") return std::unique_ptr<Layer>(new Dense(s.name, s.dense));
  if (s.type == "DenseTied") {
    for (const auto& l : built)
      if (l->name() == s.tied_to) {
        Dense* enc = dynamic_cast<Dense*>(l.get());
        if (!enc)
          return Status::error("layer '" + s.name + "' (DenseTied): tied_to '" + s.tied_to + "' is a " + l->type() +
                               " layer; it must name a Dense layer");
        return std::unique_ptr<Layer>(new DenseTied(s.name, *enc, s.dense));
      }
    return Status::error("layer '" + s.name + "' (DenseTied): tied_to '" + s.tied_to +
                         "' names no layer before it; tie it to an earlier Dense layer");
  }
  if (s.type == "Conv2D") return std::unique_ptr<Layer>(new Conv2D(s.name, s.conv));
  if (s.type == "MaxPooling2D") return std::unique_ptr<Layer>(new MaxPooling2D(s.name, s.pool));
  if (s.type == "UpSampling2D") return std::unique_ptr<Layer>(new UpSampling2D(s.name, s.upsample));
  if (s.type == "Flatten") return std::unique_ptr<Layer>(new Flatten(s.name));
  if (s.type == "Reshape") return std::unique_ptr<Layer>(new Reshape(s.name, s.target_shape));
  if (s.type == "Dropout") return std::unique_ptr<Layer>(new Dropout(s.name, s.rate));
  if (s.type == "GaussianNoise") return std::unique_ptr<Layer>(new GaussianNoise(s.name, s.stddev));
  return Status::error("layer '" + s.name + "': unknown type '" + s.type +
                       "'; expected Dense, DenseTied, Conv2D, MaxPooling2D, UpSampling2D, Flatten, Reshape, Dropout "
                       "or GaussianNoise");
}

}  // namespace

Result<std::unique_ptr<Model>> Model::build(const ModelSpec& spec, uint64_t seed, const Kernels& kernels) {
  Result<std::unique_ptr<Model>> planned = plan(spec, kernels);
  if (!planned) return planned;
  std::unique_ptr<Model> m = planned.take();
  Result<uint64_t> bytes = m->estimate_memory(1);
  if (!bytes) return bytes.status();
  // In layer order, so the weights drawn from `seed` do not depend on how building is split.
  Rng init_rng(seed);
  const std::string what = "model '" + spec.name + "'";
  for (auto& l : m->layers_) {
    Status st = l->allocate(init_rng);
    if (!st) return Status::error(what + ", " + st.message());
  }
  m->allocated_ = true;
  // Sigmoid + BCE: the loss hands the last layer d/d logits (exact and stable), as Keras does;
  // not when a penalty on that output needs d/dy.
  Layer& last = *m->layers_.back();
  if (spec.loss == LossKind::kBce && last.activation() == Activation::kSigmoid && !spec.layers.back().activity.active())
    m->fused_sigmoid_bce_ = last.take_preactivation_grad();
  for (auto& l : m->layers_)
    for (Param& p : l->params()) {
      m->params_.push_back(p);
      if (p.name.size() > 7 && p.name.compare(p.name.size() - 7, 7, "/kernel") == 0) m->kernels_params_.push_back(p);
    }
  if (spec.penalties.kl_beta > 0.f || spec.penalties.contractive > 0.f)
    m->penalty_scratch_.resize(2 * m->code_shape().numel());
  m->slice_rows_ = m->default_slice_rows();
  return m;
}

Result<std::unique_ptr<Model>> Model::plan(const ModelSpec& spec, const Kernels& kernels) {
  std::unique_ptr<Model> m(new Model());
  m->spec_ = spec;
  m->kernels_ = &kernels;
  const std::string what = "model '" + spec.name + "'";
  if (spec.layers.empty()) return Status::error(what + ": has no layers; add at least one");
  if (spec.code_layer < 0 || spec.code_layer >= static_cast<int>(spec.layers.size()) - 1)
    return Status::error(what + ": the code layer must be one of the layers before the last");
  // The input's dimensions come from a description too: checked the way layer outputs are.
  const long long values = sample_values(spec.input);
  if (values < 1 || values > kMaxSampleValues)
    return Status::error(what + ": input " + spec.input.str() + " is not a shape of 1 to " +
                         std::to_string(kMaxSampleValues) + " values; give the size of one sample, e.g. [784]");
  Shape shape = spec.input;
  for (const LayerSpec& ls : spec.layers) {
    Result<std::unique_ptr<Layer>> layer = make_layer(ls, m->layers_);
    if (!layer) return Status::error(what + ", " + layer.message());
    Result<Shape> out = layer.value()->configure(shape);
    if (!out) return Status::error(what + ", " + out.message());
    shape = out.value();
    m->layers_.push_back(layer.take());
    m->out_shapes_.push_back(shape);
  }
  if (shape != spec.input) {
    std::string fix = "make the last layer produce " + spec.input.str();
    if (spec.input.rank == 1 && spec.layers.back().type == "Dense")
      fix = "give the last Dense layer " + std::to_string(spec.input[0]) + " units";
    else if (spec.layers.back().type == "Conv2D" && spec.input.rank == 3 && shape.rank == 3 &&
             shape[0] == spec.input[0] && shape[1] == spec.input[1])
      fix = "give the last Conv2D layer " + std::to_string(spec.input[2]) + " filters";
    else if (shape.numel() == spec.input.numel())
      fix = "add a Reshape to " + spec.input.str() + " at the end";
    return Status::error(what + ": the last layer ('" + spec.layers.back().name + "') outputs " + shape.str() +
                         " but an autoencoder must reproduce its input " + spec.input.str() + "; " + fix);
  }
  BN_RETURN_IF_ERROR(m->check_penalties());
  return m;
}

// Slicing pays where activations are large per sample and the layers work image by image
// (convolutions); a Dense model's GEMMs want the whole batch. A slice's activations and
// gradients take about 1 MB, the L2 cache of the machines we measure on (3 images of the conv
// preset; slices of 1 and of 6 measured slower). Losses and penalties that are not sums over
// samples (rmse's root, KL's batch mean, Keras's activity penalty divided by the batch, the
// contractive term's batch mean) keep whole batches.
int Model::default_slice_rows() const {
  bool conv = false;
  for (const LayerSpec& l : spec_.layers) {
    conv = conv || l.type == "Conv2D";
    if (l.activity.active()) return 0;
  }
  if (!conv || spec_.loss == LossKind::kRmse || spec_.penalties.kl_beta > 0.f || spec_.penalties.contractive > 0.f)
    return 0;
  size_t floats = spec_.input.numel();
  for (const Shape& s : out_shapes_) floats += s.numel();
  constexpr size_t kSliceBytes = 1024 * 1024;
  return static_cast<int>(std::max<size_t>(1, kSliceBytes / (2 * sizeof(float) * floats)));
}

Status Model::check_penalties() const {
  const Penalties& p = spec_.penalties;
  const LayerSpec& code = spec_.layers[spec_.code_layer];
  const std::string what = "model '" + spec_.name + "'";
  if (p.kl_beta > 0.f && code.activation() != Activation::kSigmoid)
    return Status::error(what + ": KL sparsity needs code activations between 0 and 1; give the code layer '" +
                         code.name + "' activation sigmoid");
  if (p.contractive > 0.f && !(spec_.code_layer == 0 && code.type == "Dense"))
    return Status::error(what + ": the contractive penalty is computed for a one-layer encoder; make the code layer '" +
                         code.name + "' a Dense layer directly on the input");
  return Status::ok();
}

uint64_t Model::param_count() const {
  uint64_t n = 0;
  for (const auto& l : layers_) n += l->planned_params();
  return n;
}

Status Model::reserve_batch(int rows) {
  if (rows <= 0) return Status::error("batch size " + std::to_string(rows) + ": must be at least 1");
  if (rows <= capacity_) return Status::ok();
  BN_ASSERT(allocated_);
  Result<uint64_t> bytes = estimate_memory(rows);
  if (!bytes) return bytes.status();
  const size_t count = layers_.size() + 1;
  acts_.resize(count);
  grads_.resize(count);
  size_t scratch = 0;
  for (size_t i = 0; i < count; ++i) {
    const Shape batch = (i == 0 ? spec_.input : out_shapes_[i - 1]).batched(rows);
    BN_RETURN_IF_ERROR(acts_[i].resize(batch));
    BN_RETURN_IF_ERROR(grads_[i].resize(batch));
    if (i < layers_.size()) {
      scratch = std::max(scratch, layers_[i]->workspace_floats(rows));
      BN_RETURN_IF_ERROR(layers_[i]->reserve(rows));
    }
  }
  if (!workspace_.reserve(scratch)) return Status::error("out of memory reserving kernel scratch for batch " + std::to_string(rows));
  const int slice = std::min(slice_rows_, rows);
  if (slice > 0) {
    slice_acts_.resize(count);
    slice_grads_.resize(count);
    for (size_t i = 0; i < count; ++i) {
      const Shape s = (i == 0 ? spec_.input : out_shapes_[i - 1]).batched(slice);
      BN_RETURN_IF_ERROR(slice_acts_[i].resize(s));
      BN_RETURN_IF_ERROR(slice_grads_[i].resize(s));
    }
    BN_RETURN_IF_ERROR(slice_target_.resize(spec_.input.batched(slice)));
  }
  slice_capacity_ = slice;
  capacity_ = rows;
  return Status::ok();
}

Tensor& Model::input(int rows) {
  BN_ASSERT(rows <= capacity_);
  for (size_t i = 0; i < acts_.size(); ++i) {
    acts_[i].set_rows(rows);
    grads_[i].set_rows(rows);
  }
  return acts_[0];
}

void Model::run_layers(size_t from, size_t to, RunContext& ctx) {
  for (size_t i = from; i < to; ++i) layers_[i]->forward(acts_[i], acts_[i + 1], ctx);
}

const Tensor& Model::forward(RunContext& ctx) {
  run_layers(0, layers_.size(), ctx);
  return acts_.back();
}

void Model::layer_penalties(size_t i, bool backprop, LossParts& parts) {
  const Tensor& a = acts_[i + 1];
  Tensor* g = backprop ? &grads_[i + 1] : nullptr;
  if (spec_.layers[i].activity.active()) parts.activity += activity_penalty(spec_.layers[i].activity, a, g);
  if (static_cast<int>(i) != spec_.code_layer) return;
  const Penalties& p = spec_.penalties;
  if (penalty_scratch_.empty()) return;  // no KL or contractive term (and no scratch to offset into)
  float* s0 = penalty_scratch_.data();
  float* s1 = s0 + code_shape().numel();
  if (p.kl_beta > 0.f) parts.kl += kl_sparsity_penalty(p.kl_rho, p.kl_beta, a, g, s0);
  if (p.contractive > 0.f) {
    Dense& enc = static_cast<Dense&>(*layers_[i]);
    parts.contractive += contractive_penalty(p.contractive, enc.activation(), enc.options().alpha, a, enc.kernel(), g,
                                             backprop ? &enc.kernel_grad() : nullptr, s0, s1);
  }
}

LossParts Model::loss_and_backward(const Tensor& target, bool backprop, RunContext& ctx) {
  LossParts parts;
  parts.reconstruction = compute_loss(ctx.kernels, spec_.loss, acts_.back(), target,
                                      backprop ? &grads_.back() : nullptr, fused_sigmoid_bce_);
  if (spec_.penalties.weight_decay > 0.f)
    parts.weight_decay = weight_decay_penalty(spec_.penalties.weight_decay, kernels_params_, backprop);
  for (size_t i = layers_.size(); i-- > 0;) {
    layer_penalties(i, backprop, parts);
    if (backprop) layers_[i]->backward(acts_[i], acts_[i + 1], grads_[i + 1], i > 0 ? &grads_[i] : nullptr, ctx);
  }
  return parts;
}

int Model::slice_count() const {
  const int rows = acts_.empty() ? 0 : acts_[0].rows();
  if (slice_capacity_ == 0 || rows <= slice_capacity_) return 0;
  return (rows + slice_capacity_ - 1) / slice_capacity_;
}

LossParts Model::train_step(const Tensor& target, RunContext& ctx) {
  const int slices = slice_count();
  if (slices == 0) {
    forward(ctx);
    return loss_and_backward(target, true, ctx);
  }
  LossParts parts = begin_slices();
  train_slices(target, 0, slices, parts, ctx);
  return parts;
}

LossParts Model::begin_slices() {
  LossParts parts;
  if (spec_.penalties.weight_decay > 0.f)
    parts.weight_decay = weight_decay_penalty(spec_.penalties.weight_decay, kernels_params_, true);
  return parts;
}

void Model::train_slices(const Tensor& target, int first, int count, LossParts& parts, RunContext& ctx) {
  const int rows = acts_[0].rows();
  const size_t sample = spec_.input.numel();
  for (int k = first; k < first + count; ++k) {
    const int r0 = k * slice_capacity_, n = std::min(slice_capacity_, rows - r0);
    for (size_t i = 0; i < slice_acts_.size(); ++i) {
      slice_acts_[i].set_rows(n);
      slice_grads_[i].set_rows(n);
    }
    slice_target_.set_rows(n);
    std::memcpy(slice_acts_[0].data(), acts_[0].data() + r0 * sample, sizeof(float) * n * sample);
    std::memcpy(slice_target_.data(), target.data() + r0 * sample, sizeof(float) * n * sample);
    for (size_t i = 0; i < layers_.size(); ++i) layers_[i]->forward(slice_acts_[i], slice_acts_[i + 1], ctx);
    // The slice's mean loss and its gradient, weighted by the slice's share of the batch.
    Tensor& grad = slice_grads_.back();
    const double share = static_cast<double>(n) / rows;
    parts.reconstruction +=
        share * compute_loss(ctx.kernels, spec_.loss, slice_acts_.back(), slice_target_, &grad, fused_sigmoid_bce_);
    const float scale = static_cast<float>(share);
    float* g = grad.data();
    for (size_t j = 0, size = grad.size(); j < size; ++j) g[j] *= scale;
    for (size_t i = layers_.size(); i-- > 0;)
      layers_[i]->backward(slice_acts_[i], slice_acts_[i + 1], slice_grads_[i + 1], i > 0 ? &slice_grads_[i] : nullptr,
                           ctx);
  }
}

void Model::zero_grads() {
  for (const Param& p : params_) p.grad->fill(0.f);
}

const Tensor& Model::encode(RunContext& ctx) {
  run_layers(0, spec_.code_layer + 1, ctx);
  return acts_[spec_.code_layer + 1];
}

const Tensor& Model::decode(const float* codes, int rows, RunContext& ctx) {
  input(rows);
  Tensor& code = acts_[spec_.code_layer + 1];
  std::memcpy(code.data(), codes, code.size() * sizeof(float));
  run_layers(spec_.code_layer + 1, layers_.size(), ctx);
  return acts_.back();
}

}  // namespace bn
