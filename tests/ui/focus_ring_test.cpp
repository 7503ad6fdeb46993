// Tests src/app/focus_ring on real ImGui frames: Tab moves the keyboard focus through every
// control of every window in order (buttons, checkboxes and text fields alike, which ImGui 1.86
// alone would not), Shift-Tab goes back, it wraps around, disabled controls are skipped, and the
// focused control's name is what a screen reader should say.
#include <catch2/catch.hpp>

#include "app/focus_ring.h"
#include "imgui.h"
#include "ui/headless_imgui.h"

namespace bn::app {
namespace {

struct Frames {
  Frames() {
    ImGui::GetIO().ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    ring = std::make_unique<FocusRing>();
  }
  // Two windows: a button, a disabled button and a checkbox; a text field and a hidden-label button.
  void frame() {
    ImGui::NewFrame();
    ring->begin_frame();
    ImGui::SetNextWindowPos(ImVec2(10, 10));
    ImGui::SetNextWindowSize(ImVec2(300, 200));
    ImGui::Begin("A");
    ImGui::Button("Start");
    ImGui::BeginDisabled();
    ImGui::Button("Reset");
    ImGui::EndDisabled();
    ImGui::Checkbox("log scale", &check);
    ImGui::End();
    ImGui::SetNextWindowPos(ImVec2(320, 10));
    ImGui::SetNextWindowSize(ImVec2(300, 200));
    ImGui::Begin("B");
    ImGui::InputText("learning rate", text, sizeof text);
    ImGui::Button("##make this layer the code");
    ImGui::End();
    ImGui::Render();
  }
  std::string tab(bool back = false) {
    ring->request_move(back);
    frame();
    frame();
    return ring->focused_label();
  }
  test::HeadlessImGui imgui;  // first in, last out: the ring unhooks from a live context
  std::unique_ptr<FocusRing> ring;
  bool check = false;
  char text[16] = "0.001";
};

}  // namespace

TEST_CASE("Tab moves the keyboard focus through every control of every window", "[ui]") {
  Frames f;
  f.frame();
  f.frame();
  REQUIRE_FALSE(f.ring->active());
  REQUIRE(f.tab() == "Start");
  REQUIRE(f.tab() == "log scale");  // the disabled Reset is skipped
  REQUIRE(f.tab() == "learning rate");
  REQUIRE(f.ring->focused_is_text());
  REQUIRE(f.tab() == "make this layer the code");
  REQUIRE(f.tab() == "Start");  // around again
  REQUIRE(f.tab(true) == "make this layer the code");
  REQUIRE(f.tab(true) == "learning rate");
  REQUIRE(f.ring->active());
}

}  // namespace bn::app
