// ModelSpec: a plain description of an autoencoder (layers and their options, which layer's
// output is the code, loss, optimiser, penalties, input corruption), separate from the built
// Model so it can come from a preset, a JSON file or the page's editor and be checked before
// anything is allocated. model_json.h reads and writes it as JSON; presets are such JSON files.
#pragma once
#include <string>
#include <vector>

#include "core/base/status.h"
#include "core/data/corruption.h"
#include "core/layers/conv2d.h"
#include "core/layers/dense.h"
#include "core/layers/pooling.h"
#include "core/losses/loss.h"
#include "core/losses/penalties.h"
#include "core/optim/optimizer.h"
#include "core/tensor/tensor.h"

namespace bn {

struct LayerSpec {
  std::string type;  // Dense, DenseTied, Conv2D, MaxPooling2D, UpSampling2D, Flatten, Reshape, Dropout, GaussianNoise
  std::string name;
  DenseOptions dense;          // Dense; DenseTied uses activation, alpha, use_bias
  std::string tied_to;         // DenseTied: the Dense layer whose kernel it uses transposed
  Conv2DOptions conv;          // Conv2D
  Pool2DOptions pool;          // MaxPooling2D
  int upsample = 2;            // UpSampling2D
  Shape target_shape;          // Reshape, per sample
  float rate = 0.f;            // Dropout
  float stddev = 0.f;          // GaussianNoise
  ActivityRegularizer activity;
  // The activation at the layer's output (Dense, DenseTied, Conv2D), else linear.
  Activation activation() const;
};

// Penalties on the model as a whole (activity regularisers live on their layers).
struct Penalties {
  float kl_beta = 0.f;       // KL-divergence sparsity on the code layer, weight beta (0: off)
  float kl_rho = 0.05f;      // target mean activation of each code unit
  float contractive = 0.f;   // lambda times the squared Frobenius norm of the encoder's Jacobian
  float weight_decay = 0.f;  // L2 on every kernel: lambda * sum W^2
};

struct ModelSpec {
  std::string name;
  std::string description;  // one sentence for people choosing a model
  Shape input{784};  // per sample
  std::vector<LayerSpec> layers;
  int code_layer = -1;  // index of the layer whose output is the code
  LossKind loss = LossKind::kBce;
  OptimizerConfig optimizer;
  Corruption corruption;  // of training (and validation) inputs; the target stays clean
  Penalties penalties;
};

// The built-in models, each a JSON file under assets/models/ compiled into the program.
Result<ModelSpec> preset_spec(const std::string& name);
std::vector<std::string> preset_names();
// Whether load_spec reads `preset_or_path` as a file (it has a '/' or ends in .json).
bool spec_is_file(const std::string& preset_or_path);
// A preset name, or else the path of a JSON model file.
Result<ModelSpec> load_spec(const std::string& preset_or_path);

}  // namespace bn
