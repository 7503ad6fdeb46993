// Model::estimate_memory: what training would hold, from the configured layers' shapes alone,
// in 64-bit arithmetic so that a model of absurd size is measured, not wrapped around.
#include <algorithm>
#include <cstdio>

#include "core/model/model.h"

namespace bn {

namespace {
// `digits` after the point for gigabytes: the need and the limit are told apart with more when
// one decimal would print them equal ("about 1.5 GB, more than the 1.5 GB allowed").
std::string gigabytes(uint64_t bytes, int digits = 1) {
  char buf[32];
  if (bytes >= (uint64_t{1} << 30)) std::snprintf(buf, sizeof buf, "%.*f GB", digits, bytes / double(uint64_t{1} << 30));
  else std::snprintf(buf, sizeof buf, "%.0f MB", std::max(1.0, bytes / double(1 << 20)));
  return buf;
}

int digits_apart(uint64_t a, uint64_t b) {
  int digits = 1;
  while (digits < 6 && gigabytes(a, digits) == gigabytes(b, digits)) ++digits;
  return digits;
}
}  // namespace

Result<uint64_t> Model::estimate_memory(int rows, uint64_t limit) const {
  constexpr uint64_t kFloat = sizeof(float);
  const uint64_t n = static_cast<uint64_t>(std::max(rows, 1));
  // Weights, their gradients and up to two optimiser slots each (Adam's moments).
  uint64_t total = 0, largest = 0;
  std::string largest_what;
  auto part = [&](uint64_t bytes, const std::string& what) {
    total += bytes;
    if (bytes > largest) largest = bytes, largest_what = what;
  };
  // The batch and its target, then each layer's output and its gradient (the input's too).
  const uint64_t input = spec_.input.numel();
  part(4 * n * input * kFloat, "the input batch, its target and their gradients (" + spec_.input.str() + " per sample)");
  for (size_t i = 0; i < layers_.size(); ++i) {
    const Layer& l = *layers_[i];
    const std::string who = "layer '" + l.name() + "' (" + l.type() + ")";
    part(4 * static_cast<uint64_t>(l.planned_params()) * kFloat,
         who + ", its " + std::to_string(l.planned_params()) + " weights with their gradients and optimizer state");
    part(2 * n * out_shapes_[i].numel() * kFloat, who + ", its output " + out_shapes_[i].str() + " per sample and its gradient");
  }
  if (spec_.penalties.kl_beta > 0.f || spec_.penalties.contractive > 0.f)
    part(2 * code_shape().numel() * kFloat, "the code penalties' scratch");
  // Only once the shapes are known to be sane do the layers' own scratch sizes get asked for
  // (their geometry is in int).
  if (total <= limit) {
    size_t workspace = 0;
    for (const auto& l : layers_) {
      workspace = std::max(workspace, l->workspace_floats(rows));
      part(l->reserve_floats(rows) * kFloat, "layer '" + l->name() + "' (" + l->type() + "), its scratch buffers");
    }
    part(workspace * kFloat, "the kernels' shared scratch");
  }
  if (total <= limit) return total;
  const std::string batch = rows <= 1 ? "for its weights and one sample" : "to train at batch " + std::to_string(rows);
  const int digits = digits_apart(total, limit);
  return Status::error("model '" + spec_.name + "' needs about " + gigabytes(total, digits) + " " + batch + ", more than the " +
                       gigabytes(limit, digits) + " allowed here; the largest part is " + largest_what + ": " +
                       gigabytes(largest) + ". Make that smaller" + (rows > 1 ? " or use a smaller batch" : ""));
}

uint64_t Model::estimate_train_flops() const {
  uint64_t forward = 0;
  for (size_t i = 0; i < layers_.size(); ++i) {
    const Layer& l = *layers_[i];
    const uint64_t out = out_shapes_[i].numel();
    if (l.type() == "Dense" || l.type() == "DenseTied") {
      forward += 2 * (i == 0 ? spec_.input.numel() : out_shapes_[i - 1].numel()) * out;
    } else if (l.type() == "Conv2D") {
      // Each output value is a sum over the kernel's window: the parameters per filter.
      const uint64_t filters = static_cast<uint64_t>(out_shapes_[i][2]);
      forward += 2 * out * (l.planned_params() / filters);
    } else {
      forward += out;
    }
  }
  return 3 * forward;  // the backward pass costs about twice the forward
}

}  // namespace bn
