// TileAtlas: many small images (digits, filters) in one texture, so a grid of them is one upload
// and ImGui draws them in one batch. Tiles are filled from floats through a colour map and the
// texture is refreshed by upload(); each tile is then shown with show_tile().
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
  // Draws tile `index` as an ImGui image of the given size, a thin frame included.
  void show_tile(int index, float w, float h) const;
  int count() const { return count_; }
  bool ready() const { return id_ != nullptr; }

 private:
  TextureApi* api_ = nullptr;
  ImTextureID id_ = nullptr;
  int count_ = 0, cols_ = 0, rows_ = 0, tile_w_ = 0, tile_h_ = 0, tex_w_ = 0, tex_h_ = 0;
  std::vector<uint8_t> rgba_;
  std::vector<Colormap> maps_;  // per tile, for the shader
  bool dirty_ = false;
};

}  // namespace bn::app
