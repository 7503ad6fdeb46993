// A Keras-style summary table of a built model: layer name and type, output shape with None for
// the batch, parameter count, and the totals. Returns text; printing is the caller's business.
#pragma once
#include <string>

#include "core/model/model.h"

namespace bn {

std::string model_summary(Model& model);
// 50992 -> "50,992"
std::string with_thousands(uint64_t n);

}  // namespace bn
