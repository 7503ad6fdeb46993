// `bottleneck export --npz` / `import --npz`: a model's weights to and from NumPy's .npz. The
// mapping between parameters and arrays (names, Keras layouts, what import refuses) is the
// core's, in core/model/model_npz.h; this file only reads and writes the files.
#include <CLI/CLI.hpp>

#include <cstdio>

#include "cli/commands.h"
#include "cli/setup.h"
#include "core/model/model_file.h"
#include "core/model/model_npz.h"

namespace bn::cli {

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
  std::vector<NamedArray> arrays = model_arrays(*saved.value().model);
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
  Status st = set_model_arrays(*model.value(), arrays.value(), args.npz);
  if (!st) return fail(st.message());
  st = save_model_file(args.save, *model.value(), nullptr, {});
  if (!st) return fail(st.message());
  std::printf("imported %zu arrays into %s (no optimizer state: training continues with a fresh one)\n",
              model.value()->params().size(), args.save.c_str());
  return 0;
}

}  // namespace bn::cli
