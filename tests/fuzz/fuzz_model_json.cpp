// Fuzzes the model description reader (spec_from_json, core/model/model_json.h) and the shape
// arithmetic behind it. An accepted description must
//   - read back the same after spec_to_json (the writer emits only what the reader takes), and
//   - plan (Model::plan: shapes and parameter counts, no weights) or be refused with a message,
//     then give a memory estimate, a flop count and a summary whatever its size;
// and a model small enough (under kBuildBytes at batch 2) is built and takes a training step,
// an encode and a decode with every kernel set, so the kernels meet the odd shapes the reader
// allows. Nothing large is allocated: planning allocates no weights, building stays under the cap.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/base/rng.h"
#include "core/model/model.h"
#include "core/model/model_json.h"
#include "core/model/summary.h"
#include "fuzz_support.h"

using bn::fuzz::require;

namespace {

constexpr uint64_t kBuildBytes = uint64_t{4} << 20;
constexpr uint64_t kBuildFlops = uint64_t{20} << 20;  // per sample and step

void train_a_step(const bn::ModelSpec& spec, const bn::Kernels& kernels) {
  bn::Result<std::unique_ptr<bn::Model>> built = bn::Model::build(spec, 1, kernels);
  require(built.is_ok(), "a model that plans and fits builds", built.is_ok() ? "" : built.message());
  bn::Model& model = *built.value();
  const int rows = 2;
  require(model.reserve_batch(rows).is_ok(), "a small model reserves a batch of 2");
  bn::Tensor& x = model.input(rows);
  for (size_t i = 0; i < x.size(); ++i) x.data()[i] = static_cast<float>(i % 7) / 7.f;
  const bn::Tensor target = x.clone();
  bn::Rng rng(2);
  bn::RunContext ctx{kernels, model.workspace(), &rng, true};
  model.zero_grads();
  model.train_step(target, ctx);
  bn::RunContext eval{kernels, model.workspace(), nullptr, false};
  std::copy(target.data(), target.data() + target.size(), model.input(rows).data());
  const bn::Tensor& code = model.encode(eval);
  const std::vector<float> codes(code.data(), code.data() + code.size());
  model.decode(codes.data(), rows, eval);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  bn::Result<bn::ModelSpec> spec = bn::spec_from_json(text, "fuzz.json");
  if (!spec) return 0;

  const std::string written = bn::spec_to_json(spec.value());
  bn::Result<bn::ModelSpec> again = bn::spec_from_json(written, "written");
  require(again.is_ok(), "a description this build writes reads back", again.is_ok() ? "" : again.message());
  require(bn::spec_to_json(again.value()) == written, "a description survives write and read unchanged", written);

  bn::Result<std::unique_ptr<bn::Model>> plan = bn::Model::plan(spec.value());
  if (!plan) return 0;
  bn::Model& model = *plan.value();
  (void)model.param_count();
  (void)model.estimate_train_flops();
  (void)bn::model_summary(model);
  for (int rows : {1, 256, 4096}) (void)model.estimate_memory(rows);

  bn::Result<uint64_t> bytes = model.estimate_memory(2, kBuildBytes);
  if (!bytes || model.estimate_train_flops() > kBuildFlops) return 0;
  for (const bn::Kernels* kernels : bn::available_kernels()) train_a_step(spec.value(), *kernels);
  return 0;
}
