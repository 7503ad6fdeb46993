// Tests src/app/code_stats: the Gaussian fitted to codes gives back their mean and covariance
// (full and diagonal), draws stay within what the activation can output, and slider ranges
// follow the observed range without crossing the activation's bounds (a relu unit never
// offers negative values).
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "app/code_stats.h"

namespace bn::app {

namespace {
// n codes of 3 correlated units: x, 0.5 x + y, a constant (a dead unit).
std::vector<float> correlated(int n, Rng& rng) {
  std::vector<float> c(static_cast<size_t>(n) * 3);
  for (int i = 0; i < n; ++i) {
    const float x = 2.f + rng.normal(), y = 0.5f * rng.normal();
    c[3 * i] = x, c[3 * i + 1] = 0.5f * x + y, c[3 * i + 2] = 0.f;
  }
  return c;
}
}  // namespace

TEST_CASE("a fitted code Gaussian reproduces the codes' mean and covariance", "[app]") {
  Rng rng(3);
  const int n = 20000;
  const std::vector<float> codes = correlated(n, rng);
  for (int max_full : {128, 1}) {
    INFO("max_full " << max_full);
    const CodeStats s = fit_codes(codes.data(), n, 3, Activation::kLinear, max_full);
    REQUIRE(s.full == (max_full >= 3));
    REQUIRE(s.mean[0] == Approx(2.f).margin(0.03));
    REQUIRE(s.mean[1] == Approx(1.f).margin(0.03));
    Rng draw(9);
    std::vector<float> x(3);
    double m0 = 0, m1 = 0, c01 = 0;
    const int k = 20000;
    for (int i = 0; i < k; ++i) {
      s.sample(draw, x.data());
      m0 += x[0], m1 += x[1], c01 += (x[0] - 2.0) * (x[1] - 1.0);
      REQUIRE(std::fabs(x[2]) < 0.01f);
    }
    REQUIRE(m0 / k == Approx(2.0).margin(0.03));
    REQUIRE(m1 / k == Approx(1.0).margin(0.03));
    // Cov(x, 0.5 x + y) = 0.5: kept by the full Gaussian, lost by the diagonal one.
    REQUIRE(c01 / k == Approx(max_full >= 3 ? 0.5 : 0.0).margin(0.05));
  }
}

TEST_CASE("code sliders and draws stay within what the activation can output", "[app]") {
  // Relu codes between 0 and 3, and a unit that never fires.
  std::vector<float> codes;
  for (int i = 0; i <= 30; ++i) codes.insert(codes.end(), {i / 10.f, 0.f});
  const CodeStats s = fit_codes(codes.data(), 31, 2, Activation::kRelu);
  float from, to;
  s.slider_range(0, &from, &to);
  REQUIRE(from == 0.f);  // not -0.75: relu cannot go below 0
  REQUIRE(to == Approx(3.75f));
  s.slider_range(1, &from, &to);
  REQUIRE(from == 0.f);
  REQUIRE(to > 0.f);
  Rng rng(1);
  std::vector<float> x(2);
  for (int i = 0; i < 1000; ++i) {
    s.sample(rng, x.data());
    REQUIRE(x[0] >= 0.f);
    REQUIRE(x[1] >= 0.f);
  }
  std::vector<float> sig = {0.1f, 0.9f, 0.5f};
  const CodeStats t = fit_codes(sig.data(), 3, 1, Activation::kSigmoid);
  t.slider_range(0, &from, &to);
  REQUIRE(from == Approx(0.f));
  REQUIRE(to == Approx(1.f));
}

}  // namespace bn::app
