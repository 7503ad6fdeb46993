// Filters panel: the first layer's weights as images (a Dense unit's 784 input weights as a
// 28x28 picture, a convolution's kernels), and beside them the last layer's weights out to the
// pixels. For the tied model the decoder's tiles are the encoder's transposes: the same pictures.
// Refreshed a few times a second while training. Blue is negative, orange positive.
#include <algorithm>
#include <vector>

#include "app/panels/panels.h"
#include "core/layers/conv2d.h"
#include "core/layers/dense.h"
#include "core/layers/tied_dense.h"

namespace bn::app {

namespace {
constexpr int kMaxTiles = 64;
constexpr double kRefreshSeconds = 0.5;

// Unit j's weights to or from the 784 pixels, for a kernel stored (pixels, units) or (units, pixels).
void pixel_tile(const Tensor& w, int j, bool pixels_first, std::vector<float>& out) {
  const int units = pixels_first ? w.shape()[1] : w.shape()[0];
  out.resize(kDigitPixels);
  for (int i = 0; i < kDigitPixels; ++i) out[i] = pixels_first ? w[static_cast<size_t>(i) * units + j] : w[static_cast<size_t>(j) * kDigitPixels + i];
}

// Fills `atlas` from one layer; returns the caption, or "" when the layer has no pictures to show.
std::string fill(TextureApi& api, Layer& layer, bool input_side, TileAtlas& atlas) {
  std::vector<float> tile;
  if (auto* tied = dynamic_cast<DenseTied*>(&layer)) {
    const Tensor& w = tied->encoder().kernel();  // (784, units): the transpose it uses
    const int n = std::min(kMaxTiles, w.shape()[1]);
    atlas.layout(api, n, kDigitSide, kDigitSide);
    for (int j = 0; j < n; ++j) pixel_tile(w, j, true, tile), atlas.set_tile(j, tile.data(), Colormap::kDiverging);
    return "'" + tied->encoder().name() + "' transposed (tied)";
  }
  if (auto* dense = dynamic_cast<Dense*>(&layer)) {
    const Tensor& w = dense->kernel();  // (in, units)
    const bool pixels_first = input_side;
    if ((pixels_first ? w.shape()[0] : w.shape()[1]) != kDigitPixels) return "";
    const int units = pixels_first ? w.shape()[1] : w.shape()[0], n = std::min(kMaxTiles, units);
    atlas.layout(api, n, kDigitSide, kDigitSide);
    for (int j = 0; j < n; ++j) pixel_tile(w, j, pixels_first, tile), atlas.set_tile(j, tile.data(), Colormap::kDiverging);
    return std::to_string(n) + (n < units ? " of " + std::to_string(units) : std::string()) + " units";
  }
  if (auto* conv = dynamic_cast<Conv2D*>(&layer)) {
    const Tensor& w = conv->kernel();  // (k, k, cin, cout)
    const int k = w.shape()[0], cin = w.shape()[2], cout = w.shape()[3];
    // The side that faces the image has one channel: one tile per filter (first layer) or
    // per input channel (last layer).
    const int n = std::min(kMaxTiles, input_side ? cout : cin);
    atlas.layout(api, n, k, k);
    tile.resize(static_cast<size_t>(k) * k);
    for (int j = 0; j < n; ++j) {
      for (int t = 0; t < k * k; ++t) tile[t] = input_side ? w[static_cast<size_t>(t) * cin * cout + j] : w[(static_cast<size_t>(t) * cin + j) * cout];
      atlas.set_tile(j, tile.data(), Colormap::kDiverging);
    }
    return std::to_string(n) + " kernels, " + std::to_string(k) + "x" + std::to_string(k);
  }
  return "";
}

// The largest tiles (up to 56 px) that fit all of the atlas into width x height, so no tile is
// below the panel's fold.
void grid(TileAtlas& atlas, float width, float height, const char* unit_name) {
  const int n = atlas.count();
  constexpr float kGap = 2.f;
  float tile = 56.f;
  int cols = 1;
  for (; tile > 6.f; tile -= 1.f) {
    cols = std::max(1, std::min(n, static_cast<int>((width + kGap) / (tile + kGap))));
    const int rows = (n + cols - 1) / cols;
    if (rows * (tile + kGap) <= height) break;
  }
  for (int j = 0; j < n; ++j) {
    if (j % cols) ImGui::SameLine(0, kGap);
    atlas.show_tile(j, tile, tile);
    if (ImGui::IsItemHovered()) tip("%s %d: what it responds to, weight by pixel", unit_name, j);
  }
  atlas.flush();
}

// The colour key of every weight picture: blue below zero, black at zero, orange above.
void color_key(AppState& s) {
  ImGui::TextUnformatted("weights:");
  ImGui::SameLine();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float h = ImGui::GetTextLineHeight(), w = 90.f;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  // shaders/colormap.frag's ends and middle.
  const ImU32 neg = ImGui::GetColorU32(ImVec4(0.23f, 0.58f, 1.f, 1.f)), zero = ImGui::GetColorU32(ImVec4(0.08f, 0.08f, 0.08f, 1.f)),
              pos = ImGui::GetColorU32(ImVec4(1.f, 0.63f, 0.18f, 1.f));
  dl->AddRectFilledMultiColor(p, ImVec2(p.x + w / 2, p.y + h), neg, zero, zero, neg);
  dl->AddRectFilledMultiColor(ImVec2(p.x + w / 2, p.y), ImVec2(p.x + w, p.y + h), zero, pos, pos, zero);
  ImGui::Dummy(ImVec2(w, h));
  if (ImGui::IsItemHovered())
    tip("Each tile is one unit's weights laid out as an image: blue where a pixel pushes the unit down,\n"
                      "orange where it pushes it up, black where the pixel does not matter to it.");
  s.remember_rect("filters_key");
  ImGui::SameLine();
  ImGui::TextDisabled("negative \xc2\xb7 0 \xc2\xb7 positive");
}
}  // namespace

void filters_panel(AppState& s) {
  Model* m = s.session.model();
  if (!m || !s.textures) {
    ImGui::TextDisabled("Start training to see the weights.");
    return;
  }
  FiltersState& f = s.filters;
  if (f.seen_version != s.session.weights_version() && s.now >= f.next_refresh) {
    int first = -1, last = -1;
    for (int i = 0; i < static_cast<int>(m->layer_count()); ++i)
      if (!m->layer(i).params().empty()) {
        if (first < 0) first = i;
        last = i;
      }
    f.captions[0] = first >= 0 ? fill(*s.textures, m->layer(first), true, f.encoder) : "";
    f.captions[1] = last > first ? fill(*s.textures, m->layer(last), false, f.decoder) : "";
    f.encoder.upload();
    f.decoder.upload();
    f.seen_version = s.session.weights_version();
    f.next_refresh = s.now + kRefreshSeconds;
  }
  color_key(s);
  const float w = ImGui::GetContentRegionAvail().x;
  // A few pixels to spare: a grid that just fits brings up the scrollbar, which narrows the
  // panel, which shrinks the grid, which takes the scrollbar away again, every frame.
  const float h = ImGui::GetContentRegionAvail().y - ImGui::GetTextLineHeightWithSpacing() - ImGui::GetStyle().ItemSpacing.y - 4;
  const bool both = !f.captions[1].empty();
  const float col = both ? (w - 12) / 2 : w;
  ImGui::BeginGroup();
  text_fitted("first layer: " + f.captions[0]);
  if (!f.captions[0].empty()) grid(f.encoder, col, h, "input-side unit");
  ImGui::EndGroup();
  s.remember_rect("filters_encoder");
  if (both) {
    ImGui::SameLine(0, 12);
    ImGui::BeginGroup();
    text_fitted("last layer: " + f.captions[1]);
    grid(f.decoder, col, h, "output-side unit");
    ImGui::EndGroup();
  }
}

}  // namespace bn::app
