// Weight initialisers with Keras's definitions (fan_in/fan_out of a Dense kernel (in, out)).
#pragma once
#include <string>

#include "core/base/rng.h"
#include "core/base/status.h"
#include "core/tensor/tensor.h"

namespace bn {

// Saved in model files: append only.
enum class Init : uint8_t { kGlorotUniform = 0, kHeNormal = 1, kHeUniform = 2, kZeros = 3 };

// Fills w according to `init`.
//   glorot_uniform: U(-l, l), l = sqrt(6 / (fan_in + fan_out))
//   he_uniform:     U(-l, l), l = sqrt(6 / fan_in)
//   he_normal:      normal truncated at 2 stddev, stddev = sqrt(2 / fan_in) / 0.87962566 (Keras)
void initialize(Tensor& w, Init init, int fan_in, int fan_out, Rng& rng);

Result<Init> parse_init(const std::string& name);
const char* init_name(Init init);

}  // namespace bn
