#include "support/stepped_model.h"

#include <catch2/catch.hpp>

#include "support/test_support.h"

namespace bn::test {

SteppedModel stepped_model(const std::string& preset) {
  SteppedModel s;
  s.model = Model::build(preset_spec(preset).take(), 3).take();
  s.opt = make_optimizer(s.model->spec().optimizer).take();
  REQUIRE(s.opt->init(s.model->params()).is_ok());
  REQUIRE(s.model->reserve_batch(4).is_ok());
  Rng rng(4);
  RunContext ctx{s.model->kernels(), s.model->workspace(), &rng, true};
  for (int step = 0; step < 3; ++step) {
    Tensor& x = s.model->input(4);
    fill_uniform(x.data(), x.size(), rng, 0.f, 1.f);
    Tensor target = x.clone();
    s.model->zero_grads();
    s.model->forward(ctx);
    s.model->loss_and_backward(target, true, ctx);
    s.opt->step(s.model->params());
  }
  return s;
}

}  // namespace bn::test
