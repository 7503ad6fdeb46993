// Tests src/core/model/model_npz: a model's parameters as .npz arrays and back. Export then
// import gives the same weights; import refuses anything that is not exactly the model's arrays
// with their shapes and finite values, names the array (and the flat index of a bad value), hints
// at PyTorch's layouts, and leaves the model as it was.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "core/model/model_npz.h"

namespace bn {

namespace {
std::unique_ptr<Model> build(const char* preset, uint64_t seed) {
  Result<ModelSpec> spec = preset_spec(preset);
  REQUIRE(spec.is_ok());
  return Model::build(spec.value(), seed).take();
}

bool same_weights(const Model& a, const Model& b) {
  for (size_t i = 0; i < a.params().size(); ++i) {
    const Tensor& x = *a.params()[i].value;
    const Tensor& y = *b.params()[i].value;
    if (!std::equal(x.data(), x.data() + x.size(), y.data())) return false;
  }
  return true;
}
}  // namespace

TEST_CASE("model arrays: named after the parameters, in Keras layouts, and back", "[model]") {
  for (const char* preset : {"shallow", "tied", "conv"}) {
    INFO(preset);
    std::unique_ptr<Model> from = build(preset, 1), to = build(preset, 2);
    REQUIRE_FALSE(same_weights(*from, *to));
    std::vector<NamedArray> arrays = model_arrays(*from);
    REQUIRE(arrays.size() == from->params().size());
    REQUIRE(set_model_arrays(*to, arrays, "w.npz").is_ok());
    REQUIRE(same_weights(*from, *to));
  }
  std::vector<NamedArray> conv = model_arrays(*build("conv", 1));
  REQUIRE(conv[0].name == "conv_1/kernel");
  REQUIRE(conv[0].shape == std::vector<int>{3, 3, 1, 16});  // HWIO, as Keras
  REQUIRE(conv[1].name == "conv_1/bias");
  REQUIRE(conv[1].shape == std::vector<int>{16});
  std::vector<NamedArray> dense = model_arrays(*build("shallow", 1));
  REQUIRE(dense[0].shape == std::vector<int>{784, 32});  // (inputs, units)
}

TEST_CASE("importing arrays that are not exactly the model's is refused, the model unchanged", "[model]") {
  std::unique_ptr<Model> model = build("shallow", 1);
  const std::vector<NamedArray> good = model_arrays(*build("shallow", 2));
  auto refused = [&](const std::vector<NamedArray>& arrays) {
    std::unique_ptr<Model> before = build("shallow", 1);
    Status st = set_model_arrays(*model, arrays, "w.npz");
    REQUIRE_FALSE(st.is_ok());
    REQUIRE(same_weights(*model, *before));
    return st.message();
  };
  std::vector<NamedArray> extra = good;
  extra.push_back({"other/\x1b[2J", {1}, {0.f}});
  REQUIRE(refused(extra) ==
          "w.npz: array 'other/\\x1B[2J' is not a parameter of model 'shallow'; its parameters are encoder/kernel, "
          "encoder/bias, decoder/kernel, decoder/bias");
  std::vector<NamedArray> missing(good.begin(), good.end() - 1);
  REQUIRE(refused(missing) == "w.npz: no array 'decoder/bias' for model 'shallow'");
  std::vector<NamedArray> transposed = good;
  transposed[0].shape = {32, 784};
  REQUIRE(refused(transposed) ==
          "w.npz: 'encoder/kernel' has shape (32, 784) but model 'shallow' needs (784, 32); a PyTorch nn.Linear weight "
          "is (out, in): export its transpose (weight.T)");
  for (float bad : {std::numeric_limits<float>::quiet_NaN(), -std::numeric_limits<float>::infinity()}) {
    std::vector<NamedArray> nonfinite = good;
    nonfinite[2].data[4321] = bad;  // after a good first array: nothing may have been copied yet
    REQUIRE(refused(nonfinite) == "w.npz: array 'decoder/kernel' holds " + std::string(std::isnan(bad) ? "NaN" : "-inf") +
                                      " at flat index 4321; weights must be finite, so it comes from a diverged run "
                                      "or is damaged; export it again from a good model");
  }
}

TEST_CASE("a conv kernel in PyTorch's OIHW layout is named as such", "[model]") {
  std::unique_ptr<Model> model = build("conv", 1);
  std::vector<NamedArray> arrays = model_arrays(*model);
  REQUIRE(arrays[2].name == "conv_2/kernel");
  arrays[2].shape = {8, 16, 3, 3};
  REQUIRE(set_model_arrays(*model, arrays, "w.npz").message() ==
          "w.npz: 'conv_2/kernel' has shape (8, 16, 3, 3) but model 'conv' needs (3, 3, 16, 8); a PyTorch Conv2d weight "
          "is (out, in, kh, kw): export weight.permute(2, 3, 1, 0) (Keras's HWIO)");
}

}  // namespace bn
