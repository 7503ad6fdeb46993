// Activation names and options, shared by the layers that apply one and by model descriptions.
#pragma once
#include <string>

#include "core/base/status.h"
#include "core/kernels/eltwise/eltwise.h"

namespace bn {

// Keras's default negative slope for LeakyReLU.
constexpr float kLeakyReluDefaultAlpha = 0.3f;

Result<Activation> parse_activation(const std::string& name);
const char* activation_name(Activation act);

}  // namespace bn
