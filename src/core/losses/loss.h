// Reconstruction losses, each the mean over every element of the batch (Keras's mean over the
// last axis then over the batch, which is the same for equal-sized samples):
//   bce   binary cross-entropy, probabilities clipped to [1e-7, 1 - 1e-7] as Keras does
//   mse   mean squared error
//   rmse  root of the batch's mean squared error (the usual "torch.sqrt(MSELoss)")
// Not here: penalties on activations or weights (issue 4), metrics.
#pragma once
#include <string>

#include "core/base/status.h"
#include "core/kernels/kernels.h"
#include "core/tensor/tensor.h"

namespace bn {

// Saved in model files: append only.
enum class LossKind : uint8_t { kBce = 0, kMse = 1, kRmse = 2 };

Result<LossKind> parse_loss(const std::string& name);
const char* loss_name(LossKind loss);

// Loss of `pred` against `target` (same shape, batch first). When grad is not null it receives
// d loss / d pred, or, when grad_wrt_logits (bce behind a sigmoid only), d loss / d logits.
double compute_loss(const Kernels& k, LossKind loss, const Tensor& pred, const Tensor& target, Tensor* grad,
                    bool grad_wrt_logits = false);

}  // namespace bn
