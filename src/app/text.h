// Small text helpers shared by the panels and the app's ImGui-free logic.
#pragma once
#include <cstdio>
#include <string>

namespace bn::app {

// A number as people write it: 0.001, 1e-05, 32.
inline std::string num_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

}  // namespace bn::app
