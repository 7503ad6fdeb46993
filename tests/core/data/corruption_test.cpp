// Tests src/core/data/corruption: each kind changes the fraction or spread it promises and keeps
// pixels in [0, 1]; none leaves the input alone.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "core/data/corruption.h"
#include "support/test_support.h"

namespace bn {

TEST_CASE("corruptions change what they promise and stay in [0, 1]", "[data]") {
  const size_t n = 100000;
  Rng rng(8);
  std::vector<float> clean(n);
  test::fill_uniform(clean.data(), n, rng, 0.2f, 0.8f);
  SECTION("gaussian") {
    std::vector<float> x = clean;
    corrupt({CorruptionKind::kGaussian, 0.1f}, x.data(), n, rng);
    double sq = 0;
    for (size_t i = 0; i < n; ++i) {
      REQUIRE(x[i] >= 0.f);
      REQUIRE(x[i] <= 1.f);
      sq += (x[i] - clean[i]) * (x[i] - clean[i]);
    }
    REQUIRE(test::close(std::sqrt(sq / n), 0.1, 0, 0.05));  // clipping barely bites at 0.2..0.8
  }
  SECTION("masking") {
    std::vector<float> x = clean;
    corrupt({CorruptionKind::kMasking, 0.3f}, x.data(), n, rng);
    size_t zeros = 0;
    for (size_t i = 0; i < n; ++i) {
      if (x[i] == 0.f) ++zeros;
      else REQUIRE(x[i] == clean[i]);
    }
    REQUIRE(std::fabs(zeros / double(n) - 0.3) < 0.01);
  }
  SECTION("salt and pepper") {
    std::vector<float> x = clean;
    corrupt({CorruptionKind::kSaltPepper, 0.2f}, x.data(), n, rng);
    size_t salt = 0, pepper = 0;
    for (size_t i = 0; i < n; ++i) {
      if (x[i] == 1.f) ++salt;
      else if (x[i] == 0.f) ++pepper;
      else REQUIRE(x[i] == clean[i]);
    }
    REQUIRE(std::fabs(salt / double(n) - 0.1) < 0.01);
    REQUIRE(std::fabs(pepper / double(n) - 0.1) < 0.01);
  }
  REQUIRE(parse_corruption("blur").message() == "corruption 'blur': expected none, gaussian, masking or salt_pepper");
}

}  // namespace bn
