// Tests src/core/kernels/gemm: every GEMM variant of this build against gemm_f32_ref, over odd
// shapes (1-wide, tails, non-multiples of 4, 784), all four transpose forms, alpha/beta, padded
// leading dimensions and unaligned starts, with sentinels around every buffer.
#include <catch2/catch.hpp>

#include <algorithm>

#include "core/kernels/kernels.h"
#include "support/test_support.h"

namespace bn {
namespace {

struct GemmCase {
  Trans ta, tb;
  int m, n, k;
  float alpha, beta;
  int pad;     // extra floats per row beyond the minimum leading dimension
  int offset;  // floats before each buffer's start
};

std::string describe(const GemmCase& c) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "%s%s m=%d n=%d k=%d alpha=%g beta=%g pad=%d offset=%d",
                c.ta == Trans::kYes ? "T" : "N", c.tb == Trans::kYes ? "T" : "N", c.m, c.n, c.k, c.alpha,
                c.beta, c.pad, c.offset);
  return buf;
}

// Runs one case on `variant` and on the reference; returns the worst error relative to the
// tolerance (<= 1 passes) and checks that nothing outside the matrices changed.
void check_case(const Kernels& variant, const GemmCase& c, Rng& rng) {
  INFO(variant.name << ": " << describe(c));
  const int a_rows = c.ta == Trans::kNo ? c.m : c.k, a_cols = c.ta == Trans::kNo ? c.k : c.m;
  const int b_rows = c.tb == Trans::kNo ? c.k : c.n, b_cols = c.tb == Trans::kNo ? c.n : c.k;
  const int lda = a_cols + c.pad, ldb = b_cols + c.pad, ldc = c.n + c.pad;
  test::Guarded a(static_cast<size_t>(a_rows) * lda, c.offset), b(static_cast<size_t>(b_rows) * ldb, c.offset);
  test::Guarded out(static_cast<size_t>(c.m) * ldc, c.offset);
  std::vector<float> expect(static_cast<size_t>(c.m) * ldc);
  for (int i = 0; i < a_rows; ++i) test::fill_uniform(a.data() + i * lda, a_cols, rng);
  for (int i = 0; i < b_rows; ++i) test::fill_uniform(b.data() + i * ldb, b_cols, rng);
  for (int i = 0; i < c.m; ++i)
    for (int j = 0; j < ldc; ++j) {
      // Padding columns keep the sentinel; with beta == 0 the old C is NaN and must be ignored.
      bool inside = j < c.n;
      float v = !inside ? test::Guarded::sentinel() : c.beta == 0.f ? NAN : rng.uniform(-1.f, 1.f);
      out[i * ldc + j] = v;
      expect[i * ldc + j] = v;
    }
  Workspace ws_ref, ws;
  gemm_f32_ref(c.ta, c.tb, c.m, c.n, c.k, c.alpha, a.data(), lda, b.data(), ldb, c.beta, expect.data(), ldc, ws_ref);
  variant.gemm(c.ta, c.tb, c.m, c.n, c.k, c.alpha, a.data(), lda, b.data(), ldb, c.beta, out.data(), ldc, ws);
  REQUIRE(a.intact());
  REQUIRE(b.intact());
  REQUIRE(out.intact());
  // Inputs lie in [-1, 1]: float rounding grows at most like k * eps in the sum of |a||b|.
  const double tol = 1e-6 * (c.k + 4) * (std::fabs(c.alpha) + 1) + 1e-6;
  double worst = 0;
  for (int i = 0; i < c.m; ++i)
    for (int j = 0; j < ldc; ++j) {
      float got = out[i * ldc + j], want = expect[i * ldc + j];
      if (j >= c.n) {
        REQUIRE(test::Guarded::is_sentinel(got));
        continue;
      }
      worst = std::max(worst, std::fabs(static_cast<double>(got) - want) / tol);
    }
  INFO("worst error / tolerance = " << worst << " (tolerance " << tol << ")");
  REQUIRE(worst <= 1.0);
}

const Trans kForms[4][2] = {{Trans::kNo, Trans::kNo}, {Trans::kYes, Trans::kNo}, {Trans::kNo, Trans::kYes},
                            {Trans::kYes, Trans::kYes}};

}  // namespace

TEST_CASE("gemm variants match the reference on odd shapes", "[kernels][gemm]") {
  Rng rng(1234);
  const int sizes[] = {1, 2, 3, 4, 5, 7, 8, 9, 12, 13, 17, 33};
  for (const Kernels* variant : available_kernels()) {
    if (variant == &reference_kernels()) continue;
    for (const auto& form : kForms)
      for (int m : sizes)
        for (int n : sizes)
          for (int k : {1, 3, 8, 13}) check_case(*variant, {form[0], form[1], m, n, k, 1.f, 0.f, 0, 0}, rng);
  }
}

TEST_CASE("gemm variants honour alpha, beta, leading dimensions and unaligned starts", "[kernels][gemm]") {
  Rng rng(99);
  for (const Kernels* variant : available_kernels()) {
    if (variant == &reference_kernels()) continue;
    for (const auto& form : kForms)
      for (float beta : {0.f, 1.f, -0.5f})
        for (int offset : {0, 1, 3})
          check_case(*variant, {form[0], form[1], 19, 11, 23, beta == 1.f ? 1.f : 0.75f, beta, offset + 2, offset}, rng);
  }
}

TEST_CASE("gemm variants match the reference on the autoencoder's shapes", "[kernels][gemm]") {
  Rng rng(7);
  struct Dims { int m, n, k; };
  // batch x units x inputs of the shallow model's two layers, a last short batch, and odd sizes.
  // 300 x 40 x 600 spans several row blocks and several K blocks of the packing kernels at once.
  const Dims dims[] = {{64, 32, 784}, {64, 784, 32}, {32, 784, 64}, {784, 32, 64}, {37, 129, 263}, {1, 784, 32},
                       {300, 40, 600}};
  for (const Kernels* variant : available_kernels()) {
    if (variant == &reference_kernels()) continue;
    for (const auto& form : kForms)
      for (const Dims& d : dims) check_case(*variant, {form[0], form[1], d.m, d.n, d.k, 1.f, 0.f, 0, 1}, rng);
  }
}

TEST_CASE("gemm variants match the reference on random shapes", "[kernels][gemm]") {
  const uint64_t seed = 20261123;
  Rng rng(seed);
  INFO("seed " << seed);
  for (const Kernels* variant : available_kernels()) {
    if (variant == &reference_kernels()) continue;
    for (int trial = 0; trial < 40; ++trial) {
      const auto& form = kForms[rng.below(4)];
      GemmCase c{form[0], form[1], 1 + static_cast<int>(rng.below(70)), 1 + static_cast<int>(rng.below(70)),
                 1 + static_cast<int>(rng.below(600)), 1.f, rng.below(2) ? 1.f : 0.f,
                 static_cast<int>(rng.below(5)), static_cast<int>(rng.below(4))};
      check_case(*variant, c, rng);
    }
  }
}

}  // namespace bn
