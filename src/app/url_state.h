// The link to a run: the model (a preset name, or the whole edited model as JSON), the training
// settings and the seed, as the URL's fragment, so a copied link reproduces the run.
//   #m=shallow&o=adam&lr=0.001&b=256&e=10&s=0[&d=fashion]
//   #spec=<base64url of the model JSON>&o=...     (an edited model)
// Reading is forgiving about order and strict about values: an unknown preset, optimiser or a
// number out of range is reported with what to do, and nothing of the link is applied then.
// Not here: the browser's history API (web/app.js mirrors the fragment), ImGui.
#pragma once
#include <string>

#include "app/train_settings.h"
#include "core/base/status.h"
#include "core/model/model_spec.h"

namespace bn::app {

struct LinkState {
  int preset = 0;             // index into preset_names(), when !edited
  bool edited = false;
  ModelSpec spec;             // the model itself (the preset's when !edited)
  TrainSettings settings;
  int dataset = 0;            // 0 MNIST, 1 Fashion-MNIST
};

// Room for a model of a few hundred layers in base64url, and short enough that a pasted wall of
// text is refused before any decoding.
constexpr size_t kMaxLinkBytes = 32 * 1024;

std::string encode_link(const LinkState& state);
Result<LinkState> decode_link(const std::string& fragment);

}  // namespace bn::app
