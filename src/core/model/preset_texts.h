// The preset model descriptions (assets/models/*.json), compiled in by CMake so every build,
// including the page without a file system, has them. presets.cpp parses them.
#pragma once
#include <vector>

namespace bn {

struct PresetText {
  const char* name;
  const char* json;
};

// In the order the presets should be offered. Immutable.
const std::vector<PresetText>& preset_texts();

}  // namespace bn
