// Tests src/core/model: presets' parameter counts against Keras, whole-model gradients through
// the fused sigmoid + bce against finite differences, encode/decode against forward, the
// shape-mismatch message, and train_step in slices against the whole batch.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "core/model/model.h"
#include "core/model/summary.h"
#include "support/test_support.h"

namespace bn {

TEST_CASE("preset parameter counts agree with Keras", "[model]") {
  // model.summary() in Keras 2.x for the same layers prints these totals.
  const std::pair<const char*, size_t> expected[] = {{"shallow", 50992}, {"deep", 222384}};
  for (const auto& [name, count] : expected) {
    auto model = Model::build(preset_spec(name).take(), 0);
    REQUIRE(model.is_ok());
    REQUIRE(model.value()->param_count() == count);
    REQUIRE(model_summary(*model.value()).find("Total params: " + with_thousands(count)) != std::string::npos);
  }
  REQUIRE(preset_spec("vae").message() == "model 'vae': no such preset; choose one of shallow, deep, tied, denoising, sparse, sparse_kl, contractive, dropout, conv, or give a .json file");
}

TEST_CASE("a model whose output does not match its input says how to fix it", "[model]") {
  ModelSpec spec = preset_spec("shallow").take();
  spec.layers[1].dense.units = 100;
  auto model = Model::build(spec, 0);
  REQUIRE_FALSE(model.is_ok());
  REQUIRE(model.message() ==
          "model 'shallow': the last layer ('decoder') outputs (100,) but an autoencoder must reproduce its input "
          "(784,); give the last Dense layer 784 units");
}

TEST_CASE("model gradients match finite differences of the loss", "[model]") {
  for (LossKind loss : {LossKind::kBce, LossKind::kMse, LossKind::kRmse}) {
    INFO(loss_name(loss));
    ModelSpec spec;
    spec.name = "tiny";
    spec.input = Shape{6};
    spec.loss = loss;
    LayerSpec enc, dec;
    enc.type = dec.type = "Dense";
    enc.name = "enc";
    dec.name = "dec";
    enc.dense.units = 3;
    enc.dense.activation = Activation::kTanh;
    dec.dense.units = 6;
    dec.dense.activation = Activation::kSigmoid;
    spec.layers = {enc, dec};
    spec.code_layer = 0;
    auto built = Model::build(spec, 5, reference_kernels());
    REQUIRE(built.is_ok());
    Model& m = *built.value();
    REQUIRE(m.reserve_batch(4).is_ok());
    Rng rng(6);
    Tensor& x = m.input(4);
    test::fill_uniform(x.data(), x.size(), rng, 0.f, 1.f);
    Tensor target = x.clone();
    RunContext ctx{m.kernels(), m.workspace(), nullptr, true};
    m.zero_grads();
    m.forward(ctx);
    m.loss_and_backward(target, true, ctx);
    for (const Param& p : m.params())
      for (size_t i = 0; i < p.value->size(); ++i) {
        const float saved = (*p.value)[i];
        const double h = 1e-3;
        (*p.value)[i] = static_cast<float>(saved + h);
        m.forward(ctx);
        double lp = m.loss_and_backward(target, false, ctx).total();
        (*p.value)[i] = static_cast<float>(saved - h);
        m.forward(ctx);
        double lm = m.loss_and_backward(target, false, ctx).total();
        (*p.value)[i] = saved;
        INFO(p.name << "[" << i << "]");
        REQUIRE(test::close((*p.grad)[i], (lp - lm) / (2 * h), 2e-4, 2e-2));
      }
  }
}

TEST_CASE("decode(encode(x)) equals forward(x)", "[model]") {
  auto built = Model::build(preset_spec("deep").take(), 3);
  REQUIRE(built.is_ok());
  Model& m = *built.value();
  REQUIRE(m.reserve_batch(5).is_ok());
  Rng rng(1);
  Tensor& x = m.input(5);
  test::fill_uniform(x.data(), x.size(), rng, 0.f, 1.f);
  RunContext ctx{m.kernels(), m.workspace(), nullptr, false};
  Tensor full = m.forward(ctx).clone();
  Tensor code = m.encode(ctx).clone();
  REQUIRE(code.shape() == (Shape{5, 32}));
  const Tensor& recon = m.decode(code.data(), 5, ctx);
  REQUIRE(recon.shape() == full.shape());
  for (size_t i = 0; i < full.size(); ++i) REQUIRE(recon[i] == full[i]);
}

TEST_CASE("train_step in slices gives the whole batch's loss and gradients", "[model]") {
  // The conv preset slices; a Dense model and one with a batch-mean penalty do not.
  REQUIRE(Model::build(preset_spec("conv").take(), 1).value()->slice_rows() > 0);
  REQUIRE(Model::build(preset_spec("deep").take(), 1).value()->slice_rows() == 0);
  REQUIRE(Model::build(preset_spec("sparse_kl").take(), 1).value()->slice_rows() == 0);

  ModelSpec spec = preset_spec("conv").take();
  spec.penalties.weight_decay = 1e-3f;  // counted once per batch, not once per slice
  for (const Kernels* kernels : available_kernels()) {
    INFO(kernels->name);
    auto sliced = Model::build(spec, 5, *kernels).take(), whole = Model::build(spec, 5, *kernels).take();
    sliced->set_slice_rows(3);  // 7 rows: slices of 3, 3 and 1
    whole->set_slice_rows(0);
    const int rows = 7;
    REQUIRE(sliced->reserve_batch(rows).is_ok());
    REQUIRE(whole->reserve_batch(rows).is_ok());
    Rng rng(9);
    Tensor& x = sliced->input(rows);
    test::fill_uniform(x.data(), x.size(), rng, 0.f, 1.f);
    Tensor& xw = whole->input(rows);
    std::copy(x.data(), x.data() + x.size(), xw.data());
    Tensor target = x.clone();
    RunContext cs{*kernels, sliced->workspace(), nullptr, true}, cw{*kernels, whole->workspace(), nullptr, true};
    sliced->zero_grads();
    whole->zero_grads();
    const LossParts ps = sliced->train_step(target, cs), pw = whole->train_step(target, cw);
    REQUIRE(pw.reconstruction > 0.1);
    REQUIRE(std::fabs(ps.reconstruction - pw.reconstruction) <= 1e-6 * pw.reconstruction);
    REQUIRE(ps.weight_decay == pw.weight_decay);
    for (size_t i = 0; i < whole->params().size(); ++i) {
      const Tensor& gs = *sliced->params()[i].grad;
      const Tensor& gw = *whole->params()[i].grad;
      INFO(whole->params()[i].name);
      double scale = 0;
      for (size_t j = 0; j < gw.size(); ++j) scale = std::max(scale, std::fabs(static_cast<double>(gw[j])));
      REQUIRE(scale > 0);
      for (size_t j = 0; j < gw.size(); ++j) REQUIRE(std::fabs(gs[j] - gw[j]) <= 1e-5 * scale);
    }
  }
}

}  // namespace bn
