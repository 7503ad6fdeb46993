#include "core/layers/reshape.h"

#include <cstring>

namespace bn {

namespace {
void copy(const Tensor& from, Tensor& to) {
  BN_ASSERT(from.size() == to.size());
  if (from.data() != to.data()) std::memcpy(to.data(), from.data(), sizeof(float) * from.size());
}
}  // namespace

Result<Shape> Flatten::configure(const Shape& input) {
  if (input.rank < 1)
    return Status::error(name() + " (Flatten): input shape " + input.str() + " is empty; give the model an input shape");
  return checked_shape(name() + " (Flatten): ", {static_cast<long long>(input.numel())});
}

void Flatten::forward(const Tensor& x, Tensor& y, RunContext&) { copy(x, y); }

void Flatten::backward(const Tensor&, const Tensor&, Tensor& dy, Tensor* dx, RunContext&) {
  if (dx) copy(dy, *dx);
}

Result<Shape> Reshape::configure(const Shape& input) {
  const std::string who = name() + " (Reshape): ";
  if (target_.rank < 1 || target_.rank > kMaxRank - 1)
    return Status::error(who + "target shape " + target_.str() + " must have 1 to " + std::to_string(kMaxRank - 1) +
                         " dimensions (the batch is the first of at most " + std::to_string(kMaxRank) + ")");
  for (int i = 0; i < target_.rank; ++i)
    if (target_[i] <= 0)
      return Status::error(who + "target shape " + target_.str() + " has a dimension of " + std::to_string(target_[i]) +
                           "; every dimension must be positive");
  // In 64 bits first: a product that wraps around (size_t is 32 bits in wasm) could match.
  if (sample_values(target_) > kMaxSampleValues)
    return Status::error(who + "target shape " + target_.str() + " holds more than the " + std::to_string(kMaxSampleValues) +
                         " values a layer may produce; give a target with " + std::to_string(input.numel()) + " values");
  if (target_.numel() != input.numel())
    return Status::error(who + "cannot reshape input " + input.str() + " (" + std::to_string(input.numel()) +
                         " values) to " + target_.str() + " (" + std::to_string(target_.numel()) +
                         " values); give a target with " + std::to_string(input.numel()) + " values");
  return target_;
}

void Reshape::forward(const Tensor& x, Tensor& y, RunContext&) { copy(x, y); }

void Reshape::backward(const Tensor&, const Tensor&, Tensor& dy, Tensor* dx, RunContext&) {
  if (dx) copy(dy, *dx);
}

}  // namespace bn
