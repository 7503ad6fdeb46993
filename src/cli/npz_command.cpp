// `bottleneck export --npz` / `import --npz`: a model's weights to and from NumPy's .npz.
// Array names are the parameter names ("encoder/kernel", "encoder/bias"); layouts are Keras's:
// a Dense kernel is (inputs, units), so PyTorch's nn.Linear.weight is its transpose. A tied
// decoder has only its bias; its kernel is the encoder's. Import is strict: every array of the
// model must be there with its exact shape, and nothing else.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <cstring>

#include "cli/commands.h"
#include "cli/setup.h"
#include "core/model/model_file.h"
#include "core/model/npz.h"

namespace bn::cli {

namespace {
// A name read from a file, made safe to print: control characters dropped, length capped.
std::string printable(const std::string& name) {
  std::string out;
  for (char c : name)
    if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) out += c;
  return out.size() > 64 ? out.substr(0, 64) + "..." : out;
}

std::string shape_text(const std::vector<int>& s) {
  std::string out = "(";
  for (size_t i = 0; i < s.size(); ++i) out += (i ? ", " : "") + std::to_string(s[i]);
  return out + (s.size() == 1 ? ",)" : ")");
}
}  // namespace

void add_export_flags(CLI::App& sub, NpzArgs& a) {
  sub.add_option("--load", a.load, "The model file whose weights to export")->required();
  sub.add_option("--npz", a.npz, "The .npz file to write")->required();
}

void add_import_flags(CLI::App& sub, NpzArgs& a) {
  sub.add_option("--npz", a.npz, "The .npz file with the weights")->required();
  sub.add_option("--model", a.model, "The model they belong to: a preset (" + join_presets() + ") or a .json file")
      ->required();
  sub.add_option("--save", a.save, "The model file to write")->required();
}

int run_export(const NpzArgs& args) {
  Status out = check_outputs({{"--npz", args.npz}}, {args.load});
  if (!out) return fail(out.message());
  Result<SavedModel> saved = load_model_file(args.load);
  if (!saved) return fail(saved.message());
  std::vector<NamedArray> arrays;
  for (const Param& p : saved.value().model->params()) {
    NamedArray a;
    a.name = p.name;
    for (int d = 0; d < p.value->shape().rank; ++d) a.shape.push_back(p.value->dim(d));
    a.data.assign(p.value->data(), p.value->data() + p.value->size());
    arrays.push_back(std::move(a));
  }
  Status st = write_npz(args.npz, arrays);
  if (!st) return fail(st.message());
  std::printf("wrote %zu arrays to %s\n", arrays.size(), args.npz.c_str());
  return 0;
}

int run_import(const NpzArgs& args) {
  Status out = check_outputs({{"--save", args.save}}, {args.npz, spec_is_file(args.model) ? args.model : ""});
  if (!out) return fail(out.message());
  Result<ModelSpec> spec = load_spec(args.model);
  if (!spec) return fail(spec.message());
  Result<std::unique_ptr<Model>> model = Model::build(spec.value(), 0);
  if (!model) return fail(model.message());
  Result<std::vector<NamedArray>> arrays = read_npz(args.npz);
  if (!arrays) return fail(arrays.message());
  const std::vector<Param>& params = model.value()->params();
  for (const NamedArray& a : arrays.value()) {
    bool known = false;
    for (const Param& p : params) known |= p.name == a.name;
    if (!known) {
      std::string names;
      for (const Param& p : params) names += (names.empty() ? "" : ", ") + p.name;
      return fail(args.npz + ": array '" + printable(a.name) + "' is not a parameter of model '" + spec.value().name +
                  "'; its parameters are " + names);
    }
  }
  for (const Param& p : params) {
    const NamedArray* found = nullptr;
    for (const NamedArray& a : arrays.value())
      if (a.name == p.name) found = &a;
    if (!found) return fail(args.npz + ": no array '" + p.name + "' for model '" + spec.value().name + "'");
    std::vector<int> want;
    for (int d = 0; d < p.value->shape().rank; ++d) want.push_back(p.value->dim(d));
    if (found->shape != want) {
      std::string hint;
      if (want.size() == 2 && found->shape.size() == 2 && found->shape[0] == want[1] && found->shape[1] == want[0])
        hint = "; a PyTorch nn.Linear weight is (out, in): export its transpose (weight.T)";
      return fail(args.npz + ": '" + p.name + "' has shape " + shape_text(found->shape) + " but model '" +
                  spec.value().name + "' needs " + shape_text(want) + hint);
    }
    std::memcpy(p.value->data(), found->data.data(), found->data.size() * sizeof(float));
  }
  Status st = save_model_file(args.save, *model.value(), nullptr, {});
  if (!st) return fail(st.message());
  std::printf("imported %zu arrays into %s (no optimizer state: training continues with a fresh one)\n", params.size(),
              args.save.c_str());
  return 0;
}

}  // namespace bn::cli
