#include "support/model_gradcheck.h"

#include <cmath>

#include "core/model/model.h"
#include "support/test_support.h"

namespace bn::test {

ModelSpec tiny_spec(int in, std::initializer_list<int> units, Activation act, int code_layer) {
  ModelSpec s;
  s.name = "tiny";
  s.input = Shape{in};
  int i = 0;
  for (int u : units) {
    LayerSpec l;
    l.type = "Dense";
    l.name = "d" + std::to_string(++i);
    l.dense.units = u;
    l.dense.activation = act;
    s.layers.push_back(l);
  }
  LayerSpec out;
  out.type = "Dense";
  out.name = "out";
  out.dense.units = in;
  out.dense.activation = Activation::kSigmoid;
  s.layers.push_back(out);
  s.code_layer = code_layer;
  return s;
}

ModelGradCheck check_model_gradients(const ModelSpec& spec, int batch, uint64_t seed, double atol, double rtol) {
  ModelGradCheck res;
  auto built = Model::build(spec, seed, reference_kernels());
  if (!built) {
    res.worst = 1e9;
    res.where = "build failed: " + built.message();
    return res;
  }
  Model& m = *built.value();
  if (!m.reserve_batch(batch)) {
    res.worst = 1e9;
    res.where = "reserve failed";
    return res;
  }
  Rng rng(seed + 1);
  Tensor& x = m.input(batch);
  fill_uniform(x.data(), x.size(), rng, 0.f, 1.f);
  Tensor target = x.clone();
  RunContext ctx{m.kernels(), m.workspace(), nullptr, true};
  m.zero_grads();
  m.forward(ctx);
  m.loss_and_backward(target, true, ctx);
  auto loss = [&]() {
    m.forward(ctx);
    return m.loss_and_backward(target, false, ctx).total();
  };
  for (const Param& p : m.params())
    for (size_t i = 0; i < p.value->size(); ++i) {
      const float saved = (*p.value)[i];
      const double h = 1e-3;
      (*p.value)[i] = static_cast<float>(saved + h);
      double lp = loss();
      (*p.value)[i] = static_cast<float>(saved - h);
      double lm = loss();
      (*p.value)[i] = saved;
      const double numeric = (lp - lm) / (2 * h), analytic = (*p.grad)[i];
      const double err = std::fabs(analytic - numeric) / (atol + rtol * std::fabs(numeric));
      if (err > res.worst) {
        res.worst = err;
        res.where = p.name + "[" + std::to_string(i) + "]: analytic " + std::to_string(analytic) + ", numeric " +
                    std::to_string(numeric);
      }
    }
  return res;
}

}  // namespace bn::test
