#include <cstdio>
#include <string>

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

Result<ModelSpec> load_spec(const std::string& preset_or_path) {
  const bool is_file = preset_or_path.find('/') != std::string::npos ||
                       (preset_or_path.size() > 5 && preset_or_path.compare(preset_or_path.size() - 5, 5, ".json") == 0);
  if (!is_file) return preset_spec(preset_or_path);
  FILE* f = std::fopen(preset_or_path.c_str(), "rb");
  if (!f) return Status::error(preset_or_path + ": cannot open the model file");
  std::string text;
  char buf[4096];
  size_t got;
  while ((got = std::fread(buf, 1, sizeof buf, f)) > 0 && text.size() < (1u << 20)) text.append(buf, got);
  std::fclose(f);
  if (text.size() >= (1u << 20)) return Status::error(preset_or_path + ": larger than 1 MB; a model description is a small JSON file");
  return spec_from_json(text, preset_or_path);
}

}  // namespace bn
