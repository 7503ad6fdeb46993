// CRC-32 as zip and PNG use it (reflected, polynomial 0xedb88320): model files and .npz entries
// carry one so a damaged file is recognised instead of loaded.
#pragma once
#include <cstddef>
#include <cstdint>

namespace bn {

// CRC of n bytes; pass a previous result as `crc` to continue over more bytes.
uint32_t crc32(const uint8_t* bytes, size_t n, uint32_t crc = 0);

}  // namespace bn
