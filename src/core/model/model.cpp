#include "core/model/model.h"

#include <algorithm>
#include <cstring>

#include "core/layers/dense.h"

namespace bn {

namespace {
Result<std::unique_ptr<Layer>> make_layer(const LayerSpec& s) {
  if (s.type == "Dense") return std::unique_ptr<Layer>(new Dense(s.name, s.dense));
  return Status::error("layer '" + s.name + "': unknown type '" + s.type + "'; expected Dense");
}
}  // namespace

Result<std::unique_ptr<Model>> Model::build(const ModelSpec& spec, uint64_t seed, const Kernels& kernels) {
  std::unique_ptr<Model> m(new Model());
  m->spec_ = spec;
  m->kernels_ = &kernels;
  if (spec.layers.empty()) return Status::error("model '" + spec.name + "': has no layers; add at least one");
  if (spec.code_layer < 0 || spec.code_layer >= static_cast<int>(spec.layers.size()) - 1)
    return Status::error("model '" + spec.name + "': the code layer must be one of the layers before the last");
  Rng init_rng(seed);
  Shape shape = spec.input;
  for (const LayerSpec& ls : spec.layers) {
    Result<std::unique_ptr<Layer>> layer = make_layer(ls);
    if (!layer) return layer.status();
    Result<Shape> out = layer.value()->build(shape, init_rng);
    if (!out) return Status::error("model '" + spec.name + "', " + out.message());
    shape = out.value();
    m->layers_.push_back(layer.take());
    m->out_shapes_.push_back(shape);
  }
  if (shape != spec.input) {
    std::string fix = "make the last layer produce " + spec.input.str();
    if (spec.input.rank == 1 && spec.layers.back().type == "Dense")
      fix = "give the last Dense layer " + std::to_string(spec.input[0]) + " units";
    return Status::error("model '" + spec.name + "': the last layer ('" + spec.layers.back().name + "') outputs " +
                         shape.str() + " but an autoencoder must reproduce its input " + spec.input.str() + "; " + fix);
  }
  // Sigmoid + BCE: the loss hands the last layer d/d logits (exact, stable), as Keras does.
  if (spec.loss == LossKind::kBce && spec.layers.back().type == "Dense" &&
      spec.layers.back().dense.activation == Activation::kSigmoid) {
    static_cast<Dense&>(*m->layers_.back()).set_grad_is_preactivation(true);
    m->fused_sigmoid_bce_ = true;
  }
  for (auto& l : m->layers_)
    for (Param& p : l->params()) m->params_.push_back(p);
  return m;
}

size_t Model::param_count() const {
  size_t n = 0;
  for (const Param& p : params_) n += p.value->size();
  return n;
}

Status Model::reserve_batch(int rows) {
  if (rows <= 0) return Status::error("batch size " + std::to_string(rows) + ": must be at least 1");
  if (rows <= capacity_) return Status::ok();
  const size_t count = layers_.size() + 1;
  acts_.resize(count);
  grads_.resize(count);
  size_t scratch = 0;
  for (size_t i = 0; i < count; ++i) {
    const Shape& s = i == 0 ? spec_.input : out_shapes_[i - 1];
    Shape batch;
    batch.rank = s.rank + 1;
    batch.dims[0] = rows;
    for (int d = 0; d < s.rank; ++d) batch.dims[d + 1] = s.dims[d];
    BN_RETURN_IF_ERROR(acts_[i].resize(batch));
    BN_RETURN_IF_ERROR(grads_[i].resize(batch));
    if (i < layers_.size()) {
      scratch = std::max(scratch, layers_[i]->workspace_floats(rows));
      BN_RETURN_IF_ERROR(layers_[i]->reserve(rows));
    }
  }
  if (!workspace_.reserve(scratch)) return Status::error("out of memory reserving kernel scratch for batch " + std::to_string(rows));
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

double Model::loss_and_backward(const Tensor& target, bool backprop, RunContext& ctx) {
  double loss = compute_loss(ctx.kernels, spec_.loss, acts_.back(), target, backprop ? &grads_.back() : nullptr,
                             fused_sigmoid_bce_);
  if (!backprop) return loss;
  for (size_t i = layers_.size(); i-- > 0;)
    layers_[i]->backward(acts_[i], acts_[i + 1], grads_[i + 1], i > 0 ? &grads_[i] : nullptr, ctx);
  return loss;
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
