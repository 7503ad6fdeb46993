// Diagnostics panel: what the code is doing. Mean activation of each code unit over a thousand
// test digits against the sparsity target, the units that never fire (dead), the penalty terms
// of the last epoch (the contractive term among them), and for a denoiser a noise slider that
// corrupts the drawn digit the way its training inputs were.
#include <algorithm>
#include <cstdio>
#include <string>
#include <cmath>
#include <vector>

#include "app/panels/panels.h"

namespace bn::app {

namespace {
constexpr float kDeadBelow = 1e-6f;

std::string fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

void mean_bars(const std::vector<float>& mean, float target, ImVec2 size) {
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::Dummy(size);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p0, ImVec2(p0.x + size.x, p0.y + size.y), IM_COL32(20, 22, 27, 255), 3.f);
  float hi = target;
  for (float v : mean) hi = std::max(hi, v);
  if (hi <= 0) hi = 1;
  const float w = size.x / std::max<size_t>(1, mean.size());
  for (size_t j = 0; j < mean.size(); ++j) {
    const float h = std::max(0.f, mean[j]) / hi * size.y;
    dl->AddRectFilled(ImVec2(p0.x + j * w + (w > 3 ? 1 : 0), p0.y + size.y - h), ImVec2(p0.x + (j + 1) * w, p0.y + size.y),
                      mean[j] <= kDeadBelow ? IM_COL32(120, 120, 130, 255) : IM_COL32(110, 200, 140, 255));
  }
  if (target > 0) {
    const float y = p0.y + size.y - target / hi * size.y;
    dl->AddLine(ImVec2(p0.x, y), ImVec2(p0.x + size.x, y), IM_COL32(255, 120, 120, 255), 1.5f);
  }
  if (ImGui::IsItemHovered() && !mean.empty()) {
    const int j = std::clamp(static_cast<int>((ImGui::GetIO().MousePos.x - p0.x) / w), 0, static_cast<int>(mean.size()) - 1);
    tip("code unit %d: mean activation %.4f over %d test images%s%s", j, mean[j], LatentState::kSample,
                      mean[j] <= kDeadBelow ? " (dead: never active)" : "",
                      target > 0 ? "\nred line: the sparsity target rho the KL penalty pulls every unit towards" : "");
  }
}
}  // namespace

void diagnostics_panel(AppState& s) {
  Model* m = s.session.model();
  if (!m) {
    ImGui::TextDisabled("Start training to see the code's statistics.");
    return;
  }
  update_latent(s);
  const LatentState& l = s.latent;
  const int c = s.session.code_size();
  const ModelSpec& spec = m->spec();
  const bool kl = spec.penalties.kl_beta > 0.f;
  if (l.done == LatentState::kSample && !l.finite) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.f, 0.45f, 0.4f, 1.f));
    ImGui::TextWrapped("%s", kCodesNotFinite);
    ImGui::PopStyleColor();
  } else if (l.done == LatentState::kSample && static_cast<int>(l.codes.size()) == LatentState::kSample * c) {
    std::vector<float> mean(c, 0.f), peak(c, 0.f);
    for (int i = 0; i < LatentState::kSample; ++i)
      for (int j = 0; j < c; ++j) {
        const float v = l.codes[static_cast<size_t>(i) * c + j];
        mean[j] += v / LatentState::kSample;
        peak[j] = std::max(peak[j], std::fabs(v));
      }
    int dead = 0;
    for (float p : peak) dead += p <= kDeadBelow;
    ImGui::Text("mean activation per code unit%s", kl ? " (red: sparsity target rho)" : "");
    mean_bars(mean, kl ? spec.penalties.kl_rho : 0.f, ImVec2(ImGui::GetContentRegionAvail().x, 48));
    s.remember_rect("diag_means");
    double avg = 0;
    for (float v : mean) avg += v / c;
    ImGui::Text("average %.4f   dead units: %d of %d", avg, dead, c);
    if (ImGui::IsItemHovered())
      tip("A dead unit outputs 0 for every one of %d test %ss (grey bars): the code is effectively %d\n"
                        "units wide. A lower learning rate or leaky_relu keeps units alive.",
                        LatentState::kSample, item_noun(s.data.dataset), c - dead);
    s.remember_rect("diag_dead");
    if (dead > 0) {
      // Short: at 1280x800 a longer note wrapped and pushed the panel past its edge.
      const std::string only = "(only " + std::to_string(c - dead) + " live)";
      side_note(only.c_str(), ImVec4(1.f, 0.8f, 0.35f, 1.f));
    }
  } else {
    ImGui::TextDisabled("encoding test %ss...", item_noun(s.data.dataset));
  }
  if (const RunView* run = s.session.run(); run && !run->history.empty()) {
    // The loss parts of the last epoch on one line: the penalties beside what they cost.
    const LossParts& p = run->history.back().train_parts;
    std::string line = "last epoch: reconstruction " + fmt(p.reconstruction);
    if (p.activity) line += ", activity " + fmt(p.activity);
    if (p.kl) line += ", KL sparsity " + fmt(p.kl);
    if (spec.penalties.contractive > 0.f) line += ", contractive " + fmt(p.contractive);
    if (p.weight_decay) line += ", weight decay " + fmt(p.weight_decay);
    ImGui::TextWrapped("%s", line.c_str());
  }
  if (spec.corruption.active()) {
    ImGui::SetNextItemWidth(160);
    ImGui::SliderFloat("noise on the drawing", &s.diagnostics.noise, 0.f, 1.f, "%.2f");
    s.remember_rect("diag_noise");
    ImGui::TextDisabled("%s, trained at %.2f", corruption_name(spec.corruption.kind), spec.corruption.amount);
  }
}

}  // namespace bn::app
