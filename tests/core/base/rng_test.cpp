// Tests src/core/base/rng: PCG32 against the published reference stream (so native and wasm give
// the same integers by construction), and the statistics of the derived draws.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/base/rng.h"

namespace bn {

TEST_CASE("rng reproduces the PCG32 reference stream", "[rng]") {
  // pcg32-demo (pcg-random.org, pcg32_srandom_r(&rng, 42, 54)) prints these six numbers first.
  Rng rng(42, 54);
  const uint32_t expected[] = {0xa15c02b7, 0x7b47f409, 0xba1d3330, 0x83d2f293, 0xbfa4784b, 0xcbed606e};
  for (uint32_t e : expected) REQUIRE(rng.next_u32() == e);
}

TEST_CASE("rng draws are reproducible, bounded and unbiased", "[rng]") {
  Rng a(7), b(7), c(8);
  bool differs = false;
  for (int i = 0; i < 100; ++i) {
    uint32_t x = a.next_u32();
    REQUIRE(x == b.next_u32());
    differs |= x != c.next_u32();
  }
  REQUIRE(differs);

  Rng rng(3);
  const int n = 200000;
  double sum = 0, sum_sq = 0, nsum = 0, nsum_sq = 0;
  int counts[7] = {};
  for (int i = 0; i < n; ++i) {
    float u = rng.uniform();
    REQUIRE(u >= 0.f);
    REQUIRE(u < 1.f);
    sum += u;
    sum_sq += u * u;
    uint32_t k = rng.below(7);
    REQUIRE(k < 7);
    ++counts[k];
    float z = rng.normal();
    nsum += z;
    nsum_sq += z * z;
  }
  // Means within ~5 standard errors.
  REQUIRE(std::fabs(sum / n - 0.5) < 5 * std::sqrt(1.0 / 12 / n));
  REQUIRE(std::fabs(sum_sq / n - 1.0 / 3) < 0.01);
  for (int count : counts) REQUIRE(std::fabs(count - n / 7.0) < 5 * std::sqrt(n / 7.0));
  REQUIRE(std::fabs(nsum / n) < 5 / std::sqrt(double(n)));
  REQUIRE(std::fabs(nsum_sq / n - 1.0) < 0.02);
}

TEST_CASE("rng shuffle is a permutation that depends on the seed", "[rng]") {
  std::vector<uint32_t> a(1000), b(1000);
  std::iota(a.begin(), a.end(), 0u);
  b = a;
  Rng r1(1), r2(2);
  r1.shuffle(a.data(), a.size());
  r2.shuffle(b.data(), b.size());
  REQUIRE(a != b);
  std::vector<uint32_t> sorted = a;
  std::sort(sorted.begin(), sorted.end());
  for (uint32_t i = 0; i < sorted.size(); ++i) REQUIRE(sorted[i] == i);
  std::vector<uint32_t> one{5};
  r1.shuffle(one.data(), 1);
  REQUIRE(one[0] == 5);
}

}  // namespace bn
