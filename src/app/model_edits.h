// What a person changed in a preset, in a few words ("code 2 units, loss mse"), so a run's label
// says which model it trained and two edits of one preset are told apart. ImGui-free.
#pragma once
#include <string>

#include "core/model/model_spec.h"

namespace bn::app {

// The differences of `edited` from `base`, most telling first, at most `max_items` of them and
// then "+N more"; empty when there are none.
std::string describe_edits(const ModelSpec& base, const ModelSpec& edited, int max_items = 3);

// "shallow" or "shallow (code 2 units)": the preset's name with its edits.
std::string model_label(const ModelSpec& base, const ModelSpec& edited);

}  // namespace bn::app
