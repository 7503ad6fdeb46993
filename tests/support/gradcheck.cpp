#include "support/gradcheck.h"

#include <cmath>

#include "support/test_support.h"

namespace bn::test {

namespace {
double probe(Layer& layer, const Tensor& x, Tensor& y, const std::vector<float>& r, RunContext& ctx) {
  layer.forward(x, y, ctx);
  double l = 0;
  for (size_t i = 0; i < y.size(); ++i) l += static_cast<double>(y[i]) * r[i];
  return l;
}
}  // namespace

GradCheckResult check_layer_gradients(Layer& layer, const Shape& sample_shape, int batch, uint64_t seed, double h,
                                      double atol, double rtol) {
  Rng rng(seed);
  Result<Shape> out = layer.build(sample_shape, rng);
  BN_ASSERT(out.is_ok());
  Status reserved = layer.reserve(batch);
  BN_ASSERT(reserved.is_ok());
  (void)reserved;
  Tensor x = Tensor::zeros(sample_shape.batched(batch)).take();
  Tensor y = Tensor::zeros(out.value().batched(batch)).take();
  Tensor dy = Tensor::zeros(y.shape()).take();
  Tensor dx = Tensor::zeros(x.shape()).take();
  fill_uniform(x.data(), x.size(), rng);
  std::vector<float> r(y.size());
  fill_uniform(r.data(), r.size(), rng);
  Workspace ws;
  RunContext ctx{reference_kernels(), ws, nullptr, true};

  std::vector<Param> params = layer.params();
  for (Param& p : params) p.grad->fill(0.f);
  layer.forward(x, y, ctx);
  for (size_t i = 0; i < dy.size(); ++i) dy[i] = r[i];
  layer.backward(x, y, dy, &dx, ctx);

  GradCheckResult res;
  auto compare = [&](Tensor& values, const Tensor& analytic, const std::string& what) {
    for (size_t i = 0; i < values.size(); ++i) {
      const float saved = values[i];
      values[i] = static_cast<float>(saved + h);
      double lp = probe(layer, x, y, r, ctx);
      values[i] = static_cast<float>(saved - h);
      double lm = probe(layer, x, y, r, ctx);
      values[i] = saved;
      double numeric = (lp - lm) / (2 * h);
      double err = std::fabs(analytic[i] - numeric) / (atol + rtol * std::fabs(numeric));
      if (err > res.worst) {
        res.worst = err;
        res.where = what + "[" + std::to_string(i) + "]: analytic " + std::to_string(analytic[i]) + ", numeric " +
                    std::to_string(numeric);
      }
    }
  };
  compare(x, dx, "dx");
  for (Param& p : params) compare(*p.value, *p.grad, p.name);
  return res;
}

}  // namespace bn::test
