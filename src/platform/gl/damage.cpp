#include "platform/gl/damage.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstring>

namespace bn::platform {

namespace {

template <class T>
void append(std::vector<unsigned char>& out, const T* data, size_t count) {
  const auto* b = reinterpret_cast<const unsigned char*>(data);
  out.insert(out.end(), b, b + count * sizeof(T));
}

// Everything the renderer reads from a list, field by field (no padding bytes).
void serialize(const ImDrawList& l, std::vector<unsigned char>& out) {
  out.clear();
  append(out, l.VtxBuffer.Data, static_cast<size_t>(l.VtxBuffer.Size));
  append(out, l.IdxBuffer.Data, static_cast<size_t>(l.IdxBuffer.Size));
  for (const ImDrawCmd& c : l.CmdBuffer) {
    append(out, &c.ClipRect, 1);
    append(out, &c.TextureId, 1);
    append(out, &c.VtxOffset, 1);
    append(out, &c.IdxOffset, 1);
    append(out, &c.ElemCount, 1);
    append(out, &c.UserCallback, 1);
    append(out, &c.UserCallbackData, 1);
  }
}

bool overlaps(const DamageRect& a, const DamageRect& b) {
  return a.x0 <= b.x1 && b.x0 <= a.x1 && a.y0 <= b.y1 && b.y0 <= a.y1;
}

DamageRect unite(const DamageRect& a, const DamageRect& b) {
  return {std::min(a.x0, b.x0), std::min(a.y0, b.y0), std::max(a.x1, b.x1), std::max(a.y1, b.y1)};
}

// Where a list can put pixels: its vertices' box within its commands' clip rectangles, widened to
// whole pixels and a pixel of margin (anti-aliased edges), inside the display.
DamageRect bounds_of(const ImDrawList& l, ImVec2 pos, ImVec2 size) {
  DamageRect v{FLT_MAX, FLT_MAX, -FLT_MAX, -FLT_MAX}, clip = v;
  for (const ImDrawVert& p : l.VtxBuffer) {
    v.x0 = std::min(v.x0, p.pos.x), v.y0 = std::min(v.y0, p.pos.y);
    v.x1 = std::max(v.x1, p.pos.x), v.y1 = std::max(v.y1, p.pos.y);
  }
  for (const ImDrawCmd& c : l.CmdBuffer)
    if (c.ElemCount || c.UserCallback) clip = unite(clip, {c.ClipRect.x, c.ClipRect.y, c.ClipRect.z, c.ClipRect.w});
  DamageRect r{std::max(v.x0, clip.x0), std::max(v.y0, clip.y0), std::min(v.x1, clip.x1), std::min(v.y1, clip.y1)};
  r = {std::floor(r.x0) - 1, std::floor(r.y0) - 1, std::ceil(r.x1) + 1, std::ceil(r.y1) + 1};
  r = {std::max(r.x0, pos.x), std::max(r.y0, pos.y), std::min(r.x1, pos.x + size.x), std::min(r.y1, pos.y + size.y)};
  return r;
}

}  // namespace

void DamageTracker::add(const DamageRect& r) {
  if (!(r.x1 > r.x0 && r.y1 > r.y0)) return;
  for (const DamageRect& d : damage_.rects)
    if (d.x0 <= r.x0 && d.y0 <= r.y0 && d.x1 >= r.x1 && d.y1 >= r.y1) return;  // already covered
  damage_.rects.push_back(r);
}

// Every list reaching into the damage is redrawn, and what it covers is damaged in turn, until
// nothing more reaches in. Lists keep the draw data's order.
void DamageTracker::close_over(const ImDrawData& dd, const std::vector<DamageRect>& bounds,
                               std::vector<char>& in) {
  for (bool grew = true; grew;) {
    grew = false;
    for (int n = 0; n < dd.CmdListsCount; ++n) {
      if (in[n]) continue;
      const DamageRect& b = bounds[n];
      bool reaches = false;
      for (size_t k = 0; k < damage_.rects.size() && !reaches; ++k)
        reaches = b.x1 > b.x0 && b.y1 > b.y0 && overlaps(b, damage_.rects[k]);
      if (!reaches) continue;
      in[n] = 1;
      add(b);
      grew = true;
    }
  }
  for (int n = 0; n < dd.CmdListsCount; ++n)
    if (in[n]) damage_.lists.push_back(dd.CmdLists[n]);
}

const Damage& DamageTracker::update(const ImDrawData& dd) {
  damage_.rects.clear();
  damage_.lists.clear();
  const ImVec2 pos = dd.DisplayPos, size = dd.DisplaySize, scale = dd.FramebufferScale;
  if (pos.x != display_pos_.x || pos.y != display_pos_.y || size.x != display_size_.x || size.y != display_size_.y ||
      scale.x != scale_.x || scale.y != scale_.y)
    everything_ = true;
  display_pos_ = pos, display_size_ = size, scale_ = scale;

  // This frame's lists, in the draw data's order: where each can draw, and whether it changed.
  std::vector<DamageRect> bounds(static_cast<size_t>(dd.CmdListsCount));
  std::vector<char> changed_now(static_cast<size_t>(dd.CmdListsCount), 0);
  for (ListState& s : lists_) s.seen = false;
  for (int n = 0; n < dd.CmdListsCount; ++n) {
    const ImDrawList& l = *dd.CmdLists[n];
    serialize(l, scratch_);
    const DamageRect b = bounds[n] = bounds_of(l, pos, size);
    auto it = std::find_if(lists_.begin(), lists_.end(), [&](const ListState& s) { return s.list == &l; });
    bool changed = it == lists_.end() || it->bytes.size() != scratch_.size() ||
                   std::memcmp(it->bytes.data(), scratch_.data(), scratch_.size()) != 0;
    for (int c = 0; c < l.CmdBuffer.Size && !changed; ++c)
      changed = std::find(textures_.begin(), textures_.end(), l.CmdBuffer[c].TextureId) != textures_.end();
    if (it == lists_.end()) {
      lists_.push_back({&l, {}, b, true});
      it = lists_.end() - 1;
    } else if (changed) {
      add(it->bounds);
    }
    if (changed) add(b);
    changed_now[n] = changed;
    it->bytes.swap(scratch_);
    it->bounds = b;
    it->seen = true;
  }
  // A list not drawn this frame (a tooltip that closed) leaves its old place to repaint.
  for (const ListState& s : lists_)
    if (!s.seen) add(s.bounds);
  lists_.erase(std::remove_if(lists_.begin(), lists_.end(), [](const ListState& s) { return !s.seen; }), lists_.end());
  textures_.clear();

  if (everything_) {
    damage_.rects.assign(1, DamageRect{pos.x, pos.y, pos.x + size.x, pos.y + size.y});
    everything_ = false;
  }
  close_over(dd, bounds, changed_now);
  float area = 0;  // overlaps counted twice: rectangles are not merged, since a merged one could
                   // cover lists that are not redrawn
  for (const DamageRect& r : damage_.rects) area += r.area();
  share_ = size.x > 0 && size.y > 0 ? std::min(1.f, area / (size.x * size.y)) : 0.f;
  return damage_;
}

}  // namespace bn::platform
