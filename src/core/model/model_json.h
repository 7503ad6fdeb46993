// ModelSpec <-> JSON. The reader is strict: an unknown key, a wrong type or an impossible value
// is refused with a message naming the layer and the option, so a typo in a model file never
// silently falls back to a default. The writer emits every option, so a saved model file
// describes its model completely.
#pragma once
#include <string>

#include "core/model/model_spec.h"

namespace bn {

// `what` names the source in messages (a file name, "preset shallow").
Result<ModelSpec> spec_from_json(const std::string& text, const std::string& what);
std::string spec_to_json(const ModelSpec& spec);

}  // namespace bn
