// A line plot on ImGui's draw lists (ImPlot is not available here): several series over a
// shared x axis, linear or log y, tick labels, a legend, and a hover read-out of every series at
// the x under the mouse. Series are borrowed for the call; nothing is kept between frames.
#pragma once
#include <string>
#include <vector>

#include "imgui.h"

namespace bn::app {

struct PlotSeries {
  std::string label;
  const float* x = nullptr;  // ascending
  const float* y = nullptr;
  int count = 0;
  ImU32 color = 0;
  bool markers = false;  // draw the points too (sparse series, e.g. one per epoch)
};

struct PlotOptions {
  bool log_y = false;
  const char* x_label = "";
};

// Returns true while the mouse hovers the plot area.
bool plot_lines(const char* id, const std::vector<PlotSeries>& series, ImVec2 size, const PlotOptions& options);

// A palette of distinguishable line colours; index wraps.
ImU32 plot_color(int index);

}  // namespace bn::app
