// The teaching windows over the panels: the first-visit introduction (what an autoencoder is,
// what the bottleneck forces, what to try first), and the Guide: one-click experiments, a card
// for every preset, and the introduction again. Not a tiled panel: they float above the others
// and close.
#include <algorithm>
#include <string>

#include "app/guide.h"
#include "app/panels/panels.h"

namespace bn::app {

namespace {

// A window centred on the screen, at most `width` wide (less on a phone).
void center_next(float width) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float w = std::min(width, vp->WorkSize.x - 16.f);
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.5f),
                          ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSizeConstraints(ImVec2(w, 0), ImVec2(w, vp->WorkSize.y - 16.f));
}

// On a phone a drag inside a window scrolls it (drag_to_scroll); one that also moved the window
// took its title bar and close button off the screen.
ImGuiWindowFlags pinned_on_touch() {
  return touch_layout() ? ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize : 0;
}

void close_intro(AppState& s) {
  s.guide.intro_open = false;
  s.guide.intro_dismissed = true;
}

void intro_window(AppState& s) {
  if (!s.guide.intro_open) return;
  center_next(560);
  ImGui::SetNextWindowFocus();
  ImGui::SetNextWindowBgAlpha(1.f);  // the panels must not show through
  bool open = true;
  if (ImGui::Begin("Welcome to Bottleneck", &open,
                   ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                       pinned_on_touch())) {
    s.remember_rect("intro");
    for (const char* p : intro_paragraphs()) {
      ImGui::TextWrapped("%s", p);
      ImGui::Spacing();
    }
    ImGui::BeginDisabled(!s.data.ready());
    if (ImGui::Button("Train the shallow model now")) {
      close_intro(s);
      s.select_preset(0);
      s.start_new();
      s.show_panel = "Curves";  // what the introduction says to watch
    }
    ImGui::EndDisabled();
    s.remember_rect("intro_start");
    // The three buttons share a line where they fit (not on a phone).
    const bool one_line = ImGui::GetContentRegionAvail().x > 420.f;
    if (one_line) ImGui::SameLine();
    if (ImGui::Button("Guided experiments")) {
      close_intro(s);
      s.guide.guide_open = true;
    }
    s.remember_rect("intro_guide");
    if (one_line) ImGui::SameLine();
    if (ImGui::Button("Close")) close_intro(s);
    s.remember_rect("intro_close");
  }
  ImGui::End();
  if (!open) close_intro(s);
}

void experiments_tab(AppState& s) {
  ImGui::TextWrapped("Each experiment sets up a model and its settings and starts training; what to look for stays in "
                     "the Train panel. The model you have now is kept in Runs (Undo brings it back).");
  const std::vector<Experiment>& list = experiments();
  for (int i = 0; i < static_cast<int>(list.size()); ++i) {
    const Experiment& e = list[i];
    ImGui::PushID(i);
    ImGui::Separator();
    ImGui::TextUnformatted(e.title);
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", e.look);
    ImGui::PopStyleColor();
    ImGui::BeginDisabled(!s.data.ready());
    if (ImGui::Button("Run this experiment")) s.run_experiment(i);
    ImGui::EndDisabled();
    s.remember_rect(("guide_run_" + std::to_string(i)).c_str());
    ImGui::PopID();
  }
}

}  // namespace

void preset_card_text(const PresetCard& c, bool compact) {
  ImGui::TextWrapped("%s", c.idea);
  auto hover_note = [](const char* label, const char* text) {
    ImGui::TextColored(ImVec4(0.65f, 0.85f, 1.f, 1.f), "%s", label);
    if (ImGui::IsItemHovered()) {
      ImGui::BeginTooltip();
      ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30);
      ImGui::TextUnformatted(text);
      ImGui::PopTextWrapPos();
      ImGui::EndTooltip();
    }
  };
  if (compact) {
    // Two lines less in a crowded panel: the rest is a hover away (and whole in the Guide).
    hover_note("What to watch", c.watch);
    ImGui::SameLine();
    ImGui::TextDisabled("\xc2\xb7");
    ImGui::SameLine();
    hover_note("Where it comes from", c.source);
  } else {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.65f, 0.85f, 1.f, 1.f));
    ImGui::TextWrapped("Watch: %s", c.watch);
    ImGui::PopStyleColor();
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("From: %s", c.source);
    ImGui::PopStyleColor();
  }
}

void guide_windows(AppState& s) {
  intro_window(s);
  if (!s.guide.guide_open) return;
  center_next(620);
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  if (pinned_on_touch()) ImGui::SetNextWindowSize(ImVec2(vp->WorkSize.x - 16, vp->WorkSize.y - 16));
  else ImGui::SetNextWindowSize(ImVec2(620, 520), ImGuiCond_Appearing);
  ImGui::SetNextWindowBgAlpha(1.f);
  if (ImGui::Begin("Guide", &s.guide.guide_open,
                   ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings | pinned_on_touch())) {
    s.remember_rect("guide_window");
    if (ImGui::BeginTabBar("guide_tabs")) {
      if (ImGui::BeginTabItem("Experiments")) {
        experiments_tab(s);
        ImGui::EndTabItem();
      }
      if (ImGui::BeginTabItem("Models")) {
        for (const std::string& name : preset_names())
          if (const PresetCard* c = preset_card(name)) {
            ImGui::Separator();
            ImGui::TextUnformatted(name.c_str());
            preset_card_text(*c, false);
          }
        ImGui::EndTabItem();
      }
      if (ImGui::BeginTabItem("What is this?")) {
        for (const char* p : intro_paragraphs()) {
          ImGui::TextWrapped("%s", p);
          ImGui::Spacing();
        }
        ImGui::EndTabItem();
      }
      ImGui::EndTabBar();
    }
  }
  ImGui::End();
}

}  // namespace bn::app
