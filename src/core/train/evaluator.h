// Evaluator: the model's loss over a whole image set (the test set), in batch-sized chunks so a
// browser frame can take one chunk at a time. Inputs are corrupted as in training (a denoiser is
// judged on noisy inputs against clean targets) with a fixed seed, so every evaluation of the same
// model sees the same noisy set. It also measures how much the reconstructions differ between
// images, which tells a collapsed model (one output for every input) from a working one.
#pragma once
#include <vector>

#include "core/train/batch_loader.h"

namespace bn {

class Evaluator {
 public:
  Evaluator(Model& model, const ImageSet& set, uint64_t seed);
  // Sizes buffers for the model's batch capacity and rewinds to the first image.
  Status start();
  void rewind();
  // Evaluates the next chunk; returns true once every image is done.
  bool step();
  bool done() const { return done_ >= set_.count; }
  int count() const { return done_; }
  // Mean loss parts over the images evaluated so far.
  LossParts mean() const;
  // Mean over pixels of the standard deviation of the reconstruction across images.
  double output_spread() const;

 private:
  Model& model_;
  const ImageSet& set_;
  uint64_t seed_;
  Rng rng_;
  BatchLoader loader_;
  std::vector<uint32_t> order_;
  std::vector<double> sum_, sq_;
  LossParts parts_;
  int done_ = 0;
};

// The mean loss parts of `model` over all of `set` (runs an Evaluator to the end).
Result<LossParts> evaluate(Model& model, const ImageSet& set, uint64_t seed);

}  // namespace bn
