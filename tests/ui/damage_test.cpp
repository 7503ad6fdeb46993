// Tests src/platform/gl/damage on real ImGui frames (no renderer: the draw data is compared, not
// drawn): an unchanged frame redraws nothing, a changed window redraws its own rectangle only,
// tooltips and moved windows repaint what they leave, a changed texture redraws its users, and a
// new display size redraws everything.
#include <catch2/catch.hpp>

#include <functional>
#include <string>

#include "imgui.h"
#include "platform/gl/damage.h"
#include "ui/headless_imgui.h"

namespace bn::platform {
namespace {

class Frames {
 public:

  // A few frames of `body`: ImGui shows a new window or tooltip from its second frame on.
  void settle(const std::function<void()>& body) {
    for (int i = 0; i < 3; ++i) frame(body);
  }

  // One frame of `body`, its damage as the tracker sees it.
  const Damage& frame(const std::function<void()>& body) {
    ImGui::NewFrame();
    body();
    ImGui::Render();
    return tracker.update(*ImGui::GetDrawData());
  }

  test::HeadlessImGui imgui;  // constructed before the tracker uses it, destroyed after
  DamageTracker tracker;
};

// Two windows side by side, with a gap; `a_text` goes into the left one.
void two_windows(const std::string& a_text, float b_x = 420) {
  ImGui::SetNextWindowPos(ImVec2(10, 10));
  ImGui::SetNextWindowSize(ImVec2(380, 300));
  ImGui::Begin("A");
  ImGui::TextUnformatted(a_text.c_str());
  ImGui::Image(reinterpret_cast<ImTextureID>(42), ImVec2(56, 56));
  ImGui::End();
  ImGui::SetNextWindowPos(ImVec2(b_x, 10));
  ImGui::SetNextWindowSize(ImVec2(360, 300));
  ImGui::Begin("B");
  ImGui::TextUnformatted("steady");
  ImGui::End();
}

bool has_list(const Damage& d, const char* owner) {
  for (const ImDrawList* l : d.lists)
    if (l->_OwnerName && std::string(l->_OwnerName) == owner) return true;
  return false;
}

bool covers(const Damage& d, float x0, float y0, float x1, float y1) {
  for (const DamageRect& r : d.rects)
    if (r.x0 <= x0 && r.y0 <= y0 && r.x1 >= x1 && r.y1 >= y1) return true;
  return false;
}

bool reaches(const Damage& d, float x0, float y0, float x1, float y1) {
  for (const DamageRect& r : d.rects)
    if (r.x0 < x1 && x0 < r.x1 && r.y0 < y1 && y0 < r.y1) return true;
  return false;
}

}  // namespace

TEST_CASE("the first frame redraws everything and an unchanged frame nothing", "[ui]") {
  Frames f;
  const Damage& first = f.frame([] { two_windows("loss 0.25"); });
  CHECK(covers(first, 0, 0, 800, 600));
  CHECK(has_list(first, "A"));
  CHECK(has_list(first, "B"));
  CHECK(f.tracker.damaged_share() == 1.f);
  f.settle([] { two_windows("loss 0.25"); });
  for (int i = 0; i < 3; ++i) {
    const Damage& same = f.frame([] { two_windows("loss 0.25"); });
    CHECK(same.empty());
    CHECK(f.tracker.damaged_share() == 0.f);
  }
}

TEST_CASE("a window whose text changed is redrawn alone, within its own rectangle", "[ui]") {
  Frames f;
  f.settle([] { two_windows("loss 0.25"); });
  const Damage& d = f.frame([] { two_windows("loss 0.24"); });
  REQUIRE(d.lists.size() == 1u);
  CHECK(has_list(d, "A"));
  CHECK(covers(d, 10, 10, 390, 310));
  CHECK_FALSE(reaches(d, 420, 10, 780, 310));  // B's pixels stay
  CHECK(f.tracker.damaged_share() < 0.35f);
}

TEST_CASE("a changed texture redraws the windows that draw it", "[ui]") {
  Frames f;
  f.settle([] { two_windows("x"); });
  f.tracker.texture_changed(reinterpret_cast<ImTextureID>(42));
  const Damage& d = f.frame([] { two_windows("x"); });
  CHECK(has_list(d, "A"));
  CHECK_FALSE(has_list(d, "B"));
  f.tracker.texture_changed(reinterpret_cast<ImTextureID>(7));  // drawn by no one
  CHECK(f.frame([] { two_windows("x"); }).empty());
}

TEST_CASE("a tooltip repaints what it covered when it closes", "[ui]") {
  Frames f;
  auto with_tip = [] {
    two_windows("x");
    ImGui::SetNextWindowPos(ImVec2(100, 100));
    ImGui::BeginTooltip();
    ImGui::TextUnformatted("a tooltip over A");
    ImGui::EndTooltip();
  };
  f.settle([] { two_windows("x"); });
  f.frame(with_tip);  // hidden on its first frame
  const Damage& open = f.frame(with_tip);
  CHECK(has_list(open, "A"));  // under the new tooltip, so drawn again before it
  CHECK_FALSE(has_list(open, "B"));
  CHECK(open.lists.size() == 2u);
  CHECK(f.frame(with_tip).empty());
  const Damage& closed = f.frame([] { two_windows("x"); });
  CHECK(has_list(closed, "A"));
  CHECK(covers(closed, 100, 100, 150, 110));
}

TEST_CASE("a window moved over another redraws both, old place and new", "[ui]") {
  Frames f;
  f.settle([] { two_windows("x"); });
  const Damage& d = f.frame([] { two_windows("x", 300); });
  CHECK(has_list(d, "A"));  // B now overlaps it
  CHECK(has_list(d, "B"));
  CHECK(covers(d, 420, 10, 780, 310));  // where B was
  CHECK(covers(d, 300, 10, 660, 310));  // where it is
  // The lists keep the draw data's order, so B is still drawn over A.
  REQUIRE(d.lists.size() == 2u);
  CHECK(std::string(d.lists[0]->_OwnerName) == "A");
}

TEST_CASE("a new display size or an invalidation redraws everything", "[ui]") {
  Frames f;
  f.settle([] { two_windows("x"); });
  ImGui::GetIO().DisplaySize = ImVec2(820, 600);
  const Damage& d = f.frame([] { two_windows("x"); });
  CHECK(covers(d, 0, 0, 820, 600));
  CHECK(f.frame([] { two_windows("x"); }).empty());
  f.tracker.invalidate();
  CHECK(covers(f.frame([] { two_windows("x"); }), 0, 0, 820, 600));
}

}  // namespace bn::platform
