#include "core/model/model_npz.h"

#include <cstring>

#include "core/base/finite.h"
#include "core/base/text.h"

namespace bn {

namespace {
std::vector<int> dims_of(const Tensor& t) {
  std::vector<int> dims;
  for (int d = 0; d < t.shape().rank; ++d) dims.push_back(t.dim(d));
  return dims;
}

// Why an array of shape `got` would not fit a parameter of shape `want` that PyTorch lays out
// differently, as a hint; empty when it is not that.
std::string layout_hint(const std::vector<int>& got, const std::vector<int>& want) {
  if (want.size() == 2 && got == std::vector<int>{want[1], want[0]})
    return "; a PyTorch nn.Linear weight is (out, in): export its transpose (weight.T)";
  if (want.size() == 4 && got == std::vector<int>{want[3], want[2], want[0], want[1]})
    return "; a PyTorch Conv2d weight is (out, in, kh, kw): export weight.permute(2, 3, 1, 0) (Keras's HWIO)";
  return "";
}

const NamedArray* find(const std::vector<NamedArray>& arrays, const std::string& name) {
  for (const NamedArray& a : arrays)
    if (a.name == name) return &a;
  return nullptr;
}
}  // namespace

std::vector<NamedArray> model_arrays(const Model& model) {
  std::vector<NamedArray> arrays;
  for (const Param& p : model.params())
    arrays.push_back({p.name, dims_of(*p.value), std::vector<float>(p.value->data(), p.value->data() + p.value->size())});
  return arrays;
}

Status set_model_arrays(Model& model, const std::vector<NamedArray>& arrays, const std::string& what) {
  const std::vector<Param>& params = model.params();
  const std::string& model_name = model.spec().name;
  for (const NamedArray& a : arrays) {
    bool known = false;
    for (const Param& p : params) known |= p.name == a.name;
    if (known) continue;
    std::string names;
    for (const Param& p : params) names += (names.empty() ? "" : ", ") + p.name;
    return Status::error(what + ": array '" + printable(a.name, 80) + "' is not a parameter of model '" + model_name +
                         "'; its parameters are " + names);
  }
  // Every array checked before any parameter changes.
  for (const Param& p : params) {
    const NamedArray* a = find(arrays, p.name);
    if (!a) return Status::error(what + ": no array '" + p.name + "' for model '" + model_name + "'");
    const std::vector<int> want = dims_of(*p.value);
    if (a->shape != want)
      return Status::error(what + ": '" + p.name + "' has shape " + shape_repr(a->shape) + " but model '" + model_name +
                           "' needs " + shape_repr(want) + layout_hint(a->shape, want));
    const size_t i = first_bad_value(a->data.data(), a->data.size());
    if (i != a->data.size())
      return Status::error(what + ": array '" + p.name + "' holds " + value_text(a->data[i]) + " at flat index " +
                           std::to_string(i) + "; weights must be finite, so it comes from a diverged run or is damaged; "
                           "export it again from a good model");
  }
  for (const Param& p : params) {
    const NamedArray* a = find(arrays, p.name);
    std::memcpy(p.value->data(), a->data.data(), a->data.size() * sizeof(float));
  }
  return Status::ok();
}

}  // namespace bn
