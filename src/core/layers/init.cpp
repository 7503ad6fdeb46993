#include "core/layers/init.h"

#include <cmath>

namespace bn {

void initialize(Tensor& w, Init init, int fan_in, int fan_out, Rng& rng) {
  const size_t n = w.size();
  switch (init) {
    case Init::kGlorotUniform: {
      float limit = std::sqrt(6.f / static_cast<float>(fan_in + fan_out));
      for (size_t i = 0; i < n; ++i) w[i] = rng.uniform(-limit, limit);
      return;
    }
    case Init::kHeUniform: {
      float limit = std::sqrt(6.f / static_cast<float>(fan_in));
      for (size_t i = 0; i < n; ++i) w[i] = rng.uniform(-limit, limit);
      return;
    }
    case Init::kHeNormal: {
      // Keras truncates at two standard deviations and rescales so the variance stays 2 / fan_in.
      float stddev = std::sqrt(2.f / static_cast<float>(fan_in)) / 0.87962566103423978f;
      for (size_t i = 0; i < n; ++i) {
        float z;
        do z = rng.normal(); while (std::fabs(z) > 2.f);
        w[i] = z * stddev;
      }
      return;
    }
    case Init::kZeros: w.fill(0.f); return;
  }
}

Result<Init> parse_init(const std::string& name) {
  for (Init i : {Init::kGlorotUniform, Init::kHeNormal, Init::kHeUniform, Init::kZeros})
    if (name == init_name(i)) return i;
  return Status::error("initializer '" + name + "': expected glorot_uniform, he_normal, he_uniform or zeros");
}

const char* init_name(Init init) {
  switch (init) {
    case Init::kGlorotUniform: return "glorot_uniform";
    case Init::kHeNormal: return "he_normal";
    case Init::kHeUniform: return "he_uniform";
    case Init::kZeros: return "zeros";
  }
  return "?";
}

}  // namespace bn
