// A line plot on ImGui's draw lists (ImPlot is not available here): several series over a
// shared x axis, linear or log y, tick labels, axis names, and a hover read-out of every series
// at the x under the mouse. Solid or dashed lines, with or without markers, so one colour can
// carry two series (a run's training and test loss). The legend is the caller's, outside the
// plot, so it never covers a curve. Series are borrowed for the call; nothing is kept between
// frames.
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
  bool dashed = false;
};

struct PlotOptions {
  bool log_y = false;
  const char* x_label = "";
  const char* y_label = "";  // what the values are ("BCE loss"), above the y axis
};

// Returns true while the mouse hovers the plot area.
bool plot_lines(const char* id, const std::vector<PlotSeries>& series, ImVec2 size, const PlotOptions& options);

// Distinguishable line colours: twelve chosen ones, then hues spread by the golden angle, so
// runs far apart in a long session still differ.
ImU32 plot_color(int index);

}  // namespace bn::app
