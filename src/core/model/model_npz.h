// A model's parameters as .npz arrays and back: the mapping `bottleneck export --npz` and
// `import --npz` use (npz.h is the file format alone). An array is named after its parameter
// ("encoder/kernel") and keeps the parameter's layout, which is Keras's:
//   Dense kernel (inputs, units), y = x @ kernel + bias   (PyTorch nn.Linear.weight is kernel.T)
//   Conv2D kernel (k, k, in_channels, filters), HWIO      (PyTorch Conv2d.weight is OIHW)
//   bias (units,) or (filters,)
// A DenseTied layer has only its bias; it uses its tied layer's kernel transposed.
// Not here: reading or writing files (npz.h), model files (model_file.h).
#pragma once
#include <string>
#include <vector>

#include "core/model/model.h"
#include "core/model/npz.h"

namespace bn {

// One array per parameter, in the model's parameter order.
std::vector<NamedArray> model_arrays(const Model& model);

// Sets every parameter of `model` from `arrays` (read from `what`, which opens messages). Strict:
// exactly the model's arrays, each with its parameter's shape (a transposed PyTorch layout is
// named as such) and only finite values; refused otherwise, with `model` left unchanged.
Status set_model_arrays(Model& model, const std::vector<NamedArray>& arrays, const std::string& what);

}  // namespace bn
