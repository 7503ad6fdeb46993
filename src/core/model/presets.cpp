#include <cstdio>
#include <string>

#include "core/base/file_io.h"
#include "core/base/text.h"
#include "core/model/model_json.h"
#include "core/model/model_spec.h"
#include "core/model/preset_texts.h"

namespace bn {

std::vector<std::string> preset_names() {
  std::vector<std::string> names;
  for (const PresetText& p : preset_texts()) names.push_back(p.name);
  return names;
}

Result<ModelSpec> preset_spec(const std::string& name) {
  for (const PresetText& p : preset_texts())
    if (name == p.name) return spec_from_json(p.json, "preset " + name);
  std::string names;
  for (const PresetText& p : preset_texts()) names += (names.empty() ? "" : ", ") + std::string(p.name);
  return Status::error("model '" + name + "': no such preset; choose one of " + names + ", or give a .json file");
}

bool spec_is_file(const std::string& preset_or_path) {
  return preset_or_path.find('/') != std::string::npos ||
         (preset_or_path.size() > 5 && preset_or_path.compare(preset_or_path.size() - 5, 5, ".json") == 0);
}

Result<ModelSpec> load_spec(const std::string& preset_or_path) {
  if (!spec_is_file(preset_or_path)) return preset_spec(preset_or_path);
  // A model description is a small JSON file; 1 MB is far above any real one.
  Result<std::vector<uint8_t>> bytes = read_whole_file(preset_or_path, size_t{1} << 20);
  if (!bytes) return bytes.status();
  const std::string text(bytes.value().begin(), bytes.value().end());
  return spec_from_json(text, printable(preset_or_path));
}

}  // namespace bn
