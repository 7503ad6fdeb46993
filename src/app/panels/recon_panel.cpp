// Reconstructions panel: a row of test digits, the same digits as a denoiser's corruption sees
// them, and the model's reconstructions, refreshed a few times a second while training.
#include <algorithm>
#include <vector>

#include "app/panels/panels.h"

namespace bn::app {

namespace {
constexpr double kRefreshSeconds = 0.4;

void refresh(AppState& s, bool noisy) {
  ReconState& r = s.recon;
  constexpr int n = ReconState::kCount;
  std::vector<float> in(n * kDigitPixels), corrupted(n * kDigitPixels), out(n * kDigitPixels);
  for (int i = 0; i < n; ++i) s.data.test_image((r.first + i) % s.data.mnist.test.count, &in[i * kDigitPixels]);
  const bool have = s.session.reconstruct(in.data(), n, out.data(), corrupted.data(), 1234);
  for (int i = 0; i < n; ++i) {
    r.atlas.set_tile(i, &in[i * kDigitPixels], Colormap::kInk);
    if (have && noisy) r.atlas.set_tile(n + i, &corrupted[i * kDigitPixels], Colormap::kInk);
    if (have) r.atlas.set_tile(2 * n + i, &out[i * kDigitPixels], Colormap::kInk);
  }
  r.atlas.upload();
  r.seen_version = s.session.weights_version();
  r.next_refresh = s.now + kRefreshSeconds;
}

void row(TileAtlas& atlas, int first, const char* label, float tile) {
  ImGui::TextUnformatted(label);
  for (int i = 0; i < ReconState::kCount; ++i) {
    if (i) ImGui::SameLine(0, 4);
    atlas.show_tile(first + i, tile, tile);
  }
  atlas.flush();
}
}  // namespace

void recon_panel(AppState& s) {
  if (!s.data.ready() || !s.textures) {
    ImGui::TextDisabled("Waiting for %s.", dataset_title(s.data.dataset));
    return;
  }
  ReconState& r = s.recon;
  constexpr int n = ReconState::kCount;
  r.atlas.layout(*s.textures, 3 * n, kDigitSide, kDigitSide);
  const bool noisy = s.session.has_model() && s.session.model()->spec().corruption.active();
  if (r.seen_version != s.session.weights_version() && s.now >= r.next_refresh) refresh(s, noisy);
  if (ImGui::Button(s.data.dataset == Dataset::kFashion ? "Other images###other" : "Other digits###other")) {
    r.first = (r.first + n) % s.data.mnist.test.count;
    r.seen_version = -1;
    r.next_refresh = 0;
  }
  s.remember_rect("recon_next");
  // Every row in view without scrolling: the tiles shrink to the panel's height too (a
  // denoiser has three rows).
  const int rows = noisy ? 3 : 2;
  const ImGuiStyle& st = ImGui::GetStyle();
  const float by_height =
      (ImGui::GetContentRegionAvail().y - rows * (ImGui::GetTextLineHeight() + 2 * st.ItemSpacing.y)) / rows;
  const float tile = std::clamp(std::min((ImGui::GetContentRegionAvail().x - 4 * (n - 1)) / n, by_height), 16.f, 64.f);
  row(r.atlas, 0, s.data.dataset == Dataset::kFashion ? "test images" : "test digits", tile);
  if (!s.session.has_model()) {
    ImGui::TextDisabled("Start training to see the reconstructions.");
    return;
  }
  if (noisy) row(r.atlas, n, "as the denoiser sees them (corrupted)", tile);
  row(r.atlas, 2 * n, "reconstructions", tile);
}

}  // namespace bn::app
