#include "app/widgets/plot.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>

#include "app/widgets/column_extremes.h"
#include "app/widgets/fitting.h"

namespace bn::app {

namespace {

struct Range {
  float lo = FLT_MAX, hi = -FLT_MAX;
  bool valid() const { return lo <= hi; }
};

// Value -> y pixel, in log10 when asked (non-positive values are dropped there).
struct Axis {
  float lo, hi;
  bool log;
  float map(float v) const { return log ? std::log10(v) : v; }
  float norm(float v) const { return hi > lo ? (map(v) - lo) / (hi - lo) : 0.5f; }
};

bool usable(float v, bool log) { return std::isfinite(v) && (!log || v > 0.f); }

// About five tick values spanning [lo, hi] at a round step (1, 2 or 5 times a power of ten).
std::vector<float> ticks(float lo, float hi) {
  std::vector<float> t;
  if (!(hi > lo)) return t;
  const float raw = (hi - lo) / 5.f, p = std::pow(10.f, std::floor(std::log10(raw)));
  const float step = raw / p < 1.5f ? p : raw / p < 3.5f ? 2 * p : raw / p < 7.5f ? 5 * p : 10 * p;
  for (float v = std::ceil(lo / step) * step; v <= hi + step * 1e-3f; v += step) t.push_back(v);
  return t;
}

// Ticks for a log axis, as log10 positions of round values: 1, 2, 5 x 10^k when the range spans
// a few decades, every n-th decade when it spans many (a diverging run's loss), else round values
// in between (0.2, 0.25, 0.3 ...), so labels read as numbers and do not overlap.
std::vector<float> log_ticks(float lo, float hi) {
  std::vector<float> t;
  if (hi - lo > 6.f) {
    const int step = static_cast<int>(std::ceil((hi - lo) / 5.f));
    for (int k = static_cast<int>(std::ceil(lo / step)) * step; k <= hi; k += step) t.push_back(static_cast<float>(k));
    return t;
  }
  if (hi - lo > 1.2f) {
    for (int k = static_cast<int>(std::floor(lo)); k <= static_cast<int>(std::ceil(hi)); ++k)
      for (float m : {1.f, 2.f, 5.f}) {
        const float v = std::log10(m) + k;
        if (v >= lo && v <= hi && (hi - lo < 3.f || m == 1.f)) t.push_back(v);
      }
    return t;
  }
  for (float v : ticks(std::pow(10.f, lo), std::pow(10.f, hi)))
    if (v > 0) t.push_back(std::log10(v));
  return t;
}

void label_value(char* buf, size_t n, float v) {
  const float a = std::fabs(v);
  if (a != 0 && (a < 1e-3f || a >= 1e5f)) std::snprintf(buf, n, "%.1e", v);
  else std::snprintf(buf, n, "%.4g", v);
}

}  // namespace

ImU32 plot_color(int index) {
  static const ImU32 colors[] = {IM_COL32(90, 170, 255, 255),  IM_COL32(255, 150, 60, 255),  IM_COL32(110, 210, 120, 255),
                                 IM_COL32(235, 95, 110, 255),  IM_COL32(190, 140, 255, 255), IM_COL32(230, 210, 90, 255),
                                 IM_COL32(90, 215, 215, 255),  IM_COL32(240, 140, 200, 255), IM_COL32(170, 120, 80, 255),
                                 IM_COL32(200, 200, 205, 255), IM_COL32(150, 190, 60, 255),  IM_COL32(120, 120, 240, 255)};
  constexpr int kNamed = sizeof colors / sizeof colors[0];
  if (index >= 0 && index < kNamed) return colors[index];
  float r, g, b;
  ImGui::ColorConvertHSVtoRGB(std::fmod(0.07f + 0.618034f * static_cast<float>(index), 1.f), 0.55f, 0.95f, r, g, b);
  return ImGui::ColorConvertFloat4ToU32(ImVec4(r, g, b, 1.f));
}

namespace {
// A dashed polyline: 6 pixels on, 4 off, the pattern running on across vertices.
void dashed_polyline(ImDrawList* dl, const std::vector<ImVec2>& pts, ImU32 color) {
  constexpr float kOn = 6.f, kPeriod = 10.f;
  float phase = 0;
  for (size_t i = 1; i < pts.size(); ++i) {
    const ImVec2 a = pts[i - 1], b = pts[i];
    const float len = std::sqrt((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y));
    if (len <= 0) continue;
    for (float t = -phase; t < len; t += kPeriod) {
      const float t0 = std::max(t, 0.f), t1 = std::min(t + kOn, len);
      if (t1 > t0)
        dl->AddLine(ImVec2(a.x + (b.x - a.x) * t0 / len, a.y + (b.y - a.y) * t0 / len),
                    ImVec2(a.x + (b.x - a.x) * t1 / len, a.y + (b.y - a.y) * t1 / len), color, 3.f);
    }
    phase = std::fmod(phase + len, kPeriod);
  }
}
}  // namespace

bool plot_lines(const char* id, const std::vector<PlotSeries>& series, ImVec2 size, const PlotOptions& opt) {
  ImGui::PushID(id);
  if (size.x <= 0) size.x = ImGui::GetContentRegionAvail().x;
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##plot", size);
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float font = ImGui::GetFontSize();
  const float left = font * 3.6f, bottom = font * 1.4f, top = opt.y_label[0] ? font * 1.3f : font * 0.5f,
              right = font * 0.6f;
  const ImVec2 a(p0.x + left, p0.y + top), b(p0.x + size.x - right, p0.y + size.y - bottom);
  dl->AddRectFilled(p0, ImVec2(p0.x + size.x, p0.y + size.y), IM_COL32(20, 22, 27, 255), 3.f);
  dl->AddRect(a, b, IM_COL32(70, 74, 84, 255));

  Range xr, yr;
  for (const PlotSeries& s : series)
    for (int i = 0; i < s.count; ++i) {
      if (!usable(s.y[i], opt.log_y) || !std::isfinite(s.x[i])) continue;
      xr.lo = std::min(xr.lo, s.x[i]), xr.hi = std::max(xr.hi, s.x[i]);
      const float m = opt.log_y ? std::log10(s.y[i]) : s.y[i];
      yr.lo = std::min(yr.lo, m), yr.hi = std::max(yr.hi, m);
    }
  if (!xr.valid() || !yr.valid()) {
    const char* empty = "no data yet";
    const ImVec2 ts = ImGui::CalcTextSize(empty);
    dl->AddText(ImVec2((a.x + b.x - ts.x) / 2, (a.y + b.y - ts.y) / 2), IM_COL32(140, 140, 150, 255), empty);
    ImGui::PopID();
    return hovered;
  }
  if (xr.hi == xr.lo) xr.hi = xr.lo + 1;
  const float pad = (yr.hi > yr.lo ? yr.hi - yr.lo : 1.f) * 0.05f;
  const Axis ax{xr.lo, xr.hi, false}, ay{yr.lo - pad, yr.hi + pad, false};
  auto px = [&](float x) { return a.x + ax.norm(x) * (b.x - a.x); };
  auto py = [&](float y) { return b.y - ay.norm(opt.log_y ? std::log10(y) : y) * (b.y - a.y); };

  // Ticks and grid: y in data units (decades when log), x in data units.
  char buf[32];
  const ImU32 grid = IM_COL32(45, 48, 56, 255), text = IM_COL32(150, 152, 160, 255);
  for (float t : opt.log_y ? log_ticks(ay.lo, ay.hi) : ticks(ay.lo, ay.hi)) {
    const float y = b.y - (t - ay.lo) / (ay.hi - ay.lo) * (b.y - a.y);
    dl->AddLine(ImVec2(a.x, y), ImVec2(b.x, y), grid);
    label_value(buf, sizeof buf, opt.log_y ? std::pow(10.f, t) : t);
    const ImVec2 ts = ImGui::CalcTextSize(buf);
    dl->AddText(ImVec2(a.x - ts.x - 4, y - ts.y / 2), text, buf);
  }
  for (float t : ticks(ax.lo, ax.hi)) {
    const float x = px(t);
    dl->AddLine(ImVec2(x, a.y), ImVec2(x, b.y), grid);
    label_value(buf, sizeof buf, t);
    const ImVec2 ts = ImGui::CalcTextSize(buf);
    // A tick at the left edge would run into the axis name ("epoch1").
    if (opt.x_label[0] && x - ts.x / 2 < a.x + 2) continue;
    dl->AddText(ImVec2(x - ts.x / 2, b.y + 2), text, buf);
  }
  if (opt.y_label[0]) dl->AddText(ImVec2(p0.x + 4, p0.y + 1), text, opt.y_label);
  if (opt.x_label[0]) {
    const ImVec2 ts = ImGui::CalcTextSize(opt.x_label);
    dl->AddText(ImVec2(a.x - ts.x - 4, b.y + 2), text, opt.x_label);
  }

  dl->PushClipRect(a, b, true);
  std::vector<ImVec2> pts, drawn;
  for (const PlotSeries& s : series) {
    pts.clear();
    for (int i = 0; i < s.count; ++i)
      if (usable(s.y[i], opt.log_y)) pts.emplace_back(px(s.x[i]), py(s.y[i]));
    // Whole-pixel thickness lets ImGui draw the line from its texture: two triangles a segment
    // instead of six.
    if (s.dashed) {
      // Lighter than the run's solid line, so the test loss reads over a noisy batch curve.
      ImVec4 c = ImGui::ColorConvertU32ToFloat4(s.color);
      c = ImVec4(c.x + (1 - c.x) * 0.45f, c.y + (1 - c.y) * 0.45f, c.z + (1 - c.z) * 0.45f, 1.f);
      dashed_polyline(dl, pts, ImGui::ColorConvertFloat4ToU32(c));
    } else {
      keep_column_extremes(pts, drawn);
      if (drawn.size() > 1) dl->AddPolyline(drawn.data(), static_cast<int>(drawn.size()), s.color, 0, 2.f);
    }
    // A dashed series' points (test losses) are ringed so they stand out on a solid line of
    // the same colour.
    if (s.markers || pts.size() == 1)
      for (const ImVec2& p : pts) {
        if (s.dashed) dl->AddCircleFilled(p, 4.5f, IM_COL32(235, 235, 240, 255));
        dl->AddCircleFilled(p, s.dashed ? 3.2f : 2.8f, s.color);
      }
  }
  dl->PopClipRect();

  // Hover: every series' value at the nearest x.
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  if (hovered && mouse.x >= a.x && mouse.x <= b.x) {
    const float xv = ax.lo + (mouse.x - a.x) / (b.x - a.x) * (ax.hi - ax.lo);
    dl->AddLine(ImVec2(mouse.x, a.y), ImVec2(mouse.x, b.y), IM_COL32(200, 200, 210, 90));
    ImGui::BeginTooltip();
    label_value(buf, sizeof buf, xv);
    ImGui::Text("%s %s", opt.x_label, buf);
    for (const PlotSeries& s : series) {
      int best = -1;
      for (int i = 0; i < s.count; ++i)
        if (usable(s.y[i], opt.log_y) && (best < 0 || std::fabs(s.x[i] - xv) < std::fabs(s.x[best] - xv))) best = i;
      if (best < 0) continue;
      ImGui::PushStyleColor(ImGuiCol_Text, s.color);
      ImGui::Text("%s: %.5g", s.label.c_str(), s.y[best]);
      ImGui::PopStyleColor();
    }
    ImGui::EndTooltip();
  }
  ImGui::PopID();
  return hovered;
}

}  // namespace bn::app
