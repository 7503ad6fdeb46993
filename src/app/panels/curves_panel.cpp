// Curves panel: every run of the session in its own colour (training loss solid, test loss
// dashed with a dot per epoch), by step or by epoch, log or linear, each loss part of the live
// run on its own; runs on different losses get a plot each, since BCE and MSE values do not
// compare. Below the plot, never over it, the runs table is the legend: colour, label (model and
// its edits, dataset, optimiser, seed), epochs, final test loss, samples/s and parameters, to sort,
// show or hide, reopen and delete.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "app/panels/panels.h"
#include "app/widgets/plot.h"

namespace bn::app {

ImU32 run_color(const RunRecord& r) { return plot_color(r.id - 1); }

namespace {

float epoch_step(const RunRecord& r, size_t i) {
  const long long s = r.history[i].steps;
  return static_cast<float>(s > 0 ? s : static_cast<long long>(i + 1) * r.batches_per_epoch);
}

// The x and y arrays of one run's plotted series; they must outlive the plot call.
struct RunArrays {
  std::vector<float> epoch, steps, train, test, parts[5];
};

void fill_arrays(const RunRecord& r, RunArrays& a) {
  for (size_t i = 0; i < r.history.size(); ++i) {
    const EpochStats& e = r.history[i];
    a.epoch.push_back(static_cast<float>(e.epoch));
    a.steps.push_back(epoch_step(r, i));
    a.train.push_back(static_cast<float>(e.train_loss));
    a.test.push_back(static_cast<float>(e.test_loss));
    const double p[5] = {e.train_parts.reconstruction, e.train_parts.activity, e.train_parts.kl,
                         e.train_parts.contractive, e.train_parts.weight_decay};
    for (int k = 0; k < 5; ++k) a.parts[k].push_back(static_cast<float>(p[k]));
  }
}

std::string loss_title(const std::string& loss, bool log_y) {
  std::string t = loss == "bce" ? "BCE loss" : loss == "mse" ? "MSE loss" : loss == "rmse" ? "RMSE loss" : loss + " loss";
  return t + (log_y ? " (log scale)" : "");
}

void run_series(const CurvesState& c, const RunRecord& r, const RunArrays& a, std::vector<PlotSeries>& out) {
  const ImU32 color = run_color(r);
  const std::string id = "#" + std::to_string(r.id) + " ";
  const float* ex = c.by_epoch ? a.epoch.data() : a.steps.data();
  const int ne = static_cast<int>(a.epoch.size());
  if (c.by_epoch) out.push_back({id + "train", ex, a.train.data(), ne, color, true, false});
  else
    out.push_back({id + "batch", r.curve.x.data(), r.curve.y.data(), static_cast<int>(r.curve.x.size()), color, false, false});
  out.push_back({id + "test", ex, a.test.data(), ne, color, true, true});
}

void parts_series(const CurvesState& c, const RunArrays& a, std::vector<PlotSeries>& out) {
  const float* ex = c.by_epoch ? a.epoch.data() : a.steps.data();
  for (int p = 0; p < 5; ++p) {
    bool any = false;
    for (float v : a.parts[p]) any = any || v != 0.f;
    if (any) out.push_back({kLossPartNames[p], ex, a.parts[p].data(), static_cast<int>(a.epoch.size()), plot_color(p), true, false});
  }
}

// 27k, 1.2M: table cells stay narrow.
std::string compact(double v) {
  char buf[24];
  if (v >= 1e6) std::snprintf(buf, sizeof buf, "%.1fM", v / 1e6);
  else if (v >= 1e4) std::snprintf(buf, sizeof buf, "%.0fk", v / 1e3);
  else std::snprintf(buf, sizeof buf, "%.0f", v);
  return buf;
}

void sort_rows(const std::vector<RunRecord>& runs, std::vector<int>& order, bool& scroll_to_live) {
  order.resize(runs.size());
  for (size_t i = 0; i < runs.size(); ++i) order[i] = static_cast<int>(i);
  ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs();
  if (!specs || specs->SpecsCount == 0) return;
  if (specs->SpecsDirty) {
    scroll_to_live = true;  // the live run moved: bring it back into view
    specs->SpecsDirty = false;
  }
  const ImGuiTableColumnSortSpecs& s = specs->Specs[0];
  auto key = [&](const RunRecord& r) -> double {
    switch (s.ColumnIndex) {
      case 2: return r.history.empty() ? 1e30 : r.history.back().test_loss;
      case 3: return static_cast<double>(r.history.size());
      case 5: return r.samples_per_s();
      case 6: return static_cast<double>(r.params);
      default: return r.id;
    }
  };
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    const double ka = key(runs[a]), kb = key(runs[b]);
    return s.SortDirection == ImGuiSortDirection_Descending ? ka > kb : ka < kb;
  });
}

// The runs table: the plot's legend and the place to compare, reopen and delete runs.
void runs_table(AppState& s, float height) {
  std::vector<RunRecord>& runs = s.session.runs();
  CurvesState& c = s.curves;
  const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX |
                                ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("runs", 7, flags, ImVec2(-1, height))) return;
  ImGui::TableSetupScrollFreeze(2, 1);  // the run, its colour and its buttons never scroll away
  ImGui::TableSetupColumn("run", ImGuiTableColumnFlags_DefaultSort | ImGuiTableColumnFlags_WidthFixed);
  // The actions come first: they stay in view when the numbers scroll.
  ImGui::TableSetupColumn("", ImGuiTableColumnFlags_NoSort);
  // The numbers compared most come before the long label, so they stay in view.
  ImGui::TableSetupColumn("test loss");
  ImGui::TableSetupColumn("epochs");
  ImGui::TableSetupColumn("model \xc2\xb7 data \xc2\xb7 optimiser \xc2\xb7 seed", ImGuiTableColumnFlags_NoSort |
                          ImGuiTableColumnFlags_WidthFixed, std::max(160.f, ImGui::GetContentRegionAvail().x * 0.42f));
  ImGui::TableSetupColumn("samples/s");
  ImGui::TableSetupColumn("params");
  ImGui::TableHeadersRow();
  std::vector<int> order;
  bool resorted = false;
  sort_rows(runs, order, resorted);
  if (resorted) c.scrolled_to = 0;
  for (int i : order) {
    RunRecord& r = runs[i];
    const bool live = i == s.session.current();
    ImGui::PushID(r.id);
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    if (live && c.scrolled_to != r.id) {
      ImGui::SetScrollHereY();
      c.scrolled_to = r.id;
    }
    ImGui::PushStyleColor(ImGuiCol_CheckMark, ImGui::ColorConvertU32ToFloat4(run_color(r)));
    ImGui::PushStyleColor(ImGuiCol_FrameBg, ImGui::ColorConvertU32ToFloat4((run_color(r) & 0x00ffffffu) | 0x50000000u));
    char id[48];
    std::snprintf(id, sizeof id, "#%d##show run %d's curves", r.id, r.id);
    ImGui::Checkbox(id, &r.visible);
    ImGui::PopStyleColor(2);
    if (ImGui::IsItemHovered()) tip("show or hide run #%d's curves", r.id);
    ImGui::TableNextColumn();
    ImGui::BeginDisabled(live || r.saved.empty());
    const std::string run = "run " + std::to_string(r.id);
    if (small_button((live ? "live##" + run + " is the live model" : "open##open " + run).c_str())) s.reopen_run(i);
    ImGui::EndDisabled();
    s.remember_rect(("run_open_" + std::to_string(r.id)).c_str());
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
      tip("%s", live ? "this is the live model"
                              : r.saved.empty() ? (r.dropped ? "its model was let go to save memory; the curves stay"
                                                             : "it never trained a batch, so there is no model to open")
                                                : "make this run's model the live one again (the live one is kept here)");
    ImGui::SameLine();
    ImGui::BeginDisabled(live);
    if (small_button(("x##delete " + run).c_str())) c.confirm_delete = r.id;
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
      tip("%s", live ? "the live run cannot be deleted; Reset puts it away first" : "delete this run");
    ImGui::EndDisabled();
    ImGui::TableNextColumn();
    if (r.history.empty()) ImGui::TextDisabled("-");
    else ImGui::Text("%.4f", r.history.back().test_loss);
    ImGui::TableNextColumn();
    ImGui::Text("%zu", r.history.size());
    ImGui::TableNextColumn();
    const std::string label = r.description() + (live ? "  (live)" : "");
    ImGui::TextUnformatted(label.c_str());
    if (ImGui::IsItemHovered()) tip("%s\nloss %s, batch %d", r.label().c_str(), r.loss.c_str(), r.batch_size);
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(compact(r.samples_per_s()).c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(compact(static_cast<double>(r.params)).c_str());
    ImGui::PopID();
  }
  ImGui::EndTable();
}

void confirm_delete(AppState& s) {
  CurvesState& c = s.curves;
  if (c.confirm_delete) ImGui::OpenPopup("Delete run?");
  if (!ImGui::BeginPopupModal("Delete run?", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  std::vector<RunRecord>& runs = s.session.runs();
  int index = -1;
  for (int i = 0; i < static_cast<int>(runs.size()); ++i)
    if (runs[i].id == c.confirm_delete) index = i;
  if (index >= 0) {
    ImGui::Text("Delete %s?", runs[index].label().c_str());
    ImGui::TextDisabled(runs[index].saved.empty() ? "Its curves go; there is no way back."
                                                  : "Its curves and its model go; there is no way back.");
  }
  if (ImGui::Button("Delete", ImVec2(100, 0))) {
    if (index >= 0) s.session.delete_run(index);
    c.confirm_delete = 0;
    ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  if (ImGui::Button("Cancel", ImVec2(100, 0)) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
    c.confirm_delete = 0;
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

}  // namespace

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
  if (ImGui::IsItemHovered()) tip("the live run's loss split into reconstruction and each penalty");
  side_note(c.by_epoch ? "solid train, dashed test" : "solid batches, dashed test");

  std::vector<RunArrays> arrays(runs.size());
  for (size_t r = 0; r < runs.size(); ++r) fill_arrays(runs[r], arrays[r]);
  // One plot per loss kind among the shown runs (the live run's parts: one plot).
  std::vector<std::string> kinds;
  std::vector<std::vector<PlotSeries>> plots;
  const int live = s.session.current();
  if (c.parts && live >= 0) {
    kinds.push_back(runs[live].loss);
    plots.emplace_back();
    parts_series(c, arrays[live], plots.back());
  } else {
    for (size_t r = 0; r < runs.size(); ++r) {
      if (!runs[r].visible) continue;
      size_t k = std::find(kinds.begin(), kinds.end(), runs[r].loss) - kinds.begin();
      if (k == kinds.size()) kinds.push_back(runs[r].loss), plots.emplace_back();
      run_series(c, runs[r], arrays[r], plots[k]);
    }
  }
  if (plots.empty()) kinds.push_back(""), plots.emplace_back();

  // The table takes what its rows need, up to two fifths of the panel (the rest scroll, the live
  // one into view); the plots the rest. With six runs the plot had shrunk to a strip.
  const float row = ImGui::GetFrameHeightWithSpacing();
  const float most = std::max(2.f, std::floor(ImGui::GetContentRegionAvail().y * 0.4f / row - 1.4f));
  const float table_h = runs.empty() ? 0.f : row * (1.4f + std::min(most, static_cast<float>(runs.size())));
  const float avail = ImGui::GetContentRegionAvail().y - table_h - ImGui::GetStyle().ItemSpacing.y;
  const float each = std::max(120.f, avail / plots.size() - ImGui::GetStyle().ItemSpacing.y);
  PlotOptions opt;
  opt.log_y = c.log_y;
  opt.x_label = c.by_epoch ? "epoch" : "step";
  ImVec2 lo(1e9f, 1e9f), hi(-1e9f, -1e9f);
  for (size_t k = 0; k < plots.size(); ++k) {
    const std::string title = kinds[k].empty() ? std::string("loss") : loss_title(kinds[k], c.log_y);
    opt.y_label = title.c_str();
    plot_lines(("loss" + std::to_string(k)).c_str(), plots[k], ImVec2(-1, each), opt);
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    lo = ImVec2(std::min(lo.x, a.x), std::min(lo.y, a.y));
    hi = ImVec2(std::max(hi.x, b.x), std::max(hi.y, b.y));
  }
  s.rects.push_back({"curves_plot", lo.x, lo.y, hi.x - lo.x, hi.y - lo.y});
  if (!runs.empty()) {
    runs_table(s, table_h);
    s.remember_rect("curves_legend");
  }
  confirm_delete(s);
}

}  // namespace bn::app
