// Layer: the interface every layer implements, and what a layer is handed when it runs.
//
// Shapes: build() gets the per-sample input shape (Keras's shape without the batch dimension,
// e.g. (784,) or (28, 28, 1)) and returns the per-sample output shape, or a message saying why
// the input does not fit. Tensors passed to forward/backward carry the batch as dimension 0.
// Gradient rule (as in llm.c): backward ACCUMULATES into parameter gradients, which the model
// zeroes once per batch; it OVERWRITES dx. dy may be overwritten (used as scratch).
// Not here: losses, optimiser state, file formats.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "core/base/rng.h"
#include "core/base/status.h"
#include "core/base/workspace.h"
#include "core/kernels/kernels.h"
#include "core/tensor/tensor.h"

namespace bn {

struct Param {
  std::string name;  // "encoder/kernel", "encoder/bias"
  Tensor* value;
  Tensor* grad;
};

// Everything a forward or backward pass may use besides its tensors.
struct RunContext {
  const Kernels& kernels;
  Workspace& workspace;
  Rng* rng;       // training-time randomness (dropout, noise); may be null when not training
  bool training;  // dropout and noise act only while training
};

class Layer {
 public:
  explicit Layer(std::string name) : name_(std::move(name)) {}
  virtual ~Layer() = default;
  Layer(const Layer&) = delete;
  Layer& operator=(const Layer&) = delete;

  const std::string& name() const { return name_; }
  virtual std::string type() const = 0;

  // Checks the input shape and records the geometry it implies; allocates nothing, so a model
  // can be sized (and refused) from its description alone. Returns the output shape.
  virtual Result<Shape> configure(const Shape& input) = 0;
  // The parameter count configure() implies, without allocating them.
  virtual uint64_t planned_params() const { return 0; }
  // Allocates and initialises the parameters, after configure().
  virtual Status allocate(Rng& init_rng) { (void)init_rng; return Status::ok(); }
  // configure() then allocate().
  Result<Shape> build(const Shape& input, Rng& init_rng);
  // Scratch floats the layer's GEMM calls need for a batch of `rows` (the model reserves the
  // largest over its layers in its shared Workspace, which GEMM packing uses).
  virtual size_t workspace_floats(int rows) const { (void)rows; return 0; }
  // Allocates the layer's own buffers for batches of up to `rows` (im2col, masks), so forward
  // and backward never allocate. Called by the model after build and whenever capacity grows.
  virtual Status reserve(int rows) { (void)rows; return Status::ok(); }
  // Floats of the layer's own buffers (what reserve(rows) holds, and scratch besides its
  // parameters), known after configure(): the model's memory estimate adds them up.
  virtual size_t reserve_floats(int rows) const { (void)rows; return 0; }
  virtual void forward(const Tensor& x, Tensor& y, RunContext& ctx) = 0;
  // dx may be null when nobody needs it (the first layer).
  virtual void backward(const Tensor& x, const Tensor& y, Tensor& dy, Tensor* dx, RunContext& ctx) = 0;

  virtual std::vector<Param> params() { return {}; }
  // The activation applied at the layer's output (linear when none).
  virtual Activation activation() const { return Activation::kLinear; }
  // Asks the layer to treat dy as the gradient with respect to its pre-activation (the model
  // does so when a sigmoid output meets BCE). Returns false if the layer cannot.
  virtual bool take_preactivation_grad() { return false; }
  size_t param_count();

 private:
  std::string name_;
};

}  // namespace bn
