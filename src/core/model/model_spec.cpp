#include "core/model/model_spec.h"

namespace bn {

Activation LayerSpec::activation() const {
  if (type == "Dense" || type == "DenseTied") return dense.activation;
  if (type == "Conv2D") return conv.activation;
  return Activation::kLinear;
}

}  // namespace bn
