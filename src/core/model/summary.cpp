#include "core/model/summary.h"

#include <cstdio>

namespace bn {

namespace {
std::string keras_shape(const Shape& s) {
  std::string out = "(None";
  for (int i = 0; i < s.rank; ++i) out += ", " + std::to_string(s.dims[i]);
  return out + ")";
}

std::string row(const std::string& a, const std::string& b, const std::string& c) {
  char buf[160];
  std::snprintf(buf, sizeof buf, " %-28s %-25s %s\n", a.c_str(), b.c_str(), c.c_str());
  return buf;
}
}  // namespace

std::string with_thousands(uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string model_summary(Model& model) {
  const std::string thin(65, '_'), thick(65, '=');
  std::string s = "Model: \"" + model.spec().name + "\"\n" + thin + "\n";
  s += row("Layer (type)", "Output Shape", "Param #") + thick + "\n";
  s += row("input (InputLayer)", "[" + keras_shape(model.input_shape()) + "]", "0");
  for (size_t i = 0; i < model.layer_count(); ++i) {
    Layer& l = model.layer(i);
    std::string name = l.name() + " (" + l.type() + ")";
    if (static_cast<int>(i) == model.spec().code_layer) name += " *code*";
    s += row(name, keras_shape(model.output_shape(i)), with_thousands(l.planned_params()));
  }
  s += thick + "\n";
  s += "Total params: " + with_thousands(model.param_count()) + "\n";
  s += "Trainable params: " + with_thousands(model.param_count()) + "\n";
  s += "Non-trainable params: 0\n" + thin + "\n";
  return s;
}

}  // namespace bn
