// Covers the bounds a model description meets before anything is allocated: the JSON's shape
// (core/model/json_reader), names, layer output sizes (checked_shape), and the memory estimate
// and plan of core/model/model_memory.cpp and Model::plan.
#include <catch2/catch.hpp>

#include <string>

#include "core/model/model.h"
#include "core/model/json_reader.h"
#include "core/model/model_json.h"
#include "core/model/summary.h"

namespace bn {

namespace {
std::string refusal(const std::string& json) {
  Result<ModelSpec> s = spec_from_json(json, "m.json");
  return s ? "" : s.message();
}
bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
}  // namespace

TEST_CASE("model JSON of a hostile shape is refused before it is built", "[model]") {
  // Nesting that would overflow a recursive walker's stack.
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  REQUIRE(refusal(deep) == "m.json: nested more than 32 levels deep; a model description needs only a few");
  REQUIRE(contains(refusal(R"({"layers": [{"type": "Dense", "units": 3, "units": 4}]})"),
                   "the key 'units' appears twice in layers[0]"));
  REQUIRE(contains(refusal(R"({"name": "a", "name": "b"})"), "the key 'name' appears twice in the top-level object"));
  REQUIRE(refusal(std::string("\xff\xfe{\0}\0", 6)) == "m.json: the text is UTF-16 or UTF-32; save it as UTF-8");
  REQUIRE(contains(refusal(R"({"name": ")" + std::string(5000, 'x') + "\"}"), "a text of 5000 bytes at name"));
  REQUIRE(contains(refusal(std::string(kMaxJsonBytes + 1, ' ')), "bytes of JSON, more than the"));
  REQUIRE(contains(refusal(R"({"name": "\u001b]0;x\u0007", "layers": []})"),
                   "'name' is \"\\x1B]0;x\\x07\", which holds control characters"));
  REQUIRE(contains(refusal(R"({"layers": [{"type": "Dense", "units": 3, "name": ")" + std::string(65, 'n') + "\"}]}"),
                   "'name' is 65 bytes long; keep it to 64"));
  // A bad value in a message is shown short, whatever its size.
  const std::string big = "[" + std::string(2000, '1') + "]";
  REQUIRE(refusal(R"({"layers": [{"type": "Dense", "units": )" + big + "}]}").size() < 300);
}

TEST_CASE("a layer whose output would be too large is refused with its real shape", "[model]") {
  Result<ModelSpec> s = spec_from_json(R"({"name": "up", "input": [28, 28, 1], "layers": [
      {"type": "UpSampling2D", "name": "a", "size": 8}, {"type": "UpSampling2D", "name": "b", "size": 8},
      {"type": "UpSampling2D", "name": "c", "size": 8, "code": true}, {"type": "UpSampling2D", "name": "d", "size": 8},
      {"type": "MaxPooling2D", "pool_size": 8}]})", "up.json");
  REQUIRE(s);
  Result<std::unique_ptr<Model>> m = Model::plan(s.value());
  REQUIRE(m.message() ==
          "model 'up', d (UpSampling2D): would output (114688, 114688, 1) per sample, more than the 268435456 values a "
          "layer may produce; make it smaller");
}

TEST_CASE("the memory estimate refuses a model before allocating it, naming the largest part", "[model]") {
  Result<ModelSpec> wide = spec_from_json(R"({"name": "wide", "layers": [{"type": "Dense", "name": "enc", "units": 65536,
      "code": true}, {"type": "Dense", "name": "mid", "units": 65536}, {"type": "Dense", "name": "dec", "units": 784}]})", "w");
  REQUIRE(wide);
  Result<std::unique_ptr<Model>> built = Model::build(wide.value(), 0);
  REQUIRE(contains(built.message(), "model 'wide' needs about 65.5 GB for its weights and one sample, more than the "));
  REQUIRE(contains(built.message(), "the largest part is layer 'mid' (Dense), its 4295032832 weights"));
  // Planning it allocates nothing, and counts what it would hold.
  Result<std::unique_ptr<Model>> planned = Model::plan(wide.value());
  REQUIRE(planned);
  REQUIRE(planned.value()->param_count() == uint64_t{784} * 65536 + 65536 + uint64_t{65536} * 65536 + 65536 + 65536 * 784 + 784);
  REQUIRE_FALSE(planned.value()->allocated());

  // A model that fits at one batch size and not at another is refused at reserve time.
  Result<std::unique_ptr<Model>> conv = Model::build(spec_from_json(R"({"name": "c", "input": [28, 28, 1], "layers": [
      {"type": "Conv2D", "name": "wide", "filters": 512, "kernel_size": 3, "padding": "same", "code": true},
      {"type": "Conv2D", "name": "out", "filters": 1, "kernel_size": 3, "padding": "same"}]})", "c").take(), 0);
  REQUIRE(conv);
  REQUIRE(conv.value()->reserve_batch(64).is_ok());
  Status big = conv.value()->reserve_batch(4096);
  REQUIRE(contains(big.message(), "to train at batch 4096"));
  REQUIRE(contains(big.message(), "layer 'wide' (Conv2D), its output (28, 28, 512) per sample and its gradient"));
  REQUIRE(contains(big.message(), "or use a smaller batch"));
  REQUIRE(conv.value()->batch_capacity() == 64);  // the model keeps working at the batch it had

  // Just over a limit: the need and the limit never print as the same number.
  const uint64_t need = conv.value()->estimate_memory(4096, ~uint64_t{0}).take();
  Status just_over = conv.value()->estimate_memory(4096, need - (uint64_t{1} << 20)).status();
  REQUIRE_FALSE(just_over.is_ok());
  const std::string m = just_over.message();
  const size_t about = m.find("needs about ") + 12, than = m.find("more than the ") + 14;
  INFO(m);
  REQUIRE(m.substr(about, m.find(' ', about) - about) != m.substr(than, m.find(' ', than) - than));
}

TEST_CASE("a summary comes from the plan and matches the built model", "[model]") {
  for (const std::string& name : preset_names()) {
    ModelSpec spec = preset_spec(name).take();
    Result<std::unique_ptr<Model>> planned = Model::plan(spec), built = Model::build(spec, 0);
    REQUIRE(planned);
    REQUIRE(built);
    CHECK(model_summary(*planned.value()) == model_summary(*built.value()));
    CHECK(planned.value()->param_count() == built.value()->param_count());
    size_t allocated = 0;
    for (const Param& p : built.value()->params()) allocated += p.value->size();
    CHECK(allocated == built.value()->param_count());
    // The estimate at batch 256 stays far below the limit for every preset.
    Result<uint64_t> bytes = built.value()->estimate_memory(256);
    REQUIRE(bytes);
    CHECK(bytes.value() < (uint64_t{200} << 20));
  }
}

}  // namespace bn

namespace bn {
TEST_CASE("a reshape whose size would wrap around in 32 bits is refused", "[model]") {
  // 65536 * 65536 * 784 is 0 modulo 2^32: a 32-bit product would call it 0 values.
  Result<ModelSpec> s = spec_from_json(R"({"name": "r", "layers": [{"type": "Dense", "units": 16, "code": true},
      {"type": "Reshape", "name": "wrap", "target_shape": [65536, 65536, 784]}]})", "r");
  REQUIRE(s);
  Result<std::unique_ptr<Model>> m = Model::plan(s.value());
  REQUIRE(m.message().find("wrap (Reshape): target shape (65536, 65536, 784) holds more than the 268435456 values") !=
          std::string::npos);
}
}  // namespace bn
