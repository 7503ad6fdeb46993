// Curves panel: training and test loss by step or by epoch, each loss part on its own, a log
// scale, hover read-outs, and every run of the session overlaid (shallow against sparse, same
// seed) with a checkbox each.
#include <cstdio>
#include <string>
#include <vector>

#include "app/panels/panels.h"
#include "app/widgets/plot.h"

namespace bn::app {

void curves_panel(AppState& s) {
  CurvesState& c = s.curves;
  std::vector<RunRecord>& runs = s.session.runs();
  ImGui::Checkbox("log scale", &c.log_y);
  s.remember_rect("curves_log");
  ImGui::SameLine();
  ImGui::Checkbox("by epoch", &c.by_epoch);
  s.remember_rect("curves_epoch");
  ImGui::SameLine();
  ImGui::Checkbox("loss parts", &c.parts);
  s.remember_rect("curves_parts");

  // Epoch points on the step axis sit where their epoch ended.
  std::vector<std::vector<float>> epoch_steps(runs.size());
  std::vector<PlotSeries> series;
  const bool several = runs.size() > 1;
  for (size_t r = 0; r < runs.size(); ++r) {
    RunRecord& run = runs[r];
    if (!run.visible) continue;
    const std::string prefix = several ? run.name.substr(0, run.name.find(',')) + " " : "";
    const ImU32 base = plot_color(static_cast<int>(2 * r)), alt = plot_color(static_cast<int>(2 * r + 1));
    for (float e : run.epoch_x) epoch_steps[r].push_back(e * run.batches_per_epoch);
    const float* ex = c.by_epoch ? run.epoch_x.data() : epoch_steps[r].data();
    const int ne = static_cast<int>(run.epoch_x.size());
    if (c.parts && r + 1 == runs.size()) {
      for (int p = 0; p < 5; ++p) {
        bool any = false;
        for (float v : run.parts[p]) any = any || v != 0.f;
        if (any) series.push_back({prefix + kLossPartNames[p], ex, run.parts[p].data(), ne, plot_color(p + 2), true});
      }
      continue;
    }
    if (!c.by_epoch)
      series.push_back({prefix + "batch loss", run.step_x.data(), run.step_loss.data(),
                        static_cast<int>(run.step_x.size()), base, false});
    else
      series.push_back({prefix + "train", ex, run.train_loss.data(), ne, base, true});
    series.push_back({prefix + "test", ex, run.test_loss.data(), ne, alt, true});
  }
  PlotOptions opt;
  opt.log_y = c.log_y;
  opt.x_label = c.by_epoch ? "epoch" : "step";
  const float h = std::max(140.f, ImGui::GetContentRegionAvail().y - (runs.size() > 1 ? 24.f * runs.size() : 8.f));
  plot_lines("loss", series, ImVec2(-1, h), opt);
  s.remember_rect("curves_plot");
  if (runs.size() > 1) {
    for (size_t r = 0; r < runs.size(); ++r) {
      ImGui::PushID(static_cast<int>(r));
      ImGui::PushStyleColor(ImGuiCol_CheckMark, ImGui::ColorConvertU32ToFloat4(plot_color(static_cast<int>(2 * r))));
      ImGui::Checkbox(runs[r].name.c_str(), &runs[r].visible);
      ImGui::PopStyleColor();
      ImGui::PopID();
    }
  }
}

}  // namespace bn::app
