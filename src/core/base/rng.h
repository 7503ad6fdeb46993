// Rng: a small seeded generator (PCG32, O'Neill 2014) that gives the same integers and uniform
// floats natively and in WebAssembly, because it uses only 32/64-bit integer arithmetic.
// Normal draws use the polar method with std::log/std::sqrt; those may differ by an ulp between
// libcs, so normals match across platforms within float tolerance rather than bit for bit.
// There is no global generator: whoever needs randomness owns or is handed an Rng.
#pragma once
#include <cstddef>
#include <cstdint>

namespace bn {

class Rng {
 public:
  explicit Rng(uint64_t seed = 0, uint64_t stream = 54) { reseed(seed, stream); }
  void reseed(uint64_t seed, uint64_t stream = 54);

  uint32_t next_u32();
  // Uniform integer in [0, bound) without modulo bias (Lemire's method); bound > 0.
  uint32_t below(uint32_t bound);
  // Uniform float in [0, 1) with 24 random bits.
  float uniform();
  float uniform(float lo, float hi) { return lo + (hi - lo) * uniform(); }
  // Standard normal draw.
  float normal();
  // Fisher-Yates shuffle of n indices.
  void shuffle(uint32_t* idx, size_t n);

 private:
  uint64_t state_ = 0;
  uint64_t inc_ = 0;
  bool has_spare_ = false;
  float spare_ = 0.f;
};

}  // namespace bn
