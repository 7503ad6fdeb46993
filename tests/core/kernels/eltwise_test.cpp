// Tests src/core/kernels/eltwise: every element-wise variant of this build against the reference,
// for every activation, sizes 0 to 3x the vector width plus remainders and 784, unaligned starts,
// in-place use where the kernel allows it, and sentinels around every buffer.
#include <catch2/catch.hpp>

#include <cmath>

#include "core/kernels/kernels.h"
#include "support/test_support.h"

namespace bn {
namespace {

const Activation kActs[] = {Activation::kLinear, Activation::kRelu, Activation::kSigmoid,
                            Activation::kTanh, Activation::kLeakyRelu, Activation::kSoftplus};
const char* act_name(Activation a) {
  const char* names[] = {"linear", "relu", "sigmoid", "tanh", "leaky_relu", "softplus"};
  return names[static_cast<int>(a)];
}

std::vector<size_t> sweep_sizes() {
  std::vector<size_t> s;
  for (size_t n = 0; n <= 15; ++n) s.push_back(n);
  for (size_t n : {31u, 33u, 784u, 1001u}) s.push_back(n);
  return s;
}

std::vector<const Kernels*> variants() {
  std::vector<const Kernels*> v;
  for (const Kernels* k : available_kernels())
    if (k != &reference_kernels()) v.push_back(k);
  return v;
}

// Fills x with values spread over the range where activations bend and saturate.
void fill_inputs(float* x, size_t n, Rng& rng) { test::fill_uniform(x, n, rng, -12.f, 12.f); }

}  // namespace

TEST_CASE("activation forward variants match the reference", "[kernels][eltwise]") {
  Rng rng(5);
  const Kernels& ref = reference_kernels();
  for (const Kernels* k : variants())
    for (Activation act : kActs)
      for (size_t n : sweep_sizes())
        for (size_t offset : {0u, 1u, 2u})
          for (bool in_place : {false, true}) {
            INFO(k->name << " " << act_name(act) << " n=" << n << " offset=" << offset << " in_place=" << in_place);
            test::Guarded x(n, offset), y(n, offset + 1);
            fill_inputs(x.data(), n, rng);
            std::vector<float> want(n);
            ref.act_forward(act, 0.3f, x.data(), want.data(), n);
            float* out = in_place ? x.data() : y.data();
            k->act_forward(act, 0.3f, x.data(), out, n);
            for (size_t i = 0; i < n; ++i) REQUIRE(test::close(out[i], want[i], 2e-6, 4e-6));
            REQUIRE(x.intact());
            REQUIRE(y.intact());
          }
}

TEST_CASE("activation backward variants match the reference", "[kernels][eltwise]") {
  Rng rng(6);
  const Kernels& ref = reference_kernels();
  for (const Kernels* k : variants())
    for (Activation act : kActs)
      for (size_t n : sweep_sizes())
        for (bool in_place : {false, true}) {
          INFO(k->name << " " << act_name(act) << " n=" << n << " in_place=" << in_place);
          test::Guarded y(n, 1), dy(n, 2), dx(n, 3);
          std::vector<float> x(n), want(n);
          fill_inputs(x.data(), n, rng);
          ref.act_forward(act, 0.3f, x.data(), y.data(), n);
          test::fill_uniform(dy.data(), n, rng);
          ref.act_backward(act, 0.3f, y.data(), dy.data(), want.data(), n);
          float* out = in_place ? dy.data() : dx.data();
          k->act_backward(act, 0.3f, y.data(), dy.data(), out, n);
          for (size_t i = 0; i < n; ++i) REQUIRE(test::close(out[i], want[i], 2e-6, 4e-6));
          REQUIRE(y.intact());
          REQUIRE(dy.intact());
          REQUIRE(dx.intact());
        }
}

TEST_CASE("bias add and column sums match the reference", "[kernels][eltwise]") {
  Rng rng(8);
  const Kernels& ref = reference_kernels();
  for (const Kernels* k : variants())
    for (int rows : {1, 2, 3, 5, 17, 256})
      for (int cols : {1, 2, 3, 4, 5, 7, 9, 15, 32, 33, 784}) {
        INFO(k->name << " rows=" << rows << " cols=" << cols);
        const size_t n = static_cast<size_t>(rows) * cols;
        test::Guarded y(n, 1), bias(cols, 3), sums(cols, 2);
        test::fill_uniform(y.data(), n, rng);
        test::fill_uniform(bias.data(), cols, rng);
        std::vector<float> want(y.data(), y.data() + n);
        ref.bias_add(want.data(), bias.data(), rows, cols);
        k->bias_add(y.data(), bias.data(), rows, cols);
        for (size_t i = 0; i < n; ++i) REQUIRE(test::close(y[i], want[i], 1e-7, 1e-7));
        for (bool acc : {false, true}) {
          std::vector<float> want_sums(cols, 0.5f);
          for (int c = 0; c < cols; ++c) sums[c] = 0.5f;
          ref.col_sum(y.data(), rows, cols, want_sums.data(), acc);
          k->col_sum(y.data(), rows, cols, sums.data(), acc);
          for (int c = 0; c < cols; ++c) REQUIRE(test::close(sums[c], want_sums[c], 1e-6 * rows, 1e-6));
        }
        REQUIRE(y.intact());
        REQUIRE(bias.intact());
        REQUIRE(sums.intact());
      }
}

TEST_CASE("loss sums stay accurate over a whole batch", "[kernels][eltwise]") {
  // 256 x 784 values: a float accumulator would drift far beyond this tolerance.
  Rng rng(11);
  const size_t n = 256 * 784;
  std::vector<float> p(n), y(n);
  for (size_t i = 0; i < n; ++i) {
    p[i] = rng.uniform(0.001f, 0.999f);
    y[i] = rng.uniform();
  }
  const Kernels& ref = reference_kernels();
  for (const Kernels* k : variants()) {
    INFO(k->name);
    REQUIRE(test::close(k->bce(p.data(), y.data(), nullptr, n, 1.f), ref.bce(p.data(), y.data(), nullptr, n, 1.f), 0, 1e-6));
    REQUIRE(test::close(k->bce_sigmoid(p.data(), y.data(), nullptr, n, 1.f),
                        ref.bce_sigmoid(p.data(), y.data(), nullptr, n, 1.f), 0, 1e-6));
    REQUIRE(test::close(k->mse(p.data(), y.data(), nullptr, n, 1.f), ref.mse(p.data(), y.data(), nullptr, n, 1.f), 0, 1e-6));
    std::vector<float> sums(784), want(784);
    ref.col_sum(p.data(), 256, 784, want.data(), false);
    k->col_sum(p.data(), 256, 784, sums.data(), false);
    for (int c = 0; c < 784; ++c) REQUIRE(test::close(sums[c], want[c], 0, 1e-5));
  }
}

TEST_CASE("pixel conversion variants match the reference", "[kernels][eltwise]") {
  Rng rng(9);
  for (const Kernels* k : variants())
    for (size_t n : sweep_sizes()) {
      INFO(k->name << " n=" << n);
      std::vector<uint8_t> src(n + 3);
      for (auto& v : src) v = static_cast<uint8_t>(rng.below(256));
      test::Guarded out(n, 1);
      std::vector<float> want(n);
      u8_to_f32_ref(src.data() + 1, want.data(), n, 1.f / 255.f);
      k->u8_to_f32(src.data() + 1, out.data(), n, 1.f / 255.f);
      for (size_t i = 0; i < n; ++i) REQUIRE(out[i] == want[i]);
      REQUIRE(out.intact());
    }
}

TEST_CASE("loss variants match the reference in value and gradient", "[kernels][eltwise]") {
  Rng rng(10);
  const Kernels& ref = reference_kernels();
  for (const Kernels* k : variants()) {
    const std::pair<const char*, std::pair<LossFn, LossFn>> losses[] = {
        {"bce", {ref.bce, k->bce}}, {"bce_sigmoid", {ref.bce_sigmoid, k->bce_sigmoid}}, {"mse", {ref.mse, k->mse}}};
    for (const auto& [name, fns] : losses)
      for (size_t n : sweep_sizes()) {
        INFO(k->name << " " << name << " n=" << n);
        test::Guarded p(n, 1), y(n, 2), grad(n, 3);
        // Probabilities including the clipped ends; targets are pixel values in [0, 1].
        for (size_t i = 0; i < n; ++i) {
          float u = rng.uniform();
          p[i] = i % 7 == 3 ? 0.f : i % 7 == 5 ? 1.f : i % 11 == 4 ? 1e-9f : u;
          y[i] = i % 3 == 0 ? 0.f : rng.uniform();
        }
        std::vector<float> want_grad(n);
        double want = fns.first(p.data(), y.data(), want_grad.data(), n, 0.25f);
        double got = fns.second(p.data(), y.data(), grad.data(), n, 0.25f);
        REQUIRE(test::close(got, want, 1e-5, 1e-5));
        double got_value_only = fns.second(p.data(), y.data(), nullptr, n, 0.25f);
        REQUIRE(test::close(got_value_only, want, 1e-5, 1e-5));
        for (size_t i = 0; i < n; ++i) REQUIRE(test::close(grad[i], want_grad[i], 1e-6, 1e-5));
        REQUIRE(p.intact());
        REQUIRE(y.intact());
        REQUIRE(grad.intact());
      }
  }
}

}  // namespace bn
