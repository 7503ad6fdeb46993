// Model: a sequential autoencoder built from a ModelSpec. It owns its layers, the activations
// and gradients of every layer for a batch capacity reserved up front, and the kernel scratch,
// so a training step allocates nothing.
//
//   acts[0] = input batch, acts[i + 1] = output of layer i, acts.back() = reconstruction
//   grads[i] has the shape of acts[i]
// The loss is the reconstruction loss plus the spec's penalties (activity regularisers on their
// layers, KL sparsity and the contractive term on the code layer, weight decay on kernels),
// reported part by part. encode() runs the layers up to the code layer, decode() the rest from a
// code, so the page can use each half on its own.
// Not here: the training loop and input corruption (train/), optimiser state (optim/), files.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "core/kernels/kernels.h"
#include "core/layers/layer.h"
#include "core/losses/penalties.h"
#include "core/model/model_spec.h"

namespace bn {

// The memory a model may take, checked against an estimate made before anything is allocated:
// 2 GiB natively; in wasm the 2 GiB heap also holds the data and the page, so 1.5 GiB there.
constexpr uint64_t kModelMemoryLimit = sizeof(void*) == 4 ? (uint64_t{3} << 29) : (uint64_t{2} << 30);

class Model {
 public:
  // Checks every shape and option and builds the layers with weights drawn from `seed`.
  // Refuses a model whose weights and one sample would exceed kModelMemoryLimit.
  static Result<std::unique_ptr<Model>> build(const ModelSpec& spec, uint64_t seed,
                                             const Kernels& kernels = default_kernels());
  // The same checks and the layers' shapes and parameter counts, with no weights allocated (a
  // summary, a parameter count, a memory estimate). Such a model cannot run: build() one for that.
  static Result<std::unique_ptr<Model>> plan(const ModelSpec& spec, const Kernels& kernels = default_kernels());
  // Bytes a model training on batches of `rows` would hold (weights, their gradients and two
  // optimiser slots, every activation and its gradient, kernel scratch, the batch and its target),
  // or an error naming the largest part when that exceeds `limit`.
  Result<uint64_t> estimate_memory(int rows, uint64_t limit = kModelMemoryLimit) const;
  // Floating-point operations of one training step on one sample (forward and backward), from the
  // shapes: multiply-adds of Dense and Conv2D layers, one per value moved by the others.
  uint64_t estimate_train_flops() const;

  const ModelSpec& spec() const { return spec_; }
  const Kernels& kernels() const { return *kernels_; }
  void set_kernels(const Kernels& k) { kernels_ = &k; }
  size_t layer_count() const { return layers_.size(); }
  Layer& layer(size_t i) { return *layers_[i]; }
  const Shape& output_shape(size_t layer) const { return out_shapes_[layer]; }
  const Shape& input_shape() const { return spec_.input; }
  const Shape& code_shape() const { return out_shapes_[spec_.code_layer]; }
  // Every trainable parameter, in layer order (the list is made once, at build).
  const std::vector<Param>& params() const { return params_; }
  uint64_t param_count() const;  // 64-bit: a planned model may hold more than wasm's size_t counts
  bool allocated() const { return allocated_; }

  // Makes room for batches of up to `rows` samples (activations, gradients, scratch).
  Status reserve_batch(int rows);
  int batch_capacity() const { return capacity_; }

  // The input buffer of the next forward pass, with `rows` rows (<= capacity): fill it, then call forward().
  Tensor& input(int rows);
  // Runs every layer on input(); returns the reconstruction.
  const Tensor& forward(RunContext& ctx);
  // Loss of the last forward pass against `target` (same shape as the input), part by part;
  // when backprop, the gradients of every parameter are accumulated into their grad tensors
  // (call zero_grads() before each batch).
  LossParts loss_and_backward(const Tensor& target, bool backprop, RunContext& ctx);
  void zero_grads();
  // One training step's loss and gradients for the batch in input(): forward() then
  // loss_and_backward(target, true), or, for a convolutional model whose loss and penalties are
  // sums over its samples, the same slice by slice (slice_rows() samples at a time; gradients
  // summed, the loss weighted by each slice's share). A slice's activations fit the cache where
  // a batch's stream through memory, which the per-image conv kernels feel. Equal up to the
  // rounding of the sums; the full-batch activations are left untouched.
  LossParts train_step(const Tensor& target, RunContext& ctx);
  // Samples per slice in train_step; 0 when the model trains on whole batches.
  int slice_rows() const { return slice_rows_; }
  // The same step in pieces, so a caller can spread one batch over several calls (the page's
  // one-thread build, whose frames must stay short): slice_count() slices for the batch in
  // input() (0: not sliced, use train_step), begin_slices() once (the per-batch weight decay),
  // then train_slices() over consecutive ranges until every slice is done.
  int slice_count() const;
  LossParts begin_slices();
  void train_slices(const Tensor& target, int first, int count, LossParts& parts, RunContext& ctx);
  // Tests: change the slice size (0: whole batches). Takes effect at the next reserve_batch().
  void set_slice_rows(int rows) { slice_rows_ = rows; }

  // The code of the samples in input() (runs the encoder only).
  const Tensor& encode(RunContext& ctx);
  // Reconstruction from `rows` codes in `codes` (rows x code size).
  const Tensor& decode(const float* codes, int rows, RunContext& ctx);

  Workspace& workspace() { return workspace_; }

 private:
  Model() = default;
  Status check_penalties() const;
  int default_slice_rows() const;
  void run_layers(size_t from, size_t to, RunContext& ctx);
  // Penalties on layer i's output: values, and gradients into grads_[i + 1] when backprop.
  void layer_penalties(size_t i, bool backprop, LossParts& parts);

  ModelSpec spec_;
  const Kernels* kernels_ = nullptr;
  std::vector<std::unique_ptr<Layer>> layers_;
  std::vector<Shape> out_shapes_;
  std::vector<Param> params_;
  std::vector<Param> kernels_params_;  // the weight-decayed subset (kernels, not biases)
  std::vector<Tensor> acts_, grads_;
  std::vector<Tensor> slice_acts_, slice_grads_;  // train_step's per-slice buffers
  Tensor slice_target_;
  int slice_rows_ = 0;
  int slice_capacity_ = 0;
  std::vector<float> penalty_scratch_;
  Workspace workspace_;
  int capacity_ = 0;
  bool fused_sigmoid_bce_ = false;
  bool allocated_ = false;
};

}  // namespace bn
