#include "core/model/model_json.h"

#include <nlohmann/json.hpp>

#include "core/layers/activation.h"
#include "core/model/json_reader.h"

namespace bn {

namespace {
using nlohmann::json;

constexpr int kMaxUnits = 1 << 16;
constexpr size_t kMaxName = 64;
constexpr const char* kLayerTypes =
    "Dense, DenseTied, Conv2D, MaxPooling2D, UpSampling2D, Flatten, Reshape, Dropout, GaussianNoise";

void read_padding(JsonReader& r, Padding& out) {
  std::string name = padding_name(out);
  r.string("padding", name);
  if (!r.ok()) return;
  Result<Padding> p = parse_padding(name);
  if (!p) return r.fail(p.message());
  out = p.value();
}

void read_init(JsonReader& r, Init& out) {
  std::string init = init_name(out);
  r.string("kernel_initializer", init);
  Result<Init> in = parse_init(init);
  if (!in) return r.fail(in.message());
  out = in.value();
}

void read_activation(JsonReader& r, Activation& act, float& alpha) {
  std::string name = activation_name(act);
  r.string("activation", name);
  if (!r.ok()) return;
  Result<Activation> a = parse_activation(name);
  if (!a) return r.fail(a.message());
  act = a.value();
  r.number("alpha", alpha, 0.f, 1.f);
}

void read_activity(JsonReader& r, ActivityRegularizer& out) {
  const json* a = r.object("activity_regularizer");
  if (!a) return;
  JsonReader ar(*a, r.where() + ", activity_regularizer", r.status());
  ar.only({"l1", "l2"});
  ar.number("l1", out.l1, 0.f, 10.f);
  ar.number("l2", out.l2, 0.f, 10.f);
}

// Reads one layer; returns whether it is marked as the code layer.
bool read_layer(const json& j, size_t index, const std::string& what, LayerSpec& l, Status* error) {
  std::string where = what + ", layer " + std::to_string(index + 1);
  JsonReader r(j, where, error);
  r.text("type", l.type, 40);
  r.text("name", l.name, kMaxName);
  if (!r.ok()) return false;
  if (l.type.empty()) {
    r.fail("has no 'type'; give one of " + std::string(kLayerTypes));
    return false;
  }
  if (l.name.empty()) l.name = l.type + "_" + std::to_string(index + 1);
  JsonReader lr(j, what + ", layer '" + l.name + "' (" + l.type + ")", error);
  bool code = false;
  lr.boolean("code", code);
  read_activity(lr, l.activity);
  if (l.type == "Dense") {
    lr.only({"type", "name", "code", "activity_regularizer", "units", "activation", "alpha", "use_bias", "kernel_initializer"});
    lr.integer("units", l.dense.units, 1, kMaxUnits);
    if (!lr.has("units")) lr.fail("needs 'units', the number of outputs");
    read_activation(lr, l.dense.activation, l.dense.alpha);
    lr.boolean("use_bias", l.dense.use_bias);
    read_init(lr, l.dense.kernel_init);
  } else if (l.type == "Conv2D") {
    lr.only({"type", "name", "code", "activity_regularizer", "filters", "kernel_size", "strides", "padding", "activation",
             "alpha", "use_bias", "kernel_initializer"});
    lr.integer("filters", l.conv.filters, 1, 4096);
    if (!lr.has("filters")) lr.fail("needs 'filters', the number of output channels");
    lr.integer("kernel_size", l.conv.kernel_size, 1, 15);
    lr.integer("strides", l.conv.stride, 1, 2);
    read_padding(lr, l.conv.padding);
    read_activation(lr, l.conv.activation, l.conv.alpha);
    lr.boolean("use_bias", l.conv.use_bias);
    read_init(lr, l.conv.kernel_init);
  } else if (l.type == "MaxPooling2D") {
    lr.only({"type", "name", "code", "activity_regularizer", "pool_size", "strides", "padding"});
    lr.integer("pool_size", l.pool.pool_size, 1, 8);
    lr.integer("strides", l.pool.stride, 1, 8);
    read_padding(lr, l.pool.padding);
  } else if (l.type == "UpSampling2D") {
    lr.only({"type", "name", "code", "activity_regularizer", "size"});
    lr.integer("size", l.upsample, 1, 8);
  } else if (l.type == "Flatten") {
    lr.only({"type", "name", "code", "activity_regularizer"});
  } else if (l.type == "Reshape") {
    lr.only({"type", "name", "code", "activity_regularizer", "target_shape"});
    std::vector<int> dims;
    lr.ints("target_shape", dims);
    if (lr.ok() && dims.empty()) lr.fail("needs 'target_shape', the per-sample shape to produce, e.g. [28, 28, 1]");
    for (int d : dims) l.target_shape.dims[l.target_shape.rank++] = d;
  } else if (l.type == "DenseTied") {
    lr.only({"type", "name", "code", "activity_regularizer", "tied_to", "activation", "alpha", "use_bias"});
    lr.text("tied_to", l.tied_to, kMaxName);
    if (l.tied_to.empty()) lr.fail("needs 'tied_to', the name of the Dense layer whose kernel it reuses transposed");
    read_activation(lr, l.dense.activation, l.dense.alpha);
    lr.boolean("use_bias", l.dense.use_bias);
  } else if (l.type == "Dropout") {
    lr.only({"type", "name", "code", "activity_regularizer", "rate"});
    l.rate = -1.f;
    lr.number("rate", l.rate, 0.f, 0.95f);
    if (lr.ok() && l.rate < 0.f) lr.fail("needs 'rate', the fraction of units dropped while training (0 to 0.95)");
  } else if (l.type == "GaussianNoise") {
    lr.only({"type", "name", "code", "activity_regularizer", "stddev"});
    l.stddev = -1.f;
    lr.number("stddev", l.stddev, 0.f, 10.f);
    if (lr.ok() && l.stddev < 0.f) lr.fail("needs 'stddev', the standard deviation of the noise added while training");
  } else {
    lr.fail("unknown layer type '" + l.type + "'; use one of " + kLayerTypes);
  }
  return code;
}

void read_optimizer(JsonReader& r, OptimizerConfig& oc) {
  const json* o = r.object("optimizer");
  if (!o) return;
  JsonReader orr(*o, r.where() + ", optimizer", r.status());
  orr.only({"type", "learning_rate", "momentum", "nesterov", "beta_1", "beta_2", "rho", "epsilon", "initial_accumulator_value"});
  std::string type = optimizer_name(oc.kind);
  orr.string("type", type);
  Result<OptimizerKind> k = parse_optimizer(type);
  if (!k) orr.fail(k.message());
  else oc.kind = k.value();
  orr.number("learning_rate", oc.learning_rate, kMinLearningRate, kMaxLearningRate);
  orr.number("momentum", oc.momentum, 0.f, 0.999f);
  orr.boolean("nesterov", oc.nesterov);
  orr.number("beta_1", oc.beta_1, 0.f, 0.9999f);
  orr.number("beta_2", oc.beta_2, 0.f, 0.99999f);
  orr.number("rho", oc.rho, 0.f, 0.9999f);
  orr.number("epsilon", oc.epsilon, 1e-12f, 1.f);
  orr.number("initial_accumulator_value", oc.initial_accumulator, 0.f, 100.f);
}
}  // namespace

Result<ModelSpec> spec_from_json(const std::string& text, const std::string& what) {
  Result<json> parsed = parse_json(text, what);
  if (!parsed) return parsed.status();
  const json& j = parsed.value();
  Status error;
  ModelSpec s;
  JsonReader r(j, what, &error);
  r.only({"name", "input", "layers", "loss", "optimizer", "corruption", "penalties", "description"});
  r.text("name", s.name, kMaxName);
  r.text("description", s.description, 1000);
  std::vector<int> input = {784};
  r.ints("input", input);
  s.input = Shape();
  for (int d : input) s.input.dims[s.input.rank++] = d;
  std::string loss = loss_name(s.loss);
  r.string("loss", loss);
  Result<LossKind> lk = parse_loss(loss);
  if (!lk) r.fail(lk.message());
  else s.loss = lk.value();
  read_optimizer(r, s.optimizer);
  if (const json* c = r.object("corruption")) {
    JsonReader cr(*c, what + ", corruption", &error);
    cr.only({"type", "amount"});
    std::string kind = corruption_name(s.corruption.kind);
    cr.string("type", kind);
    Result<CorruptionKind> ck = parse_corruption(kind);
    if (!ck) cr.fail(ck.message());
    else s.corruption.kind = ck.value();
    cr.number("amount", s.corruption.amount, 0.f, s.corruption.kind == CorruptionKind::kGaussian ? 5.f : 1.f);
  }
  if (const json* p = r.object("penalties")) {
    JsonReader pr(*p, what + ", penalties", &error);
    pr.only({"kl_beta", "kl_rho", "contractive", "weight_decay"});
    pr.number("kl_beta", s.penalties.kl_beta, 0.f, 100.f);
    pr.number("kl_rho", s.penalties.kl_rho, 1e-4f, 0.9999f);
    pr.number("contractive", s.penalties.contractive, 0.f, 100.f);
    pr.number("weight_decay", s.penalties.weight_decay, 0.f, 10.f);
  }
  const json* layers = r.array("layers");
  if (!layers && error) r.fail("needs 'layers', a list of layer objects");
  if (!error) return error;
  for (size_t i = 0; i < layers->size(); ++i) {
    LayerSpec l;
    bool code = read_layer((*layers)[i], i, what, l, &error);
    if (!error) return error;
    if (code) {
      if (s.code_layer >= 0)
        return Status::error(what + ": layers '" + s.layers[s.code_layer].name + "' and '" + l.name +
                             "' are both marked \"code\": true; mark exactly one");
      s.code_layer = static_cast<int>(i);
    }
    for (const LayerSpec& prev : s.layers)
      if (prev.name == l.name) return Status::error(what + ": two layers are named '" + l.name + "'; names must be unique");
    s.layers.push_back(l);
  }
  if (s.code_layer < 0 && !s.layers.empty())
    return Status::error(what + ": no layer is marked \"code\": true; mark the bottleneck layer whose output is the code");
  if (s.name.empty()) s.name = what;
  return s;
}

std::string spec_to_json(const ModelSpec& s) {
  json j;
  j["name"] = s.name;
  if (!s.description.empty()) j["description"] = s.description;
  j["input"] = json::array();
  for (int i = 0; i < s.input.rank; ++i) j["input"].push_back(s.input[i]);
  j["loss"] = loss_name(s.loss);
  const OptimizerConfig& o = s.optimizer;
  j["optimizer"] = {{"type", optimizer_name(o.kind)}, {"momentum", o.momentum}, {"nesterov", o.nesterov},
                    {"beta_1", o.beta_1}, {"beta_2", o.beta_2}, {"epsilon", o.epsilon},
                    {"initial_accumulator_value", o.initial_accumulator}};
  if (o.learning_rate > 0.f) j["optimizer"]["learning_rate"] = o.learning_rate;
  if (o.rho >= 0.f) j["optimizer"]["rho"] = o.rho;
  j["corruption"] = {{"type", corruption_name(s.corruption.kind)}, {"amount", s.corruption.amount}};
  j["penalties"] = {{"kl_beta", s.penalties.kl_beta}, {"kl_rho", s.penalties.kl_rho},
                    {"contractive", s.penalties.contractive}, {"weight_decay", s.penalties.weight_decay}};
  j["layers"] = json::array();
  for (size_t i = 0; i < s.layers.size(); ++i) {
    const LayerSpec& l = s.layers[i];
    json lj = {{"type", l.type}, {"name", l.name}};
    if (static_cast<int>(i) == s.code_layer) lj["code"] = true;
    if (l.type == "Dense" || l.type == "DenseTied") {
      if (l.type == "Dense") {
        lj["units"] = l.dense.units;
        lj["kernel_initializer"] = init_name(l.dense.kernel_init);
      } else {
        lj["tied_to"] = l.tied_to;
      }
      lj["activation"] = activation_name(l.dense.activation);
      if (l.dense.activation == Activation::kLeakyRelu) lj["alpha"] = l.dense.alpha;
      lj["use_bias"] = l.dense.use_bias;
    } else if (l.type == "Conv2D") {
      lj["filters"] = l.conv.filters;
      lj["kernel_size"] = l.conv.kernel_size;
      lj["strides"] = l.conv.stride;
      lj["padding"] = padding_name(l.conv.padding);
      lj["activation"] = activation_name(l.conv.activation);
      if (l.conv.activation == Activation::kLeakyRelu) lj["alpha"] = l.conv.alpha;
      lj["use_bias"] = l.conv.use_bias;
      lj["kernel_initializer"] = init_name(l.conv.kernel_init);
    } else if (l.type == "MaxPooling2D") {
      lj["pool_size"] = l.pool.pool_size;
      if (l.pool.stride) lj["strides"] = l.pool.stride;
      lj["padding"] = padding_name(l.pool.padding);
    } else if (l.type == "UpSampling2D") {
      lj["size"] = l.upsample;
    } else if (l.type == "Reshape") {
      lj["target_shape"] = json::array();
      for (int d = 0; d < l.target_shape.rank; ++d) lj["target_shape"].push_back(l.target_shape[d]);
    } else if (l.type == "Dropout") {
      lj["rate"] = l.rate;
    } else if (l.type == "GaussianNoise") {
      lj["stddev"] = l.stddev;
    }
    if (l.activity.active()) lj["activity_regularizer"] = {{"l1", l.activity.l1}, {"l2", l.activity.l2}};
    j["layers"].push_back(lj);
  }
  return j.dump(2);
}

}  // namespace bn
