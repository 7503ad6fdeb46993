// Train panel: optimiser, learning rate, batch size, epochs and seed; Start/Pause, Step, Reset;
// progress with epoch, ETA and samples/s; any message about the run in plain words.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/panels/panels.h"

namespace bn::app {

namespace {
void format_eta(double seconds, char* buf, size_t n) {
  if (seconds <= 0) return (void)std::snprintf(buf, n, "-");
  const int s = static_cast<int>(std::lround(seconds));
  if (s >= 3600) std::snprintf(buf, n, "%dh %02dm", s / 3600, s / 60 % 60);
  else if (s >= 60) std::snprintf(buf, n, "%dm %02ds", s / 60, s % 60);
  else std::snprintf(buf, n, "%ds", s);
}
}  // namespace

void train_panel(AppState& s) {
  Session& session = s.session;
  const RunState st = session.state();
  const bool editable = st != RunState::kTraining && st != RunState::kPaused;
  TrainSettings& t = s.settings;
  ImGui::BeginDisabled(!editable);
  int dataset = static_cast<int>(s.data.dataset);
  const char* const datasets[] = {dataset_title(Dataset::kMnist), dataset_title(Dataset::kFashion)};
  if (ImGui::Combo("dataset", &dataset, datasets, 2) && dataset != static_cast<int>(s.data.dataset))
    s.want_dataset = dataset;
  s.remember_rect("dataset");
  const std::vector<const char*>& opts = optimizer_names();
  ImGui::Combo("optimizer", &t.optimizer, opts.data(), static_cast<int>(opts.size()));
  ImGui::InputFloat("learning rate", &t.learning_rate, 0, 0, "%.5f");
  ImGui::InputInt("batch size", &t.batch_size);
  ImGui::InputInt("epochs", &t.epochs);
  ImGui::InputInt("seed", &t.seed);
  t.batch_size = std::clamp(t.batch_size, 1, 4096);
  t.epochs = std::clamp(t.epochs, 1, 1000);
  if (!(t.learning_rate > 0.f) || !std::isfinite(t.learning_rate)) t.learning_rate = 1e-3f;
  ImGui::EndDisabled();

  const bool can_run = s.data.ready() && s.draft.error.empty();
  ImGui::BeginDisabled(!can_run);
  const char* label = st == RunState::kTraining ? "Pause" : st == RunState::kPaused ? "Resume" : "Start";
  if (ImGui::Button(label, ImVec2(90, 0))) s.start_or_pause();
  s.remember_rect("start");
  ImGui::SameLine();
  if (ImGui::Button("Step", ImVec2(70, 0))) session.step_once(s.draft.spec, s.settings, s.data.mnist);
  s.remember_rect("step");
  ImGui::SameLine();
  ImGui::EndDisabled();
  ImGui::BeginDisabled(!session.has_model());
  if (ImGui::Button("Reset", ImVec2(70, 0))) s.reset();
  s.remember_rect("reset");
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::TextUnformatted(run_state_name(st));
  // What went wrong (or a note on where the model came from) sits right under the buttons, where
  // it is seen without scrolling the panel.
  if (!s.notice.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.f, 0.8f, 0.35f, 1.f));
    ImGui::TextWrapped("%s", s.notice.c_str());
    ImGui::PopStyleColor();
  }
  if (!session.message().empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.f, 0.45f, 0.4f, 1.f));
    ImGui::TextWrapped("%s", session.message().c_str());
    ImGui::PopStyleColor();
  }
  ImGui::BeginDisabled(!session.has_model());
  if (ImGui::Button("Download model")) s.want_download = true;
  s.remember_rect("download");
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(!s.data.ready());
  if (ImGui::Button("Upload model")) s.want_upload = true;
  s.remember_rect("upload");
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::TextDisabled("or drop a .bnm file here");
  if (!s.data.error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.f, 0.45f, 0.4f, 1.f));
    ImGui::TextWrapped("%s", s.data.error.c_str());
    ImGui::PopStyleColor();
  } else if (!s.data.ready()) {
    ImGui::TextDisabled("Waiting for MNIST to load.");
  }
  else if (!s.draft.error.empty()) ImGui::TextDisabled("Fix the model first (see Model).");

  if (const RunView* run = session.run()) {
    const TrainProgress& p = run->progress;
    const float frac = p.batches ? static_cast<float>(p.batch) / p.batches : 0.f;
    char overlay[96], eta[32];
    std::snprintf(overlay, sizeof overlay, "epoch %d/%d  batch %d/%d", p.epoch, p.epochs, p.batch, p.batches);
    ImGui::ProgressBar(frac, ImVec2(-1, 0), overlay);
    format_eta(session.eta_seconds(), eta, sizeof eta);
    ImGui::Text("loss %.4g   %.0f samples/s   ETA %s   %.0f fps", p.loss, p.samples_per_s, eta, s.fps);
    const auto& h = run->history;
    if (!h.empty()) {
      ImGui::Text("epoch %d: train %.4f  test %.4f", h.back().epoch, h.back().train_loss, h.back().test_loss);
      if (!h.back().warning.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.f, 0.8f, 0.35f, 1.f));
        ImGui::TextWrapped("%s", h.back().warning.c_str());
        ImGui::PopStyleColor();
      }
    }
  }
}

}  // namespace bn::app
