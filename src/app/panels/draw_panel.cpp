// Draw panel: a canvas drawn with mouse, pen or finger (brush size, eraser, clear, or a test
// digit to start from). Every stroke segment re-normalises the ink into an MNIST-style 28x28
// digit and runs the model on it, so the code and the reconstruction follow the pen in the same
// frame, not only on release.
#include <string>
#include <algorithm>
#include <cmath>
#include <vector>

#include "app/panels/panels.h"
#include "core/train/trainer.h"

namespace bn::app {

namespace {

// Recomputes the normalised input, code and reconstruction when the ink or the weights changed.
void update_outputs(AppState& s) {
  DrawState& d = s.draw;
  const float noise = s.diagnostics.noise;
  if (!d.ink_changed && d.seen_version == s.session.weights_version() && d.seen_noise == noise) return;
  const double t0 = now_seconds();
  d.has_digit = normalize_digit(d.ink.data(), d.ink.side(), d.ink.side(), d.input.data());
  // The denoiser's own corruption at the Diagnostics panel's strength, the same noise each time
  // so strokes, not the dice, change the picture.
  Model* m = s.session.model();
  if (d.has_digit && noise > 0.f && m && m->spec().corruption.active()) {
    Rng rng(99);
    corrupt(Corruption{m->spec().corruption.kind, noise}, d.input.data(), d.input.size(), rng);
  }
  d.seen_noise = noise;
  const int c = s.session.code_size();
  d.code.assign(c, 0.f);
  d.recon.assign(kDigitPixels, 0.f);
  if (c > 0 && d.has_digit) {
    s.session.encode(d.input.data(), 1, d.code.data());
    s.session.decode(d.code.data(), 1, d.recon.data());
  }
  d.last_update_ms = (now_seconds() - t0) * 1000.0;
  ++d.updates;
  d.update_frame = s.frame;
  d.digits_tex.set_tile(0, d.input.data(), Colormap::kInk);
  d.digits_tex.set_tile(1, d.recon.data(), Colormap::kInk);
  d.digits_tex.upload();
  d.canvas_tex.set_tile(0, d.ink.data(), Colormap::kInk);
  d.canvas_tex.upload();
  d.ink_changed = false;
  d.seen_version = s.session.weights_version();
}

// The code as bars around a zero line (codes may be negative, e.g. linear units).
void code_bars(const std::vector<float>& code, ImVec2 size) {
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::Dummy(size);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p0, ImVec2(p0.x + size.x, p0.y + size.y), IM_COL32(20, 22, 27, 255), 3.f);
  if (code.empty()) return;
  float lo = 0, hi = 0;
  for (float v : code) lo = std::min(lo, v), hi = std::max(hi, v);
  if (hi - lo < 1e-6f) hi = lo + 1;
  const float zero = p0.y + size.y * hi / (hi - lo), w = size.x / code.size();
  for (size_t i = 0; i < code.size(); ++i) {
    const float y = p0.y + size.y * (hi - code[i]) / (hi - lo), x = p0.x + i * w;
    dl->AddRectFilled(ImVec2(x + (w > 3 ? 1 : 0), std::min(y, zero)), ImVec2(x + w, std::max(y, zero)),
                      code[i] >= 0 ? IM_COL32(255, 160, 70, 255) : IM_COL32(90, 160, 255, 255));
  }
  dl->AddLine(ImVec2(p0.x, zero), ImVec2(p0.x + size.x, zero), IM_COL32(120, 120, 130, 255));
  if (ImGui::IsItemHovered()) {
    const int i = std::clamp(static_cast<int>((ImGui::GetIO().MousePos.x - p0.x) / w), 0, static_cast<int>(code.size()) - 1);
    tip("unit %d: %.4f", i, code[i]);
  }
}

void canvas(AppState& s, float side) {
  DrawState& d = s.draw;
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##canvas", ImVec2(side, side));
  s.remember_rect("draw_canvas");
  const float scale = d.ink.side() / side;
  const ImVec2 m = ImGui::GetIO().MousePos;
  if (ImGui::IsItemActive()) {
    // Through every position the platform saw since the last frame, else to where the mouse is.
    const std::vector<ImVec2> one{m};
    const std::vector<ImVec2>& path = s.pointer_path.empty() ? one : s.pointer_path;
    for (const ImVec2& p : path) {
      const float x = (p.x - p0.x) * scale, y = (p.y - p0.y) * scale;
      if (!d.stroking) d.last_x = x, d.last_y = y;
      if (!d.stroking || x != d.last_x || y != d.last_y) {
        d.ink.stroke(d.last_x, d.last_y, x, y, d.brush * (d.eraser ? 2.f : 1.f), d.eraser);
        d.ink_changed = true;
        d.ink_frame = s.frame;
      }
      d.last_x = x, d.last_y = y;
      d.stroking = true;
    }
  } else {
    d.stroking = false;
  }
  update_outputs(s);
  // The image goes where the button is; the button before it took the input.
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImGui::SetCursorScreenPos(p0);
  d.canvas_tex.show_tile(0, side, side);
  d.canvas_tex.flush();
  if (ImGui::IsItemHovered() || d.stroking) {
    const float r = d.brush * (d.eraser ? 2.f : 1.f) / scale;
    dl->AddCircle(m, r, d.eraser ? IM_COL32(90, 160, 255, 200) : IM_COL32(255, 255, 255, 140), 24, 1.2f);
  }
}

}  // namespace

void draw_panel(AppState& s) {
  if (!s.textures) return;
  DrawState& d = s.draw;
  d.canvas_tex.layout(*s.textures, 1, d.ink.side(), d.ink.side());
  d.digits_tex.layout(*s.textures, 2, kDigitSide, kDigitSide);
  if (ImGui::Button("Clear")) {
    d.ink.clear();
    d.ink_changed = true;
  }
  s.remember_rect("draw_clear");
  ImGui::SameLine();
  ImGui::Checkbox("eraser", &d.eraser);
  s.remember_rect("draw_eraser");
  ImGui::SameLine();
  ImGui::BeginDisabled(!s.data.ready());
  const std::string pick = std::string("Pick a test ") + item_noun(s.data.dataset) + "###pick";
  if (ImGui::Button(pick.c_str())) {
    std::vector<float> img(kDigitPixels);
    s.data.test_image(d.pick, img.data());
    d.pick = (d.pick + 1) % std::max(1, s.data.mnist.test.count);
    d.ink.set_from_28(img.data());
    d.ink_changed = true;
  }
  s.remember_rect("draw_pick");
  ImGui::EndDisabled();
  ImGui::SetNextItemWidth(160);
  ImGui::SliderFloat("brush", &d.brush, 1.5f, 12.f, "%.1f");

  // The canvas takes what is left beside the two small images and above the code bars.
  const float avail = ImGui::GetContentRegionAvail().x, below = s.session.has_model() ? 100.f : 30.f;
  const float side = std::clamp(std::floor(std::min(avail * 0.6f, ImGui::GetContentRegionAvail().y - below)), 112.f, 336.f);
  canvas(s, side);
  ImGui::SameLine();
  ImGui::BeginGroup();
  const float small = std::clamp(std::floor(std::min(avail - side - 12, (side - 2 * ImGui::GetTextLineHeightWithSpacing()) / 2)), 40.f, 140.f);
  ImGui::TextUnformatted("as the model sees it");
  d.digits_tex.show_tile(0, small, small);
  s.remember_rect("draw_input");
  ImGui::TextUnformatted("reconstruction");
  d.digits_tex.show_tile(1, small, small);
  s.remember_rect("draw_recon");
  d.digits_tex.flush();
  ImGui::EndGroup();

  if (!s.session.has_model()) {
    ImGui::TextDisabled("Start training to see the code and the reconstruction.");
    return;
  }
  ImGui::Text("code (%zu units)%s%s", d.code.size(), d.has_digit ? "" : ": draw a ", d.has_digit ? "" : item_noun(s.data.dataset));
  code_bars(d.code, ImVec2(ImGui::GetContentRegionAvail().x, 70));
  s.remember_rect("draw_code");
}

}  // namespace bn::app
