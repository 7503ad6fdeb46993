// TileAtlas: many small images (digits, filters) in one texture, so a grid of them is one upload
// and one draw call. Tiles are filled from floats through a colour map and the texture is
// refreshed by upload(). show_tile() places a tile in the layout and queues it; flush() draws the
// queue, one colour-map switch per map instead of one per tile (each switch ends ImGui's batch,
// and under software GL every draw call costs as much as a few thousand pixels).
#pragma once
#include <cstdint>
#include <vector>

#include "app/texture_api.h"

namespace bn::app {

enum class Colormap {
  kInk,        // [0, 1] -> black .. white, as MNIST digits are shown
  kDiverging,  // [-range, range] -> blue .. near-black .. orange, for signed weights
};

class TileAtlas {
 public:
  TileAtlas() = default;
  TileAtlas(const TileAtlas&) = delete;
  TileAtlas& operator=(const TileAtlas&) = delete;
  ~TileAtlas();

  // `count` tiles of tile_w x tile_h; keeps the texture when the layout is unchanged.
  void layout(TextureApi& api, int count, int tile_w, int tile_h);
  // v: tile_w x tile_h floats. range: for kDiverging, the value shown at full colour (0: the
  // tile's largest |v|).
  void set_tile(int index, const float* v, Colormap map, float range = 0.f);
  void upload();
  // Places tile `index` as an ImGui item of the given size with a thin frame around it, and
  // queues the image for flush(). The item is the last one, for IsItemHovered() and friends.
  void show_tile(int index, float w, float h);
  // Draws the queued tiles, on top of what their windows drew since show_tile(). Call it in the
  // same frame, before anything that should cover the tiles (a brush outline).
  void flush();
  int count() const { return count_; }
  bool ready() const { return id_ != nullptr; }

 private:
  TextureApi* api_ = nullptr;
  ImTextureID id_ = nullptr;
  int count_ = 0, cols_ = 0, rows_ = 0, tile_w_ = 0, tile_h_ = 0, tex_w_ = 0, tex_h_ = 0;
  std::vector<uint8_t> rgba_;
  std::vector<Colormap> maps_;  // per tile, for the shader
  struct Queued {
    ImDrawList* dl;
    ImVec4 clip;
    ImVec2 min, max, uv0, uv1;
    Colormap map;
  };
  std::vector<Queued> queue_;
  bool dirty_ = false;
};

}  // namespace bn::app
