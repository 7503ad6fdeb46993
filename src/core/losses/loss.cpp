#include "core/losses/loss.h"

#include <cmath>

namespace bn {

Result<LossKind> parse_loss(const std::string& name) {
  for (LossKind l : {LossKind::kBce, LossKind::kMse, LossKind::kRmse})
    if (name == loss_name(l)) return l;
  if (name == "binary_crossentropy") return LossKind::kBce;
  return Status::error("loss '" + name + "': expected bce, mse or rmse");
}

const char* loss_name(LossKind loss) {
  switch (loss) {
    case LossKind::kBce: return "bce";
    case LossKind::kMse: return "mse";
    case LossKind::kRmse: return "rmse";
  }
  return "?";
}

double compute_loss(const Kernels& k, LossKind loss, const Tensor& pred, const Tensor& target, Tensor* grad,
                    bool grad_wrt_logits) {
  BN_ASSERT(pred.shape() == target.shape());
  BN_ASSERT(!grad_wrt_logits || loss == LossKind::kBce);
  const size_t n = pred.size();
  if (n == 0) return 0.0;
  const float inv_n = 1.f / static_cast<float>(n);
  float* g = grad ? grad->data() : nullptr;
  switch (loss) {
    case LossKind::kBce: {
      LossFn fn = grad_wrt_logits ? k.bce_sigmoid : k.bce;
      return fn(pred.data(), target.data(), g, n, inv_n) / static_cast<double>(n);
    }
    case LossKind::kMse: return k.mse(pred.data(), target.data(), g, n, inv_n) / static_cast<double>(n);
    case LossKind::kRmse: {
      // d sqrt(m) = dm / (2 sqrt(m)); the value pass tells us m before the gradient is scaled.
      double mse = k.mse(pred.data(), target.data(), nullptr, n, 0.f) / static_cast<double>(n);
      double rmse = std::sqrt(mse);
      if (g) {
        float scale = rmse > 0 ? static_cast<float>(inv_n / (2.0 * rmse)) : 0.f;
        k.mse(pred.data(), target.data(), g, n, scale);
      }
      return rmse;
    }
  }
  return 0.0;
}

}  // namespace bn
