#include "app/widgets/tile_atlas.h"

#include <algorithm>
#include <cmath>

namespace bn::app {

namespace {
void colour(Colormap map, float v, float range, uint8_t* out) {
  float r, g, b;
  if (map == Colormap::kInk) {
    r = g = b = std::clamp(v, 0.f, 1.f);
  } else {
    const float t = range > 0 ? std::clamp(v / range, -1.f, 1.f) : 0.f;
    // Negative blue, positive orange, both rising from a dark zero so small weights recede.
    const float a = std::fabs(t);
    if (t >= 0) r = 0.08f + 0.92f * a, g = 0.08f + 0.55f * a, b = 0.08f + 0.1f * a;
    else r = 0.08f + 0.15f * a, g = 0.08f + 0.5f * a, b = 0.08f + 0.92f * a;
  }
  out[0] = static_cast<uint8_t>(r * 255.f + 0.5f);
  out[1] = static_cast<uint8_t>(g * 255.f + 0.5f);
  out[2] = static_cast<uint8_t>(b * 255.f + 0.5f);
  out[3] = 255;
}
}  // namespace

TileAtlas::~TileAtlas() {
  if (api_ && id_) api_->destroy(id_);
}

void TileAtlas::layout(TextureApi& api, int count, int tile_w, int tile_h) {
  if (api_ == &api && id_ && count == count_ && tile_w == tile_w_ && tile_h == tile_h_) return;
  if (api_ && id_) api_->destroy(id_);
  api_ = &api;
  count_ = count, tile_w_ = tile_w, tile_h_ = tile_h;
  cols_ = std::max(1, static_cast<int>(std::ceil(std::sqrt(static_cast<double>(count)))));
  rows_ = std::max(1, (count + cols_ - 1) / cols_);
  tex_w_ = cols_ * tile_w, tex_h_ = rows_ * tile_h;
  rgba_.assign(static_cast<size_t>(tex_w_) * tex_h_ * 4, 0);
  id_ = count > 0 ? api.create(tex_w_, tex_h_) : nullptr;
  dirty_ = true;
}

void TileAtlas::set_tile(int index, const float* v, Colormap map, float range) {
  if (index < 0 || index >= count_) return;
  if (map == Colormap::kDiverging && range <= 0)
    for (int i = 0; i < tile_w_ * tile_h_; ++i) range = std::max(range, std::fabs(v[i]));
  const int x0 = (index % cols_) * tile_w_, y0 = (index / cols_) * tile_h_;
  for (int y = 0; y < tile_h_; ++y)
    for (int x = 0; x < tile_w_; ++x)
      colour(map, v[y * tile_w_ + x], range, &rgba_[((static_cast<size_t>(y0 + y) * tex_w_) + x0 + x) * 4]);
  dirty_ = true;
}

void TileAtlas::upload() {
  if (!dirty_ || !id_) return;
  api_->update(id_, tex_w_, tex_h_, rgba_.data());
  dirty_ = false;
}

void TileAtlas::show_tile(int index, float w, float h) const {
  if (!id_ || index < 0 || index >= count_) {
    ImGui::Dummy(ImVec2(w, h));
    return;
  }
  const float u0 = static_cast<float>((index % cols_) * tile_w_) / tex_w_;
  const float v0 = static_cast<float>((index / cols_) * tile_h_) / tex_h_;
  const ImVec2 uv0(u0, v0), uv1(u0 + static_cast<float>(tile_w_) / tex_w_, v0 + static_cast<float>(tile_h_) / tex_h_);
  // ImGui adds the 1-pixel frame around the image: take it out of the size asked for.
  ImGui::Image(id_, ImVec2(std::max(1.f, w - 2), std::max(1.f, h - 2)), uv0, uv1, ImVec4(1, 1, 1, 1),
               ImVec4(0.35f, 0.37f, 0.42f, 1.f));
}

}  // namespace bn::app
