// Byte layout of a model file (all little-endian):
//
//   offset  size  field
//   0       8     magic 89 'B' 'N' 'M' 'O' 'D' 'E' 'L' ... (see kMagic; a text-mode copy breaks it)
//   8       4     format version (kModelFormatVersion)
//   12      8     total file length, so truncation is told apart from damage
//   20      ...   description: u32 length, JSON (spec_to_json)
//           ...   parameters: u32 count; each: u32 name length, name, u8 rank, u32 dims[rank], float32 data
//           ...   optimiser: u8 present; u8 kind, f32 learning rate, u64 iterations, u32 slot count,
//                 each slot: u32 count, float32 data
//           ...   history, then (version 2 on) the batch-loss curve: see core/train/history_io.h
//                 (version 1 records have no step count)
//   end-4   4     CRC-32 of every byte before it
// New fields go at the end of a section behind a new format version; old versions stay readable.
// The magic, the version, the length and the CRC stay where they are in every version, so a
// reader checks them first: length (truncated?), CRC (damaged?), then version (newer?).
//
// Every value is checked where it enters, and the same rules hold when writing, so a file this
// build writes always loads: weights and optimiser slots are finite (and a slot that sums squares
// is not negative), the learning rate lies in the range a model description allows, the step
// count below kMaxOptimizerSteps, and the history and curve follow history_io.h's rules. A
// refusal names the section, the parameter or slot, the flat index and the byte offset.
#include "core/model/model_file.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "core/base/byte_io.h"
#include "core/base/crc32.h"
#include "core/base/file_io.h"
#include "core/base/finite.h"
#include "core/base/text.h"
#include "core/model/model_json.h"
#include "core/model/summary.h"
#include "core/train/history_io.h"

namespace bn {

namespace {
const uint8_t kMagic[8] = {0x89, 'B', 'N', 'M', 'O', 'D', 'E', 'L'};
constexpr size_t kMaxJson = 1 << 20, kMaxName = 256;
constexpr size_t kHeaderLen = 20;  // magic, version, length

std::string describe_magic(const uint8_t* b, size_t n) {
  if (n >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4)
    return "it is a zip archive (an .npz?); bring NumPy weights in with 'bottleneck import --npz'";
  if (n >= 1 && (b[0] == '{' || b[0] == ' ' || b[0] == '\n'))
    return "it looks like a JSON model description; pass it as --model, not --load";
  if (n >= 8 && b[0] == 0x0d && std::memcmp(b + 1, kMagic + 1, 7) == 0)
    return "its first byte was changed (copied as text?); copy it again in binary mode";
  if (n == 0) return "the file is empty (0 bytes), so it was never saved completely; save the model again or choose another copy";
  return "this is not a Bottleneck model file; choose a .bnm file saved by 'bottleneck train --save' or the page's Download model button";
}

std::string at_byte(size_t offset) { return " (byte " + std::to_string(offset) + ")"; }

// "optimizer slot 'velocities' of 'encoder/kernel'": the s-th slot of parameter p.
std::string slot_text(const Optimizer& opt, const Param& p, int s) {
  return std::string("optimizer slot '") + opt.slot_name(s) + "' of '" + p.name + "'";
}

// Where a tensor about to be stored or just read breaks the value rules: "holds NaN at index 12",
// with the byte of that value when `offset` (of the tensor's first float) is given; else empty.
std::string value_fault(const Tensor& t, bool nonnegative, size_t offset = SIZE_MAX) {
  const size_t i = first_bad_value(t.data(), t.size(), nonnegative);
  if (i == t.size()) return "";
  return "holds " + value_text(t.data()[i]) + " at index " + std::to_string(i) +
         (offset == SIZE_MAX ? "" : at_byte(offset + 4 * i)) +
         (std::isfinite(t.data()[i]) ? ", but it sums squares and is never negative" : "");
}

// Why the optimiser's scalars break the value rules, or empty.
std::string scalar_fault(float lr, uint64_t iterations) {
  if (!(lr >= kMinLearningRate && lr <= kMaxLearningRate))
    return "learning rate " + value_text(lr) + " is outside [1e-08, 1000], the range a model description allows";
  if (iterations > static_cast<uint64_t>(kMaxOptimizerSteps))
    return "step count " + std::to_string(iterations) + " is beyond " + std::to_string(kMaxOptimizerSteps) +
           " (no run takes that many)";
  return "";
}

// Why this state must not be written, or empty: the value rules of the file's header comment.
std::string unsaveable(const Model& model, const Optimizer* optimizer, const std::vector<EpochStats>& history,
                       const LossCurve* curve) {
  const std::vector<Param>& params = model.params();
  for (const Param& p : params) {
    std::string bad = value_fault(*p.value, false);
    if (!bad.empty()) return "parameter '" + p.name + "' " + bad;
  }
  if (optimizer) {
    std::string bad = scalar_fault(optimizer->learning_rate(), static_cast<uint64_t>(optimizer->iterations()));
    if (!bad.empty()) return "the optimizer's " + bad;
    const int per = optimizer->slots_per_param();
    for (size_t i = 0; i < optimizer->slots().size() && i / per < params.size(); ++i) {
      const int s = static_cast<int>(i % per);
      bad = value_fault(optimizer->slots()[i], optimizer->slot_is_square_sum(s));
      if (!bad.empty()) return slot_text(*optimizer, params[i / per], s) + " " + bad;
    }
  }
  std::string bad = history_fault(history);
  if (!bad.empty()) return "the history, " + bad;
  bad = curve ? curve_fault(*curve) : "";
  if (!bad.empty()) return "the loss curve, " + bad;
  return "";
}

// Length, checksum and version, in that order (see the top of this file).
Status check_header(const uint8_t* bytes, size_t size, const std::string& what, uint32_t& version) {
  ByteReader r(bytes, size, what);
  uint64_t total = 0;
  r.skip(8, "the magic");
  r.u32(version, "the format version");
  r.u64(total, "the file length");
  if (!r.status()) return r.status();
  if (total != size)
    return Status::error(what + ": " + std::to_string(size) + " bytes, but the file says it has " + std::to_string(total) +
                         (size < total ? "; it is truncated (an interrupted download or copy?), save or copy it again"
                                       : "; it has extra bytes at the end and may be damaged"));
  if (size < kHeaderLen + 4)
    return Status::error(what + ": " + std::to_string(size) + " bytes, too short for a model file; it is damaged");
  uint32_t stored = 0;
  for (int i = 0; i < 4; ++i) stored |= static_cast<uint32_t>(bytes[size - 4 + i]) << (8 * i);
  if (crc32(bytes, size - 4) != stored)
    return Status::error(what + ": checksum mismatch, the file is damaged; save it again or use another copy");
  if (version < 1)
    return Status::error(what + ": format version " + std::to_string(version) + " (byte 8) is not one Bottleneck writes (1 to " +
                         std::to_string(kModelFormatVersion) + "); the file is damaged or was not written by Bottleneck");
  if (version > kModelFormatVersion)
    return Status::error(what + ": format version " + std::to_string(version) + " is newer than this build reads (" +
                         std::to_string(kModelFormatVersion) + "); update Bottleneck to load it");
  return Status::ok();
}

// The parameter section into the model built from the description: every name, shape and value.
Status read_params(ByteReader& r, const std::vector<Param>& params, const std::string& what) {
  const size_t section = r.offset();
  uint32_t count = 0;
  r.u32(count, "the parameter count");
  if (r.status() && count != params.size())
    return Status::error(what + ": the parameter section" + at_byte(section) + " holds " + std::to_string(count) +
                         " parameters but the model description builds " + std::to_string(params.size()) +
                         "; the file is inconsistent");
  for (const Param& p : params) {
    const size_t at = r.offset();
    std::string name;
    uint8_t rank = 0;
    r.str(name, kMaxName, "a parameter name");
    r.u8(rank, "a parameter's rank");
    Shape shape;
    shape.rank = rank <= kMaxRank ? rank : 0;
    for (int d = 0; d < shape.rank; ++d) {
      uint32_t dim = 0;
      r.u32(dim, "a parameter's shape");
      shape.dims[d] = static_cast<int>(dim);
    }
    if (!r.status()) return r.status();
    if (name != p.name || shape != p.value->shape())
      return Status::error(what + ": parameter '" + printable(name, 80) + "' at byte " + std::to_string(at) + " is " +
                           (rank > kMaxRank ? "of rank " + std::to_string(rank) : shape.str()) +
                           " where the model expects '" + p.name + "' " + p.value->shape().str() +
                           "; the file is inconsistent");
    const size_t data = r.offset();
    if (!r.floats(p.value->data(), p.value->size(), "parameter values")) return r.status();
    std::string bad = value_fault(*p.value, false, data);
    if (!bad.empty())
      return Status::error(what + ": parameter '" + p.name + "' " + bad +
                           "; the file is damaged or was saved from a diverged run; retrain or load an earlier save");
  }
  return r.status();
}

// The optimiser section: null when the file has no optimiser state.
Result<std::unique_ptr<Optimizer>> read_optimizer(ByteReader& r, const ModelSpec& spec, const std::vector<Param>& params,
                                                  const std::string& what) {
  const size_t section = r.offset();
  uint8_t has_opt = 0, kind = 0;
  float lr = 0;
  uint64_t iterations = 0;
  uint32_t slots = 0;
  r.u8(has_opt, "the optimizer flag");
  if (r.status() && has_opt > 1)
    return Status::error(what + ": the optimizer flag" + at_byte(section) + " is " + std::to_string(has_opt) +
                         ", where 0 (no optimizer state) or 1 is expected; the file is damaged");
  if (!r.status()) return r.status();
  if (!has_opt) return std::unique_ptr<Optimizer>();
  r.u8(kind, "the optimizer kind");
  r.f32(lr, "the learning rate");
  r.u64(iterations, "the optimizer step");
  const size_t slot_count_at = r.offset();
  r.u32(slots, "the optimizer slot count");
  if (!r.status()) return r.status();
  const std::string in_section = what + ": the optimizer section" + at_byte(section) + ": ";
  if (kind > static_cast<uint8_t>(OptimizerKind::kAdadelta))
    return Status::error(in_section + "optimizer kind " + std::to_string(kind) +
                         " is unknown to this build (0 to 4); the file is damaged or from a newer Bottleneck");
  std::string bad = scalar_fault(lr, iterations);
  if (!bad.empty()) return Status::error(in_section + "the " + bad + "; the file is damaged");

  // The one rule for which hyper-parameters the saved kind trains with (core/optim/optimizer.h).
  Result<ChosenOptimizer> chosen = choose_optimizer(nullptr, spec.optimizer, {static_cast<OptimizerKind>(kind), lr});
  if (!chosen) return Status::error(what + ": " + chosen.message());
  std::unique_ptr<Optimizer> opt = std::move(chosen.value().optimizer);
  BN_RETURN_IF_ERROR(opt->init(params));
  const int per = opt->slots_per_param();
  std::vector<Tensor>& t = opt->slots();
  if (slots != t.size())
    return Status::error(what + ": " + std::to_string(slots) + " optimizer slots" + at_byte(slot_count_at) + " where " +
                         opt->name() + " keeps " + std::to_string(t.size()) + " for this model (" + std::to_string(per) +
                         " per parameter); the file is inconsistent");
  for (size_t i = 0; i < t.size(); ++i) {
    const Param& p = params[i / per];
    const int s = static_cast<int>(i % per);
    const size_t at = r.offset();
    uint32_t n = 0;
    r.u32(n, "an optimizer slot size");
    if (r.status() && n != t[i].size())
      return Status::error(what + ": " + slot_text(*opt, p, s) + at_byte(at) + " holds " + std::to_string(n) +
                           " values where its parameter " + p.value->shape().str() + " has " +
                           std::to_string(t[i].size()) + "; the file is inconsistent");
    if (!r.floats(t[i].data(), t[i].size(), "optimizer state")) return r.status();
    bad = value_fault(t[i], opt->slot_is_square_sum(s), at + 4);
    // A negative sum of squares is damage; no run, diverged or not, computes one.
    const bool negative = bad.find("never negative") != std::string::npos;
    if (!bad.empty())
      return Status::error(what + ": " + slot_text(*opt, p, s) + " (" + opt->name() + ") " + bad +
                           (negative ? "; the file is damaged; load an earlier save"
                                     : "; the file is damaged or was saved from a diverged run; retrain or load an earlier save"));
  }
  opt->set_iterations(static_cast<long long>(iterations));
  return opt;
}

}  // namespace

Result<std::vector<uint8_t>> encode_model_file(const Model& model, const Optimizer* optimizer,
                                               const std::vector<EpochStats>& history, const LossCurve* curve) {
  const std::string bad = unsaveable(model, optimizer, history, curve);
  if (!bad.empty())
    return Status::error("model '" + model.spec().name + "': " + bad +
                         "; a model file never holds such values (did training diverge?), so nothing was saved");
  ByteWriter w;
  w.bytes(kMagic, 8);
  w.u32(kModelFormatVersion);
  w.u64(0);  // total length, patched below
  w.str(spec_to_json(model.spec()));
  w.u32(static_cast<uint32_t>(model.params().size()));
  for (const Param& p : model.params()) {
    w.str(p.name);
    const Shape& s = p.value->shape();
    w.u8(static_cast<uint8_t>(s.rank));
    for (int d = 0; d < s.rank; ++d) w.u32(static_cast<uint32_t>(s.dims[d]));
    w.floats(p.value->data(), p.value->size());
  }
  w.u8(optimizer ? 1 : 0);
  if (optimizer) {
    w.u8(static_cast<uint8_t>(optimizer->config().kind));
    w.f32(optimizer->learning_rate());
    w.u64(static_cast<uint64_t>(optimizer->iterations()));
    w.u32(static_cast<uint32_t>(optimizer->slots().size()));
    for (const Tensor& t : optimizer->slots()) {
      w.u32(static_cast<uint32_t>(t.size()));
      w.floats(t.data(), t.size());
    }
  }
  write_history(w, history);
  write_curve(w, curve ? *curve : LossCurve());
  std::vector<uint8_t>& out = w.buffer();
  const uint64_t total = out.size() + 4;
  for (int i = 0; i < 8; ++i) out[12 + i] = static_cast<uint8_t>(total >> (8 * i));
  const uint32_t crc = crc32(out.data(), out.size());
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(crc >> (8 * i)));
  return std::move(out);
}

Result<SavedModel> decode_model_file(const uint8_t* bytes, size_t size, const std::string& what, const Kernels& kernels) {
  if (size < 8 || std::memcmp(bytes, kMagic, 8) != 0) return Status::error(what + ": " + describe_magic(bytes, size));
  uint32_t version = 0;
  BN_RETURN_IF_ERROR(check_header(bytes, size, what, version));
  ByteReader r(bytes, size - 4, what);  // the checksum is not part of any section
  r.skip(kHeaderLen, "the header");
  std::string json;
  r.str(json, kMaxJson, "the model description");
  if (!r.status()) return r.status();
  Result<ModelSpec> spec = spec_from_json(json, what + " (its model description)");
  if (!spec) return spec.status();
  // Its weights are stored after the description, so a description that builds more than the rest
  // of the file holds is refused before they are allocated: a few damaged bytes saying 65536 units
  // made a 20 KB file take 800 MB first (and a wasm heap never gives memory back).
  Result<std::unique_ptr<Model>> planned = Model::plan(spec.value(), kernels);
  if (!planned) return Status::error(what + " (its model description): " + planned.message());
  const uint64_t weights = planned.value()->param_count();
  if (weights > r.remaining() / 4)
    return Status::error(what + ": the model description builds " + with_thousands(weights) + " weights, but only " +
                         std::to_string(r.remaining()) + " bytes follow it" + at_byte(r.offset()) +
                         "; the file is inconsistent");
  Result<std::unique_ptr<Model>> built = Model::build(spec.value(), 0, kernels);
  if (!built) return Status::error(what + " (its model description): " + built.message());
  SavedModel saved;
  saved.model = built.take();
  BN_RETURN_IF_ERROR(read_params(r, saved.model->params(), what));
  Result<std::unique_ptr<Optimizer>> opt = read_optimizer(r, spec.value(), saved.model->params(), what);
  if (!opt) return opt.status();
  saved.optimizer = opt.take();
  BN_RETURN_IF_ERROR(read_history(r, what, version >= 2, saved.history));
  if (version >= 2) BN_RETURN_IF_ERROR(read_curve(r, what, saved.curve));
  if (!r.status()) return r.status();
  if (r.remaining() != 0)
    return Status::error(what + ": " + std::to_string(r.remaining()) + " unexpected bytes" + at_byte(r.offset()) +
                         " before the checksum; the file is inconsistent");
  return saved;
}

Status save_model_file(const std::string& path, const Model& model, const Optimizer* optimizer,
                       const std::vector<EpochStats>& history, const LossCurve* curve) {
  Result<std::vector<uint8_t>> bytes = encode_model_file(model, optimizer, history, curve);
  if (!bytes) return Status::error(path + ": not written: " + bytes.message());
  return write_whole_file(path, bytes.value());
}

Result<SavedModel> load_model_file(const std::string& path, const Kernels& kernels) {
  // Our largest presets are a few MB with Adam's slots; 512 MB is far beyond any sane model.
  Result<std::vector<uint8_t>> bytes = read_whole_file(path, size_t{512} << 20);
  if (!bytes) return bytes.status();
  return decode_model_file(bytes.value().data(), bytes.value().size(), path, kernels);
}

}  // namespace bn
