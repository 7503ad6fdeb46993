#include "core/layers/activation.h"

namespace bn {

const char* activation_name(Activation act) {
  switch (act) {
    case Activation::kLinear: return "linear";
    case Activation::kRelu: return "relu";
    case Activation::kSigmoid: return "sigmoid";
    case Activation::kTanh: return "tanh";
    case Activation::kLeakyRelu: return "leaky_relu";
    case Activation::kSoftplus: return "softplus";
  }
  return "?";
}

Result<Activation> parse_activation(const std::string& name) {
  for (Activation a : {Activation::kLinear, Activation::kRelu, Activation::kSigmoid, Activation::kTanh,
                       Activation::kLeakyRelu, Activation::kSoftplus})
    if (name == activation_name(a)) return a;
  return Status::error("activation '" + name + "': expected linear, relu, sigmoid, tanh, leaky_relu or softplus");
}

}  // namespace bn
