#include "core/model/model_spec.h"

namespace bn {

namespace {
LayerSpec dense(const std::string& name, int units, Activation act) {
  LayerSpec l;
  l.type = "Dense";
  l.name = name;
  l.dense.units = units;
  l.dense.activation = act;
  return l;
}
}  // namespace

std::vector<std::string> preset_names() { return {"shallow", "deep"}; }

Result<ModelSpec> preset_spec(const std::string& name) {
  ModelSpec s;
  s.name = name;
  if (name == "shallow") {
    s.layers = {dense("encoder", 32, Activation::kRelu), dense("decoder", 784, Activation::kSigmoid)};
    s.code_layer = 0;
    return s;
  }
  if (name == "deep") {
    s.layers = {dense("encoder_1", 128, Activation::kRelu), dense("encoder_2", 64, Activation::kRelu),
                dense("code", 32, Activation::kRelu),      dense("decoder_1", 64, Activation::kRelu),
                dense("decoder_2", 128, Activation::kRelu), dense("output", 784, Activation::kSigmoid)};
    s.code_layer = 2;
    return s;
  }
  std::string names;
  for (const std::string& n : preset_names()) names += (names.empty() ? "" : ", ") + n;
  return Status::error("model '" + name + "': no such preset; choose one of " + names);
}

}  // namespace bn
