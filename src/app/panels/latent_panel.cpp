// Latent panel: the codes of a thousand test digits as a scatter coloured by label, projected on
// their two principal directions (the code itself when it has two units). Hovering a point of
// the plane decodes it live; a click or tap keeps it. Under the plane, one tool at a time: sliders
// on the drawn digit's code, an interpolation between two test digits, a sweep of one unit, and
// samples from the codes' fitted Gaussian.
#include <string>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "app/panels/panels.h"
#include "app/widgets/dots.h"
#include "core/tensor/pca.h"
#include "core/train/trainer.h"

namespace bn::app {

namespace {
constexpr double kRefreshSeconds = 3.0;  // while training, recompute at most this often
constexpr double kSliceMs = 4.0;         // encoding budget per frame

// Tableau's ten categorical colours: a student could not tell 0, 1 and 2 (red, orange, yellow)
// or 6 and 7 (two violets) apart in the old rainbow.
ImU32 label_color(int label) {
  static const ImU32 c[10] = {IM_COL32(78, 121, 167, 255),  IM_COL32(242, 142, 43, 255),  IM_COL32(225, 87, 89, 255),
                              IM_COL32(118, 183, 178, 255), IM_COL32(89, 161, 79, 255),   IM_COL32(237, 201, 72, 255),
                              IM_COL32(176, 122, 161, 255), IM_COL32(255, 157, 167, 255), IM_COL32(156, 117, 95, 255),
                              IM_COL32(186, 176, 172, 255)};
  return c[label % 10];
}

std::vector<float> code_at(const LatentState& l, float u, float v) {
  std::vector<float> code(l.mean.size());
  for (size_t j = 0; j < code.size(); ++j) code[j] = l.mean[j] + u * l.axis0[j] + v * l.axis1[j];
  return code;
}

void show_decoded(AppState& s, int tile, const std::vector<float>& code, float side, float* ink = nullptr) {
  std::vector<float> img(kDigitPixels, 0.f);
  if (!code.empty()) s.session.decode(code.data(), 1, img.data());
  if (ink) {
    *ink = 0;
    for (float v : img) *ink += v;
  }
  s.latent.atlas.set_tile(tile, img.data(), Colormap::kInk);
  s.latent.atlas.show_tile(tile, side, side);
}

void scatter(AppState& s, ImVec2 size) {
  LatentState& l = s.latent;
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##plane", size);
  s.remember_rect("latent_plane");
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p0, ImVec2(p0.x + size.x, p0.y + size.y), IM_COL32(20, 22, 27, 255), 3.f);
  if (!l.plane_ready) return;
  float lo[2] = {1e30f, 1e30f}, hi[2] = {-1e30f, -1e30f};
  for (int i = 0; i < LatentState::kSample; ++i)
    for (int k = 0; k < 2; ++k) lo[k] = std::min(lo[k], l.xy[2 * i + k]), hi[k] = std::max(hi[k], l.xy[2 * i + k]);
  for (int k = 0; k < 2; ++k) {
    const float pad = std::max(1e-3f, (hi[k] - lo[k]) * 0.06f);
    lo[k] -= pad, hi[k] += pad;
  }
  auto to_screen = [&](float u, float v) {
    return ImVec2(p0.x + (u - lo[0]) / (hi[0] - lo[0]) * size.x, p0.y + (1 - (v - lo[1]) / (hi[1] - lo[1])) * size.y);
  };
  dl->PushClipRect(p0, ImVec2(p0.x + size.x, p0.y + size.y), true);
  std::vector<ImVec2> centres(LatentState::kSample);
  std::vector<ImU32> colours(LatentState::kSample);
  for (int i = 0; i < LatentState::kSample; ++i) {
    centres[i] = to_screen(l.xy[2 * i], l.xy[2 * i + 1]);
    colours[i] = label_color(s.data.mnist.test.labels[i]);
  }
  add_dots(dl, s.textures, centres, colours, 2.2f);
  // The drawn digit, projected the same way.
  if (s.draw.has_digit && s.draw.code.size() == l.mean.size()) {
    float u = 0, v = 0;
    for (size_t j = 0; j < l.mean.size(); ++j)
      u += (s.draw.code[j] - l.mean[j]) * l.axis0[j], v += (s.draw.code[j] - l.mean[j]) * l.axis1[j];
    const ImVec2 p = to_screen(u, v);
    dl->AddCircle(p, 7.f, IM_COL32(255, 255, 255, 255), 16, 2.f);
  }
  // The point decoded: under the mouse, else the last click.
  const ImVec2 m = ImGui::GetIO().MousePos;
  l.hovering = ImGui::IsItemHovered();
  if (l.hovering) {
    l.hover_u = lo[0] + (m.x - p0.x) / size.x * (hi[0] - lo[0]);
    l.hover_v = lo[1] + (1 - (m.y - p0.y) / size.y) * (hi[1] - lo[1]);
    // Held down, the pick follows the pointer: a finger dragged over the plane decodes as it goes.
    if (ImGui::IsItemActive()) l.picked_u = l.hover_u, l.picked_v = l.hover_v, l.picked = true;
  }
  if (l.picked) {  // a crosshair a finger does not hide completely
    const ImVec2 c = to_screen(l.picked_u, l.picked_v);
    const ImU32 mark = IM_COL32(255, 230, 120, 255);
    dl->AddCircle(c, 7.f, mark, 16, 2.f);
    dl->AddLine(ImVec2(c.x - 14, c.y), ImVec2(c.x - 8, c.y), mark, 2.f);
    dl->AddLine(ImVec2(c.x + 8, c.y), ImVec2(c.x + 14, c.y), mark, 2.f);
    dl->AddLine(ImVec2(c.x, c.y - 14), ImVec2(c.x, c.y - 8), mark, 2.f);
    dl->AddLine(ImVec2(c.x, c.y + 8), ImVec2(c.x, c.y + 14), mark, 2.f);
  }
  dl->PopClipRect();
}

// Eight tiles with 4-pixel gaps across the space left, each framed one pixel outside itself (the
// last frame was cut off at a phone's edge).
float strip_tile() { return std::clamp(std::floor((ImGui::GetContentRegionAvail().x - 7 * 4 - 4) / 8), 20.f, 56.f); }

// Decodes `codes` (8 x c) into `images` and sums each image's ink into `sums`.
void decode_strip(AppState& s, const std::vector<float>& codes, std::vector<float>& images, float* sums) {
  images.assign(8 * kDigitPixels, 0.f);
  s.session.decode(codes.data(), 8, images.data());
  for (int k = 0; k < 8; ++k) {
    sums[k] = 0;
    for (int p = 0; p < kDigitPixels; ++p) sums[k] += images[static_cast<size_t>(k) * kDigitPixels + p];
  }
}

void show_strip(AppState& s, const std::vector<float>& images, int first, const char* rect) {
  LatentState& l = s.latent;
  const float tile = strip_tile();
  ImGui::BeginGroup();
  for (int k = 0; k < 8; ++k) {
    if (k) ImGui::SameLine(0, 4);
    l.extra.set_tile(first + k, &images[static_cast<size_t>(k) * kDigitPixels], Colormap::kInk);
    l.extra.show_tile(first + k, tile, tile);
  }
  ImGui::EndGroup();
  s.remember_rect(rect);
}

void edit_tool(AppState& s, int c, float side) {
  LatentState& l = s.latent;
  if (!s.draw.has_digit) {
    ImGui::TextDisabled("Draw a %s first (in Draw).", item_noun(s.data.dataset));
    return;
  }
  if (l.edited_from != s.draw.updates || l.edited.size() != s.draw.code.size()) {
    l.edited = s.draw.code;
    l.edited_from = s.draw.updates;
  }
  show_decoded(s, 1, l.edited, side);
  ImGui::SameLine();
  ImGui::BeginGroup();
  // Beside the image; on a phone, where the panel scrolls anyway, six touch-sized rows.
  const float list_h = touch_layout() ? 6 * ImGui::GetFrameHeightWithSpacing() : side - ImGui::GetFrameHeightWithSpacing();
  ImGui::BeginChild("sliders", ImVec2(0, list_h), false);
  auto unit_row = [&](int j) {
    ImGui::PushID(j);
    ImGui::SetNextItemWidth(-40);
    // Only what the unit can take: the test codes' range, within its activation's bounds.
    float from, to;
    l.stats.slider_range(j, &from, &to);
    ImGui::SliderFloat(("##code unit " + std::to_string(j)).c_str(), &l.edited[j], from, to, "%.2f");
    ImGui::SameLine();
    ImGui::Text("%d", j);
    ImGui::PopID();
  };
  // Every unit, however wide the code. Up to 64 all are built, so Tab reaches each; of conv's
  // 392 only the rows in view.
  if (c <= 64) {
    for (int j = 0; j < c; ++j) unit_row(j);
  } else {
    ImGuiListClipper rows;
    rows.Begin(c);
    while (rows.Step())
      for (int j = rows.DisplayStart; j < rows.DisplayEnd; ++j) unit_row(j);
  }
  ImGui::EndChild();
  if (ImGui::Button("Back to the drawn code")) l.edited = s.draw.code;
  ImGui::EndGroup();
}

void interp_tool(AppState& s, int c) {
  LatentState& l = s.latent;
  // Five digits and the - + buttons, however tall (and so wide) the buttons are.
  const ImGuiStyle& st = ImGui::GetStyle();
  const float w = ImGui::CalcTextSize("00000").x + 2 * st.FramePadding.x + 2 * (ImGui::GetFrameHeight() + st.ItemInnerSpacing.x);
  ImGui::SetNextItemWidth(w);
  ImGui::InputInt("from", &l.pair[0]);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(w);
  ImGui::InputInt("to", &l.pair[1]);
  for (int& i : l.pair) i = std::clamp(i, 0, s.data.mnist.test.count - 1);
  // Encoded and decoded again only when the pair or the weights change (a conv decode is
  // 0.3 ms, eight of them every frame would be a sixth of one).
  const long long key[3] = {l.pair[0], l.pair[1], s.session.weights_version()};
  if (!std::equal(key, key + 3, l.strip_of)) {
    std::vector<float> imgs(2 * kDigitPixels), codes(2 * static_cast<size_t>(c)), code(c);
    s.data.test_image(l.pair[0], imgs.data());
    s.data.test_image(l.pair[1], imgs.data() + kDigitPixels);
    s.session.encode(imgs.data(), 2, codes.data());
    l.strip.assign(8 * kDigitPixels, 0.f);
    for (int k = 0; k < 8; ++k) {
      const float t = k / 7.f;
      for (int j = 0; j < c; ++j) code[j] = (1 - t) * codes[j] + t * codes[c + j];
      s.session.decode(code.data(), 1, &l.strip[static_cast<size_t>(k) * kDigitPixels]);
    }
    std::copy(key, key + 3, l.strip_of);
  }
  const float tile = strip_tile();
  for (int k = 0; k < 8; ++k) {
    if (k) ImGui::SameLine(0, 4);
    l.atlas.set_tile(2 + k, &l.strip[static_cast<size_t>(k) * kDigitPixels], Colormap::kInk);
    l.atlas.show_tile(2 + k, tile, tile);
  }
}

// What one unit does: a sweep over its range, the rest at their mean.
void sweep_tool(AppState& s, int c) {
  LatentState& l = s.latent;
  ImGui::SetNextItemWidth(140);
  ImGui::SliderInt("unit", &l.sweep_unit, 0, c - 1);
  l.sweep_unit = std::clamp(l.sweep_unit, 0, c - 1);
  float from, to;
  l.stats.slider_range(l.sweep_unit, &from, &to);
  char note[80];
  std::snprintf(note, sizeof note, "from %.2f to %.2f, the others at their mean", from, to);
  side_note(note);
  const long long key[2] = {l.sweep_unit, l.stats_of};
  if (!std::equal(key, key + 2, l.sweep_of)) {
    std::vector<float> codes(8 * static_cast<size_t>(c));
    for (int k = 0; k < 8; ++k) {
      std::copy(l.stats.mean.begin(), l.stats.mean.end(), codes.begin() + static_cast<size_t>(k) * c);
      codes[static_cast<size_t>(k) * c + l.sweep_unit] = from + (to - from) * k / 7.f;
    }
    decode_strip(s, codes, l.sweep, l.sweep_sums);
    std::copy(key, key + 2, l.sweep_of);
  }
  show_strip(s, l.sweep, 0, "latent_sweep_strip");
}

// What codes drawn from a Gaussian fitted to the test codes decode to.
void sample_tool(AppState& s, int c) {
  LatentState& l = s.latent;
  if (ImGui::Button("Sample")) ++l.sample_draws, l.samples_of = -1;
  s.remember_rect("latent_sample");
  side_note("codes drawn from a Gaussian fitted to the test codes");
  if (ImGui::IsItemHovered())
    tip("A plain autoencoder never asked its codes to fill any region, so many of these fall between the\n"
                      "codes it has learned and decode to blends or blobs. A variational autoencoder trains its\n"
                      "codes to follow a Gaussian, so its samples look like new %ss.", item_noun(s.data.dataset));
  if (l.samples_of != l.stats_of) {
    Rng rng(l.sample_draws, 91);  // the same presses give the same samples
    std::vector<float> codes(8 * static_cast<size_t>(c));
    for (int k = 0; k < 8; ++k) l.stats.sample(rng, codes.data() + static_cast<size_t>(k) * c);
    decode_strip(s, codes, l.samples, l.sample_sums);
    l.samples_of = l.stats_of;
  }
  show_strip(s, l.samples, 8, "latent_samples");
}

// The tools under the plane, one open at a time: a row of toggles instead of four tree nodes
// whose open sections ran off the bottom of the panel at 1280x800.
void tool_row(AppState& s) {
  LatentState& l = s.latent;
  const std::string edit = std::string("sliders on the drawn ") + item_noun(s.data.dataset) +
                           "'s code, decoded as you move them";
  const std::string interp = std::string("decode the codes between two test ") + item_noun(s.data.dataset) + "s";
  const char* const labels[] = {"Edit code", "Interpolate", "Sweep a unit", "Sample"};
  const char* const rects[] = {"latent_edit", "latent_interp", "latent_sweep", "latent_sample_node"};
  const char* const tips[] = {edit.c_str(),
                              interp.c_str(),
                              "decode one code unit over its range, the others at their mean",
                              "decode random codes drawn from a Gaussian fitted to the test codes"};
  const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
  for (int t = 0; t < 4; ++t) {
    const float w = ImGui::CalcTextSize(labels[t]).x + 2 * ImGui::GetStyle().FramePadding.x;
    if (t && ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + w <= right) ImGui::SameLine();
    const bool open = l.tool == t;
    if (open) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
    ImGui::PushID("tool");  // apart from the sample tool's own Sample button
    if (ImGui::Button(labels[t])) l.tool = open ? LatentState::kNoTool : t;
    ImGui::PopID();
    if (open) ImGui::PopStyleColor();
    s.remember_rect(rects[t]);
    if (ImGui::IsItemHovered()) tip("%s%s", tips[t], open ? " (click again to close)" : "");
  }
}

}  // namespace

void update_latent(AppState& s) {
  LatentState& l = s.latent;
  const int c = s.session.code_size();
  if (c == 0 || !s.data.ready()) {
    l.plane_ready = false;
    l.done = 0;
    return;
  }
  const long long version = s.session.weights_version();
  if (l.version != version && s.now >= l.next_start) {  // start over on the new weights
    l.version = version;
    l.done = 0;
    l.codes.assign(static_cast<size_t>(LatentState::kSample) * c, 0.f);
    l.next_start = s.now + kRefreshSeconds;
  }
  if (l.done >= LatentState::kSample || l.version != version) return;
  const double t0 = now_seconds();
  std::vector<float> batch;
  while (l.done < LatentState::kSample && (now_seconds() - t0) * 1000 < kSliceMs) {
    const int n = std::min(50, LatentState::kSample - l.done);
    batch.resize(static_cast<size_t>(n) * kDigitPixels);
    for (int i = 0; i < n; ++i) s.data.test_image(l.done + i, &batch[static_cast<size_t>(i) * kDigitPixels]);
    s.session.encode(batch.data(), n, &l.codes[static_cast<size_t>(l.done) * c]);
    l.done += n;
  }
  if (l.done < LatentState::kSample) return;
  l.finite = std::all_of(l.codes.begin(), l.codes.end(), [](float v) { return std::isfinite(v); });
  if (c == 2) {
    l.mean = {0.f, 0.f}, l.axis0 = {1.f, 0.f}, l.axis1 = {0.f, 1.f};
  } else {
    Pca2 p = pca2(l.codes.data(), LatentState::kSample, c, 25);
    // A principal direction's sign is arbitrary: keep each one's as before, so the plane does not
    // flip between epochs (a student saw the 1s jump from one corner to the opposite one).
    for (auto [fresh, old] : {std::pair{&p.axis0, &l.axis0}, std::pair{&p.axis1, &l.axis1}}) {
      if (old->size() != fresh->size()) continue;
      float dot = 0;
      for (size_t j = 0; j < fresh->size(); ++j) dot += (*fresh)[j] * (*old)[j];
      if (dot < 0)
        for (float& v : *fresh) v = -v;
    }
    l.mean = std::move(p.mean), l.axis0 = std::move(p.axis0), l.axis1 = std::move(p.axis1);
  }
  l.xy.resize(2 * LatentState::kSample);
  for (int i = 0; i < LatentState::kSample; ++i) {
    const float* code = &l.codes[static_cast<size_t>(i) * c];
    float u = 0, v = 0;
    for (int j = 0; j < c; ++j) u += (code[j] - l.mean[j]) * l.axis0[j], v += (code[j] - l.mean[j]) * l.axis1[j];
    l.xy[2 * i] = u, l.xy[2 * i + 1] = v;
  }
  const Model* m = s.session.model();
  const int code_layer = m ? m->spec().code_layer : -1;
  l.stats = fit_codes(l.codes.data(), LatentState::kSample, c,
                      code_layer >= 0 ? m->spec().layers[code_layer].activation() : Activation::kLinear);
  l.stats_of = l.version;
  l.plane_ready = true;
}

void latent_panel(AppState& s) {
  LatentState& l = s.latent;
  if (!s.session.has_model() || !s.textures) {
    ImGui::TextDisabled("Start training to see the code space.");
    return;
  }
  l.atlas.layout(*s.textures, 10, kDigitSide, kDigitSide);
  l.extra.layout(*s.textures, 16, kDigitSide, kDigitSide);
  update_latent(s);
  const int c = s.session.code_size();
  if (!l.plane_ready) {
    ImGui::ProgressBar(static_cast<float>(l.done) / LatentState::kSample, ImVec2(-1, 0),
                       (std::string("encoding test ") + item_noun(s.data.dataset) + "s").c_str());
    return;
  }
  if (!l.finite) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.f, 0.45f, 0.4f, 1.f));
    ImGui::TextWrapped("%s", kCodesNotFinite);
    ImGui::PopStyleColor();
    return;
  }
  ImGui::TextDisabled(c == 2 ? "the 2-unit code" : "codes on their 2 principal directions (PCA of %d units)", c);
  const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
  for (int d = 0; d < 10; ++d) {  // the label colours, wrapped to the panel's width
    const char* name = dataset_class_name(s.data.dataset, d);
    if (d && ImGui::GetItemRectMax().x + 6 + ImGui::CalcTextSize(name).x < right) ImGui::SameLine(0, 6);
    ImGui::PushStyleColor(ImGuiCol_Text, label_color(d));
    ImGui::TextUnformatted(name);
    ImGui::PopStyleColor();
  }
  tool_row(s);  // above the plane: the open tool's height moves nothing a pointer is aiming at
  const float avail = ImGui::GetContentRegionAvail().x;
  const float side = std::clamp(avail * 0.3f, 56.f, 120.f);
  const float plane = std::max(120.f, avail - side - 12);
  // The plane takes what the open tool (as tall as last frame) leaves.
  const float room = ImGui::GetContentRegionAvail().y - l.below_plane - ImGui::GetStyle().ItemSpacing.y;
  const float plane_h = std::clamp(room, 100.f, plane * 0.8f);
  scatter(s, ImVec2(plane, plane_h));
  ImGui::SameLine();
  ImGui::BeginGroup();
  const bool show_point = l.hovering || l.picked;
  ImGui::TextUnformatted(l.hovering ? "pointed at" : l.picked ? "picked point" : "hover or tap");
  show_decoded(s, 0, show_point ? code_at(l, l.hovering ? l.hover_u : l.picked_u, l.hovering ? l.hover_v : l.picked_v)
                                : std::vector<float>(), std::min(side, plane_h - ImGui::GetTextLineHeightWithSpacing()),
              &l.decoded_sum);
  s.remember_rect("latent_decoded");
  ImGui::EndGroup();

  const float top = ImGui::GetCursorPosY();
  switch (l.tool) {
    case LatentState::kEditTool: edit_tool(s, c, side); break;
    case LatentState::kInterpTool: interp_tool(s, c); break;
    case LatentState::kSweepTool: sweep_tool(s, c); break;
    case LatentState::kSampleTool: sample_tool(s, c); break;
    default: break;
  }
  l.below_plane = ImGui::GetCursorPosY() - top;
  // One upload and one batch for every tile set above: ImGui draws the images after the frame
  // is built.
  l.atlas.upload();
  l.atlas.flush();
  l.extra.upload();
  l.extra.flush();
}

}  // namespace bn::app
