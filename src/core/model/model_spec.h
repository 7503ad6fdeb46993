// ModelSpec: a plain description of an autoencoder (its layers, which layer's output is the
// code, the loss), separate from the built Model so it can come from a preset, a JSON file
// (issue 4) or the page's editor, and be checked before anything is allocated.
#pragma once
#include <string>
#include <vector>

#include "core/base/status.h"
#include "core/layers/dense.h"
#include "core/losses/loss.h"
#include "core/tensor/tensor.h"

namespace bn {

struct LayerSpec {
  std::string type;  // "Dense"
  std::string name;
  DenseOptions dense;
};

struct ModelSpec {
  std::string name;
  Shape input{784};          // per sample
  std::vector<LayerSpec> layers;
  int code_layer = -1;       // index of the layer whose output is the code
  LossKind loss = LossKind::kBce;
};

// The built-in models: "shallow" (784-32-784, the Keras blog's first autoencoder) and "deep"
// (784-128-64-32-64-128-784, relu inside, sigmoid out).
Result<ModelSpec> preset_spec(const std::string& name);
std::vector<std::string> preset_names();

}  // namespace bn
