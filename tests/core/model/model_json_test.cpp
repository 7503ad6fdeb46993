// Tests src/core/model/model_json and the presets: every preset parses, builds, and has Keras's
// parameter count; JSON round trips; and a table of bad model files, each refused with a message
// naming the layer and option.
#include <catch2/catch.hpp>

#include "core/model/model.h"
#include "core/model/model_json.h"
#include "core/model/summary.h"

namespace bn {

TEST_CASE("every preset builds with the parameter count Keras gives", "[model]") {
  // Keras model.summary() totals for the same layers (DenseTied counted as its bias alone).
  const std::pair<const char*, size_t> expected[] = {
      {"shallow", 50992},  {"deep", 222384},     {"tied", 174896},        {"denoising", 222384},
      {"sparse", 50992},   {"sparse_kl", 101200}, {"contractive", 101200}, {"dropout", 222384},
      {"conv", 4385},
  };
  REQUIRE(preset_names().size() == sizeof(expected) / sizeof(expected[0]));
  for (const auto& [name, count] : expected) {
    INFO(name);
    Result<ModelSpec> spec = preset_spec(name);
    REQUIRE(spec.is_ok());
    REQUIRE_FALSE(spec.value().description.empty());
    auto model = Model::build(spec.value(), 0);
    REQUIRE(model.is_ok());
    REQUIRE(model.value()->param_count() == count);
    REQUIRE(model_summary(*model.value()).find("Total params: " + with_thousands(count)) != std::string::npos);
  }
}

TEST_CASE("presets say what makes them special", "[model]") {
  REQUIRE(preset_spec("denoising").value().corruption.kind == CorruptionKind::kGaussian);
  REQUIRE(preset_spec("denoising").value().corruption.amount == 0.5f);
  REQUIRE(preset_spec("sparse").value().layers[0].activity.l1 == 1e-5f);
  REQUIRE(preset_spec("sparse_kl").value().penalties.kl_beta > 0.f);
  REQUIRE(preset_spec("contractive").value().penalties.contractive == 1e-4f);
  const ModelSpec dropout = preset_spec("dropout").value();
  REQUIRE(dropout.loss == LossKind::kRmse);
  REQUIRE(dropout.optimizer.kind == OptimizerKind::kAdam);
  REQUIRE(preset_spec("tied").value().layers.back().tied_to == "encoder_1");
}

TEST_CASE("model JSON round trips", "[model]") {
  for (const std::string& name : preset_names()) {
    INFO(name);
    ModelSpec spec = preset_spec(name).take();
    std::string once = spec_to_json(spec);
    Result<ModelSpec> again = spec_from_json(once, "round trip");
    REQUIRE(again.is_ok());
    REQUIRE(spec_to_json(again.value()) == once);
  }
}

TEST_CASE("bad model files are refused with a message naming the problem", "[model]") {
  const std::string layers_ok = R"("layers": [{"type": "Dense", "units": 8, "activation": "relu", "code": true},
                                             {"type": "Dense", "units": 784, "activation": "sigmoid"}])";
  struct Case {
    const char* what;
    std::string json;
    const char* message;
  };
  const Case cases[] = {
      {"syntax", "{\"name\": \"m\",\n \"layers\": [}", "m.json: not valid JSON (line 2, column 13: syntax error while parsing value - unexpected '}'; expected '[', '{', or a literal)"},
      {"not an object", "[1, 2]", "m.json: expected a JSON object {...}"},
      {"unknown top-level key", "{\"name\": \"m\", \"lyers\": []}",
       "m.json: unknown option 'lyers'; known: name, input, layers, loss, optimizer, corruption, penalties, description"},
      {"no layers", "{\"name\": \"m\"}", "m.json: needs 'layers', a list of layer objects"},
      {"typo in a layer", "{\"layers\": [{\"type\": \"Dense\", \"name\": \"enc\", \"unit\": 8}]}",
       "m.json, layer 'enc' (Dense): unknown option 'unit'; known: type, name, code, activity_regularizer, units, "
       "activation, alpha, use_bias, kernel_initializer"},
      {"units missing", "{\"layers\": [{\"type\": \"Dense\", \"name\": \"enc\"}]}",
       "m.json, layer 'enc' (Dense): needs 'units', the number of outputs"},
      {"units wrong type", "{\"layers\": [{\"type\": \"Dense\", \"units\": \"32\"}]}",
       "m.json, layer 'Dense_1' (Dense): 'units' must be a whole number, got \"32\""},
      {"units out of range", "{\"layers\": [{\"type\": \"Dense\", \"units\": 0}]}",
       "m.json, layer 'Dense_1' (Dense): 'units' is 0, must be between 1 and 65536"},
      {"bad activation", "{\"layers\": [{\"type\": \"Dense\", \"units\": 3, \"activation\": \"gelu\"}]}",
       "m.json, layer 'Dense_1' (Dense): activation 'gelu': expected linear, relu, sigmoid, tanh, leaky_relu or softplus"},
      {"unknown layer type", "{\"layers\": [{\"type\": \"LSTM\"}]}",
       "m.json, layer 'LSTM_1' (LSTM): unknown layer type 'LSTM'; use one of Dense, DenseTied, Conv2D, MaxPooling2D, UpSampling2D, Flatten, "
       "Reshape, Dropout, GaussianNoise"},
      {"no type", "{\"layers\": [{\"units\": 3}]}",
       "m.json, layer 1: has no 'type'; give one of Dense, DenseTied, Conv2D, MaxPooling2D, UpSampling2D, Flatten, "
       "Reshape, Dropout, GaussianNoise"},
      {"dropout rate", "{\"layers\": [{\"type\": \"Dropout\", \"rate\": 1.5}]}",
       "m.json, layer 'Dropout_1' (Dropout): 'rate' is 1.5, must be between 0 and 0.95"},
      {"no code layer", "{" + layers_ok.substr(0, layers_ok.find("\"code\": true")) + "\"code\": false}, {\"type\": \"Dense\", \"units\": 784}]}",
       "m.json: no layer is marked \"code\": true; mark the bottleneck layer whose output is the code"},
      {"two code layers", "{\"layers\": [{\"type\": \"Dense\", \"name\": \"a\", \"units\": 8, \"code\": true}, "
                          "{\"type\": \"Dense\", \"name\": \"b\", \"units\": 784, \"code\": true}]}",
       "m.json: layers 'a' and 'b' are both marked \"code\": true; mark exactly one"},
      {"duplicate names", "{\"layers\": [{\"type\": \"Dense\", \"name\": \"a\", \"units\": 8, \"code\": true}, "
                          "{\"type\": \"Dense\", \"name\": \"a\", \"units\": 784}]}",
       "m.json: two layers are named 'a'; names must be unique"},
      {"bad loss", "{\"loss\": \"huber\", " + layers_ok + "}", "m.json: loss 'huber': expected bce, mse or rmse"},
      {"bad optimizer", "{\"optimizer\": {\"type\": \"adam\", \"learning_rate\": -1}, " + layers_ok + "}",
       "m.json, optimizer: 'learning_rate' is -1, must be between 1e-08 and 1000"},
      {"bad corruption", "{\"corruption\": {\"type\": \"gaussian\", \"amount\": 9}, " + layers_ok + "}",
       "m.json, corruption: 'amount' is 9, must be between 0 and 5"},
      {"bad input", "{\"input\": [28, 0], " + layers_ok + "}",
       "m.json: 'input' must list positive whole numbers, got [28,0]"},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    Result<ModelSpec> r = spec_from_json(c.json, "m.json");
    REQUIRE_FALSE(r.is_ok());
    REQUIRE(r.message() == c.message);
  }
}

TEST_CASE("impossible models are refused when built, before training", "[model]") {
  ModelSpec s = preset_spec("shallow").take();
  s.penalties.kl_beta = 1.f;
  REQUIRE(Model::build(s, 0).message() ==
          "model 'shallow': KL sparsity needs code activations between 0 and 1; give the code layer 'encoder' activation sigmoid");
  s = preset_spec("deep").take();
  s.penalties.contractive = 1e-4f;
  REQUIRE(Model::build(s, 0).message() ==
          "model 'deep': the contractive penalty is computed for a one-layer encoder; make the code layer 'code' a Dense "
          "layer directly on the input");
  s = preset_spec("shallow").take();
  s.input = Shape{28, 28, 1};
  REQUIRE(Model::build(s, 0).message() ==
          "model 'shallow', encoder (Dense): input shape (28, 28, 1) has more than one dimension; put a Flatten layer before it");
}

}  // namespace bn
