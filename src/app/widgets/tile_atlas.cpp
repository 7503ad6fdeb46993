#include "app/widgets/tile_atlas.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace bn::app {

namespace {
// The value the colour-map shader reads from the red channel: ink as is, signed values mapped
// to [0, 1] around 0.5.
void encode(Colormap map, float v, float range, uint8_t* out) {
  const float t = map == Colormap::kInk ? std::clamp(v, 0.f, 1.f)
                                        : 0.5f + 0.5f * (range > 0 ? std::clamp(v / range, -1.f, 1.f) : 0.f);
  out[0] = out[1] = out[2] = static_cast<uint8_t>(t * 255.f + 0.5f);
  out[3] = 255;
}

// The same colours on the CPU, for renderers without the shader.
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
  maps_.assign(count, Colormap::kInk);
  id_ = count > 0 ? api.create(tex_w_, tex_h_) : nullptr;
  queue_.clear();
  dirty_ = true;
}

void TileAtlas::set_tile(int index, const float* v, Colormap map, float range) {
  if (index < 0 || index >= count_) return;
  if (map == Colormap::kDiverging && range <= 0)
    for (int i = 0; i < tile_w_ * tile_h_; ++i) range = std::max(range, std::fabs(v[i]));
  const int x0 = (index % cols_) * tile_w_, y0 = (index / cols_) * tile_h_;
  const bool gpu = api_->colormaps();
  maps_[index] = map;
  // Only a tile whose pixels changed makes an upload: the page redraws what draws a changed
  // texture, and panels set their tiles every frame.
  bool changed = false;
  for (int y = 0; y < tile_h_; ++y)
    for (int x = 0; x < tile_w_; ++x) {
      uint8_t* px = &rgba_[((static_cast<size_t>(y0 + y) * tex_w_) + x0 + x) * 4];
      uint8_t c[4];
      if (gpu) encode(map, v[y * tile_w_ + x], range, c);
      else colour(map, v[y * tile_w_ + x], range, c);
      if (std::memcmp(px, c, 4) != 0) {
        std::memcpy(px, c, 4);
        changed = true;
      }
    }
  dirty_ = dirty_ || changed;
}

void TileAtlas::upload() {
  if (!dirty_ || !id_) return;
  api_->update(id_, tex_w_, tex_h_, rgba_.data());
  dirty_ = false;
}

void TileAtlas::show_tile(int index, float w, float h) {
  ImGui::Dummy(ImVec2(w, h));
  if (!id_ || index < 0 || index >= count_) return;
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  // The frame goes just outside the image, so the image drawn later does not cover it.
  dl->AddRect(ImVec2(min.x - 1, min.y - 1), ImVec2(max.x + 1, max.y + 1), IM_COL32(89, 94, 107, 255));
  const float u0 = static_cast<float>((index % cols_) * tile_w_) / tex_w_;
  const float v0 = static_cast<float>((index / cols_) * tile_h_) / tex_h_;
  const ImVec2 uv0(u0, v0), uv1(u0 + static_cast<float>(tile_w_) / tex_w_, v0 + static_cast<float>(tile_h_) / tex_h_);
  const ImVec2 c0 = dl->GetClipRectMin(), c1 = dl->GetClipRectMax();
  queue_.push_back({dl, ImVec4(c0.x, c0.y, c1.x, c1.y), min, max, uv0, uv1, maps_[index]});
}

void TileAtlas::flush() {
  const bool gpu = api_ && api_->colormaps();
  // Grouped by draw list (a tile may sit in a child window) and, under the shader, by map; each
  // tile keeps the clip rectangle it was placed under, and equal ones merge into one draw call.
  for (size_t first = 0; first < queue_.size(); ++first) {
    ImDrawList* dl = queue_[first].dl;
    bool seen = false;
    for (size_t k = 0; k < first && !seen; ++k) seen = queue_[k].dl == dl;
    if (seen) continue;
    for (const Colormap map : {Colormap::kInk, Colormap::kDiverging}) {
      bool begun = false;
      for (size_t k = first; k < queue_.size(); ++k) {
        const Queued& q = queue_[k];
        if (q.dl != dl || (gpu && q.map != map)) continue;
        if (gpu && !begun) api_->begin_colormap(dl, static_cast<int>(map));
        begun = true;
        dl->PushClipRect(ImVec2(q.clip.x, q.clip.y), ImVec2(q.clip.z, q.clip.w));
        dl->AddImage(id_, q.min, q.max, q.uv0, q.uv1);
        dl->PopClipRect();
      }
      if (!gpu) break;  // one pass draws every tile in the CPU's colours
    }
    if (gpu) api_->end_colormap(dl);
  }
  queue_.clear();
}

}  // namespace bn::app
