#include "core/layers/layer.h"

namespace bn {

Result<Shape> Layer::build(const Shape& input, Rng& init_rng) {
  Result<Shape> out = configure(input);
  if (!out) return out;
  BN_RETURN_IF_ERROR(allocate(init_rng));
  return out;
}

size_t Layer::param_count() {
  size_t n = 0;
  for (const Param& p : params()) n += p.value->size();
  return n;
}

}  // namespace bn
