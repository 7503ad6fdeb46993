// Model files: one versioned binary file holding everything needed to use or continue a trained
// model: its JSON description, every weight, the optimiser's state and the training history.
//
// Layout (little-endian; see model_file.cpp for the byte-level table):
//   magic "\x89BNMODEL\n" (8 bytes), format version u32, total length u64,
//   the description (u32 length + JSON), parameters (name, shape, float32 data), the optimiser
//   (kind, learning rate, iterations, slots), the history (one record per epoch), the batch-loss
//   curve (version 2 on), CRC-32 of all bytes before it.
// Loading rebuilds the model from its description and then requires every stored parameter to
// match it by name and shape, so save -> load gives bit-identical outputs. Truncated, damaged,
// newer-version and inconsistent files are refused with a message; nothing is half-loaded.
// Values are checked both ways (model_file.cpp lists the rules): a NaN or infinite weight, a bad
// optimiser state or history is refused on loading, and never written.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "core/model/model.h"
#include "core/optim/optimizer.h"
#include "core/train/history.h"

namespace bn {

// 2: each epoch records its step count, and the batch-loss curve follows the history.
constexpr uint32_t kModelFormatVersion = 2;

struct SavedModel {
  std::unique_ptr<Model> model;
  std::unique_ptr<Optimizer> optimizer;  // null when the file was saved without one
  std::vector<EpochStats> history;
  LossCurve curve;  // empty in files of version 1
};

// `optimizer` may be null (weights only), `curve` too (no batch losses). Refused, naming the
// value, when a weight or slot is NaN or infinite (a diverged model) or any other value breaks
// the rules a reader checks.
Result<std::vector<uint8_t>> encode_model_file(const Model& model, const Optimizer* optimizer,
                                               const std::vector<EpochStats>& history, const LossCurve* curve = nullptr);
Result<SavedModel> decode_model_file(const uint8_t* bytes, size_t size, const std::string& what,
                                     const Kernels& kernels = default_kernels());

// encode_model_file, then the file written ("<path>: not written: ..." when encoding refuses).
Status save_model_file(const std::string& path, const Model& model, const Optimizer* optimizer,
                       const std::vector<EpochStats>& history, const LossCurve* curve = nullptr);
Result<SavedModel> load_model_file(const std::string& path, const Kernels& kernels = default_kernels());

}  // namespace bn
