// Whole-file reads and writes for formats parsed from memory (MNIST idx, model files, .npz), so
// the same parsers serve bytes a browser fetched. Writes go to a temporary file first and are
// renamed into place, so a failed save never destroys the previous file.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/base/status.h"

namespace bn {

// The file's bytes; refuses files above `max_bytes` with a message naming the limit.
Result<std::vector<uint8_t>> read_whole_file(const std::string& path, size_t max_bytes);
Status write_whole_file(const std::string& path, const std::vector<uint8_t>& bytes);

}  // namespace bn
