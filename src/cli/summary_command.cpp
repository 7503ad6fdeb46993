// `bottleneck summary`: checks every shape of a model (allocating no weights), or loads a saved one, and prints
// its Keras-style table.
#include <cstdio>

#include "cli/commands.h"
#include "core/model/model_file.h"
#include "core/model/summary.h"

namespace bn::cli {

int run_summary(const std::string& name, const std::string& load) {
  if (!load.empty()) {
    Result<SavedModel> saved = load_model_file(load);
    if (!saved) return fail(saved.message());
    std::printf("%s", model_summary(*saved.value().model).c_str());
    return 0;
  }
  Result<ModelSpec> spec = load_spec(name);
  if (!spec) return fail(spec.message());
  // Shapes and counts only: a summary never allocates the weights it describes.
  Result<std::unique_ptr<Model>> model = Model::plan(spec.value());
  if (!model) return fail(model.message());
  std::printf("%s", model_summary(*model.value()).c_str());
  return 0;
}

}  // namespace bn::cli
