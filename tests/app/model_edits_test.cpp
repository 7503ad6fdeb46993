// Tests src/app/model_edits: a run's label names the preset and what was changed in it, so two
// edits of one preset (or a preset and its edit) are told apart in the Curves legend.
#include <catch2/catch.hpp>

#include "app/model_edits.h"

namespace bn::app {

TEST_CASE("edits of a preset are described in a few words", "[app]") {
  const ModelSpec shallow = preset_spec("shallow").take();
  REQUIRE(describe_edits(shallow, shallow).empty());
  REQUIRE(model_label(shallow, shallow) == "shallow");

  ModelSpec e = shallow;
  e.layers[0].dense.units = 2;
  REQUIRE(model_label(shallow, e) == "shallow (code 2 units)");
  e.loss = LossKind::kMse;
  e.layers[1].dense.activation = Activation::kLinear;
  REQUIRE(describe_edits(shallow, e) == "code 2 units, decoder linear, loss mse");
  e.penalties.weight_decay = 1e-4f;
  e.corruption = {CorruptionKind::kMasking, 0.3f};
  REQUIRE(describe_edits(shallow, e) == "code 2 units, decoder linear, loss mse, +2 more");
  REQUIRE(describe_edits(shallow, e, 10) ==
          "code 2 units, decoder linear, loss mse, weight decay 0.0001, masking 0.3");

  const ModelSpec deep = preset_spec("deep").take();
  ModelSpec moved = deep;
  moved.code_layer = 1;
  REQUIRE(describe_edits(deep, moved) == "code at encoder_2");
  ModelSpec dropped = deep;
  dropped.layers.pop_back();
  REQUIRE(describe_edits(deep, dropped) == "5 layers");
}

}  // namespace bn::app
