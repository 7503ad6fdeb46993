#include "app/app_state.h"

namespace bn::app {

const char* dataset_title(Dataset d) { return d == Dataset::kFashion ? "Fashion-MNIST clothes" : "MNIST digits"; }

const char* dataset_class_name(Dataset d, int label) {
  static const char* const digits[] = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
  static const char* const fashion[] = {"T-shirt", "Trouser", "Pullover", "Dress", "Coat",
                                        "Sandal",  "Shirt",   "Sneaker",  "Bag",   "Boot"};
  if (label < 0 || label > 9) return "?";
  return d == Dataset::kFashion ? fashion[label] : digits[label];
}

void DataState::test_image(int i, float* out) const {
  const uint8_t* px = mnist.test.image(i);
  for (int k = 0; k < kDigitPixels; ++k) out[k] = px[k] * (1.f / 255.f);
}

void AppState::remember_rect(const char* name) {
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  rects.push_back({name, a.x, a.y, b.x - a.x, b.y - a.y});
}

void AppState::select_preset(int index) {
  Result<ModelSpec> spec = preset_spec(preset_names()[index]);
  if (!spec) return;
  draft.preset = index;
  draft.spec = spec.take();
  draft.edited = false;
  draft.checked = false;
  // Each preset brings its own optimiser and learning rate (dropout trains with RMSprop).
  const OptimizerConfig& oc = draft.spec.optimizer;
  settings.optimizer = static_cast<int>(oc.kind);
  settings.learning_rate = oc.learning_rate > 0.f ? oc.learning_rate : (oc.kind == OptimizerKind::kSgd ? 0.01f : 1e-3f);
}

void AppState::start_or_pause() {
  switch (session.state()) {
    case RunState::kReady:
    case RunState::kFinished:
    case RunState::kFailed:
      if (data.ready() && draft.error.empty()) {
        notice.clear();  // it described what was there before this run
        session.start(draft.spec, settings, data.mnist);
      }
      return;
    case RunState::kTraining: session.pause(); return;
    case RunState::kPaused: session.resume(); return;
  }
}

void AppState::reset() { session.reset(); }

}  // namespace bn::app
