#include "core/train/batch_loader.h"

#include <cstring>

namespace bn {

Status BatchLoader::reserve(Model& model, int rows) {
  if (!model.spec().corruption.active()) return Status::ok();
  BN_RETURN_IF_ERROR(model.reserve_batch(rows));
  return target_.resize(model.input(rows).shape());
}

const Tensor& BatchLoader::load(Model& model, const ImageSet& set, const uint32_t* idx, int rows, Rng& rng) {
  Tensor& x = model.input(rows);
  const Corruption& c = model.spec().corruption;
  Tensor& clean = c.active() ? target_ : x;
  if (c.active()) clean.set_rows(rows);
  const size_t pixels = set.image_size();
  for (int r = 0; r < rows; ++r) model.kernels().u8_to_f32(set.image(idx[r]), clean.row(r), pixels, 1.f / 255.f);
  if (!c.active()) return x;
  std::memcpy(x.data(), clean.data(), clean.size() * sizeof(float));
  corrupt(c, x.data(), x.size(), rng);
  return clean;
}

}  // namespace bn
