// Tests src/core/tensor: shapes, capacity (batch rows shrink and grow without reallocating),
// alignment, and the messages of shape errors.
#include <catch2/catch.hpp>

#include <cstdint>

#include "core/tensor/tensor.h"

namespace bn {

TEST_CASE("tensor shape, storage and alignment", "[tensor]") {
  Result<Tensor> t = Tensor::zeros({3, 28, 28, 1});
  REQUIRE(t.is_ok());
  REQUIRE(t.value().size() == 3 * 784);
  REQUIRE(t.value().row_size() == 784);
  REQUIRE(reinterpret_cast<uintptr_t>(t.value().data()) % 16 == 0);
  for (size_t i = 0; i < t.value().size(); ++i) REQUIRE(t.value()[i] == 0.f);
  REQUIRE(t.value().shape().str() == "(3, 28, 28, 1)");
  REQUIRE(Shape{784}.str() == "(784,)");
}

TEST_CASE("tensor rows change within capacity without moving", "[tensor]") {
  Tensor t = Tensor::zeros({256, 784}).take();
  const float* before = t.data();
  REQUIRE(t.set_rows(96).is_ok());
  REQUIRE(t.size() == 96 * 784);
  REQUIRE(t.set_rows(256).is_ok());
  REQUIRE(t.data() == before);
  Status s = t.set_rows(257);
  REQUIRE_FALSE(s.is_ok());
  REQUIRE(s.message().find("capacity is 256") != std::string::npos);
  REQUIRE(t.resize({100, 10}).is_ok());
  REQUIRE(t.data() == before);  // smaller: storage kept
}

TEST_CASE("tensor reshape and shape checks explain themselves", "[tensor]") {
  Tensor t = Tensor::zeros({2, 784}).take();
  REQUIRE(t.reshape({2, 28, 28, 1}).is_ok());
  Status bad = t.reshape({2, 10});
  REQUIRE_FALSE(bad.is_ok());
  REQUIRE(bad.message() == "cannot reshape (2, 28, 28, 1) (1568 values) to (2, 10) (20 values)");
  Status mismatch = t.expect_shape({2, 784}, "decoder output");
  REQUIRE(mismatch.message() == "decoder output: shape (2, 28, 28, 1), expected (2, 784)");
  REQUIRE_FALSE(Tensor::zeros({2, 0}).is_ok());
  REQUIRE_FALSE(Tensor::zeros({1, 2, 3, 4}).value().resize({-1, 3}).is_ok());
}

}  // namespace bn
