// The playground's teaching texts: the first-visit introduction, a card per preset (what its
// bottleneck or penalty does, what to watch and where, where it comes from) and the guided
// experiments a student starts with one click. Plain data, ImGui-free, so tests can check that
// every preset has a card and every experiment names a real preset.
#pragma once
#include <string>
#include <vector>

namespace bn::app {

struct PresetCard {
  const char* preset;
  const char* idea;    // what the bottleneck or penalty does, in two or three sentences
  const char* watch;   // what to look at, naming the panel
  const char* source;  // where it comes from
};

// The card of a preset, or null for a name without one (a loaded model of another name).
const PresetCard* preset_card(const std::string& preset);

// One guided experiment: a preset, the edits and settings to apply, and what to look for. A
// second preset (compare) is trained after the first at the same seed.
struct Experiment {
  const char* title;
  const char* preset;
  int code_units;       // > 0: the code layer's units are set to this
  int epochs;
  int seed;
  const char* compare;  // another preset trained next at the same seed, or ""
  const char* look;     // what to look for, naming the panels
};

const std::vector<Experiment>& experiments();

// The introduction's paragraphs, in order.
const std::vector<const char*>& intro_paragraphs();

}  // namespace bn::app
