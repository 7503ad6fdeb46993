// A preset model and its optimiser after a few Adam steps on uniform noise, so every weight and
// optimiser slot holds a value of its own: what the model-file tests save and load back.
#pragma once
#include <memory>
#include <string>

#include "core/model/model.h"
#include "core/optim/optimizer.h"

namespace bn::test {

struct SteppedModel {
  std::unique_ptr<Model> model;
  std::unique_ptr<Optimizer> opt;
};

// Weights from seed 3, three steps on batches of 4 drawn from Rng(4).
SteppedModel stepped_model(const std::string& preset);

}  // namespace bn::test
