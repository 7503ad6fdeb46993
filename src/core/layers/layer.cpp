#include "core/layers/layer.h"

namespace bn {

size_t Layer::param_count() {
  size_t n = 0;
  for (const Param& p : params()) n += p.value->size();
  return n;
}

}  // namespace bn
