#include "core/train/evaluator.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace bn {

namespace {
// Evaluation corrupts with its own stream so it never disturbs the training sequence.
constexpr uint64_t kEvalStream = 1013;
}  // namespace

Evaluator::Evaluator(Model& model, const ImageSet& set, uint64_t seed)
    : model_(model), set_(set), seed_(seed), rng_(seed, kEvalStream) {}

Status Evaluator::start() {
  if (set_.count > 0 && set_.image_size() != model_.input_shape().numel())
    return Status::error("images have " + std::to_string(set_.image_size()) + " pixels but the model's input is " +
                         model_.input_shape().str());
  if (model_.batch_capacity() == 0) BN_RETURN_IF_ERROR(model_.reserve_batch(256));
  BN_RETURN_IF_ERROR(loader_.reserve(model_, model_.batch_capacity()));
  order_.resize(set_.count);
  std::iota(order_.begin(), order_.end(), 0u);
  sum_.assign(model_.input_shape().numel(), 0.0);
  sq_.assign(sum_.size(), 0.0);
  rewind();
  return Status::ok();
}

void Evaluator::rewind() {
  done_ = 0;
  parts_ = LossParts();
  rng_.reseed(seed_, kEvalStream);
  std::fill(sum_.begin(), sum_.end(), 0.0);
  std::fill(sq_.begin(), sq_.end(), 0.0);
}

bool Evaluator::step() {
  if (done()) return true;
  const int rows = std::min(model_.batch_capacity(), set_.count - done_);
  const Tensor& target = loader_.load(model_, set_, order_.data() + done_, rows, rng_);
  RunContext ctx{model_.kernels(), model_.workspace(), nullptr, false};
  const Tensor& out = model_.forward(ctx);
  const size_t pixels = out.row_size();
  for (int r = 0; r < rows; ++r)
    for (size_t p = 0; p < pixels; ++p) {
      const double v = out.row(r)[p];
      sum_[p] += v;
      sq_[p] += v * v;
    }
  parts_ += model_.loss_and_backward(target, false, ctx).scaled(rows);
  done_ += rows;
  return done();
}

LossParts Evaluator::mean() const { return parts_.scaled(done_ ? 1.0 / done_ : 0.0); }

double Evaluator::output_spread() const {
  if (done_ < 2 || sum_.empty()) return 0.0;
  double spread = 0;
  for (size_t p = 0; p < sum_.size(); ++p) {
    const double m = sum_[p] / done_;
    spread += std::sqrt(std::max(0.0, sq_[p] / done_ - m * m));
  }
  return spread / static_cast<double>(sum_.size());
}

Result<LossParts> evaluate(Model& model, const ImageSet& set, uint64_t seed) {
  Evaluator e(model, set, seed);
  BN_RETURN_IF_ERROR(e.start());
  while (!e.step()) {
  }
  return e.mean();
}

}  // namespace bn
