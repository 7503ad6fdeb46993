// BatchLoader: turns images of an ImageSet into a model's input batch (uint8 -> float in [0, 1])
// and, for a denoising model, corrupts the input while keeping the clean image as the target.
// Shared by training and evaluation so both see inputs made the same way.
#pragma once
#include <cstdint>

#include "core/data/mnist.h"
#include "core/model/model.h"

namespace bn {

class BatchLoader {
 public:
  // Sizes the clean-target buffer for batches of up to `rows` (when the model corrupts inputs).
  Status reserve(Model& model, int rows);
  // Fills model.input(rows) with images idx[0..rows) of `set`; returns the clean target (the
  // input itself when nothing is corrupted). Allocates nothing.
  const Tensor& load(Model& model, const ImageSet& set, const uint32_t* idx, int rows, Rng& rng);

 private:
  Tensor target_;
};

}  // namespace bn
