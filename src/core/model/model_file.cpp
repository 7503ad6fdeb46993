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
#include "core/model/model_file.h"

#include <algorithm>
#include <cstring>

#include "core/base/byte_io.h"
#include "core/base/file_io.h"
#include "core/base/crc32.h"
#include "core/model/model_json.h"
#include "core/train/history_io.h"

namespace bn {

namespace {
const uint8_t kMagic[8] = {0x89, 'B', 'N', 'M', 'O', 'D', 'E', 'L'};
constexpr size_t kMaxJson = 1 << 20, kMaxName = 256;

std::string describe_magic(const uint8_t* b, size_t n) {
  if (n >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4)
    return "it is a zip archive (an .npz?); bring NumPy weights in with 'bottleneck import --npz'";
  if (n >= 1 && (b[0] == '{' || b[0] == ' ' || b[0] == '\n'))
    return "it looks like a JSON model description; pass it as --model, not --load";
  if (n >= 8 && b[0] == 0x0d && std::memcmp(b + 1, kMagic + 1, 7) == 0)
    return "its first byte was changed (copied as text?); copy it again in binary mode";
  return "this is not a Bottleneck model file";
}

std::string shape_str(const Tensor& t) { return t.shape().str(); }

}  // namespace

std::vector<uint8_t> encode_model_file(const Model& model, const Optimizer* optimizer,
                                       const std::vector<EpochStats>& history, const LossCurve* curve) {
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
    w.u8(static_cast<uint8_t>(parse_optimizer(optimizer->name()).value()));
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
  return out;
}

Result<SavedModel> decode_model_file(const uint8_t* bytes, size_t size, const std::string& what, const Kernels& kernels) {
  if (size < 8 || std::memcmp(bytes, kMagic, 8) != 0) return Status::error(what + ": " + describe_magic(bytes, size));
  ByteReader r(bytes, size, what);
  uint32_t version = 0;
  uint64_t total = 0;
  r.skip(8, "the magic");
  r.u32(version, "the format version");
  r.u64(total, "the file length");
  if (!r.status()) return r.status();
  if (version == 0 || version > kModelFormatVersion)
    return Status::error(what + ": format version " + std::to_string(version) + " is newer than this build reads (" +
                         std::to_string(kModelFormatVersion) + "); update Bottleneck to load it");
  if (total != size)
    return Status::error(what + ": " + std::to_string(size) + " bytes, but the file says it has " + std::to_string(total) +
                         (size < total ? "; it is truncated (an interrupted download or copy?), save or copy it again"
                                       : "; it has extra bytes at the end and may be damaged"));
  uint32_t stored = 0;
  for (int i = 0; i < 4; ++i) stored |= static_cast<uint32_t>(bytes[size - 4 + i]) << (8 * i);
  if (crc32(bytes, size - 4) != stored)
    return Status::error(what + ": checksum mismatch, the file is damaged; save it again or use another copy");

  std::string json;
  r.str(json, kMaxJson, "the model description");
  if (!r.status()) return r.status();
  Result<ModelSpec> spec = spec_from_json(json, what + " (its model description)");
  if (!spec) return spec.status();
  Result<std::unique_ptr<Model>> built = Model::build(spec.value(), 0, kernels);
  if (!built) return Status::error(what + ": " + built.message());
  SavedModel saved;
  saved.model = built.take();
  const std::vector<Param>& params = saved.model->params();
  uint32_t count = 0;
  r.u32(count, "the parameter count");
  if (r.status() && count != params.size())
    return Status::error(what + ": holds " + std::to_string(count) + " parameters but its description builds a model with " +
                         std::to_string(params.size()) + "; the file is inconsistent");
  for (const Param& p : params) {
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
      return Status::error(what + ": parameter '" + name + "' " + (rank > kMaxRank ? std::string("has rank ") + std::to_string(rank) : shape.str()) +
                           " where the model expects '" + p.name + "' " + shape_str(*p.value) + "; the file is inconsistent");
    if (!r.floats(p.value->data(), p.value->size(), "parameter values")) return r.status();
  }
  uint8_t has_opt = 0;
  r.u8(has_opt, "the optimizer flag");
  if (has_opt) {
    uint8_t kind = 0;
    float lr = 0;
    uint64_t iterations = 0;
    uint32_t slots = 0;
    r.u8(kind, "the optimizer kind");
    r.f32(lr, "the learning rate");
    r.u64(iterations, "the optimizer step");
    r.u32(slots, "the optimizer slot count");
    if (!r.status()) return r.status();
    if (kind > static_cast<uint8_t>(OptimizerKind::kAdadelta))
      return Status::error(what + ": optimizer kind " + std::to_string(kind) + " is unknown to this build; update Bottleneck");
    // The one rule for which hyper-parameters the saved kind trains with (core/optim/optimizer.h).
    Result<ChosenOptimizer> chosen =
        choose_optimizer(nullptr, spec.value().optimizer, {static_cast<OptimizerKind>(kind), lr});
    if (!chosen) return Status::error(what + ": " + chosen.message());
    Result<std::unique_ptr<Optimizer>> opt = std::move(chosen.value().optimizer);
    BN_RETURN_IF_ERROR(opt.value()->init(params));
    std::vector<Tensor>& t = opt.value()->slots();
    if (slots != t.size())
      return Status::error(what + ": " + std::to_string(slots) + " optimizer slots where " + opt.value()->name() +
                           " keeps " + std::to_string(t.size()) + " for this model; the file is inconsistent");
    for (Tensor& slot : t) {
      uint32_t n = 0;
      r.u32(n, "an optimizer slot size");
      if (r.status() && n != slot.size())
        return Status::error(what + ": an optimizer slot holds " + std::to_string(n) + " values where " +
                             std::to_string(slot.size()) + " are expected; the file is inconsistent");
      if (!r.floats(slot.data(), slot.size(), "optimizer state")) return r.status();
    }
    opt.value()->set_iterations(static_cast<long long>(iterations));
    saved.optimizer = opt.take();
  }
  BN_RETURN_IF_ERROR(read_history(r, what, version >= 2, saved.history));
  if (version >= 2) BN_RETURN_IF_ERROR(read_curve(r, what, saved.curve));
  if (!r.status()) return r.status();
  if (r.remaining() != 4)
    return Status::error(what + ": " + std::to_string(r.remaining() - 4) +
                         " unexpected bytes before the checksum; the file is inconsistent");
  return saved;
}

Status save_model_file(const std::string& path, const Model& model, const Optimizer* optimizer,
                       const std::vector<EpochStats>& history, const LossCurve* curve) {
  return write_whole_file(path, encode_model_file(model, optimizer, history, curve));
}

Result<SavedModel> load_model_file(const std::string& path, const Kernels& kernels) {
  // Our largest presets are a few MB with Adam's slots; 512 MB is far beyond any sane model.
  Result<std::vector<uint8_t>> bytes = read_whole_file(path, size_t{512} << 20);
  if (!bytes) return bytes.status();
  return decode_model_file(bytes.value().data(), bytes.value().size(), path, kernels);
}

}  // namespace bn
