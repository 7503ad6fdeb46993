#include "core/base/byte_io.h"

namespace bn {

void ByteReader::fail(const std::string& message) {
  if (status_) status_ = Status::error(what_ + ": " + message);
}

bool ByteReader::need(size_t n, const char* field) {
  if (!status_) return false;
  if (n <= n_ - at_) return true;
  fail("ends at byte " + std::to_string(n_) + " while reading " + field + " at byte " + std::to_string(at_) +
       "; the file is truncated or corrupt");
  return false;
}

bool ByteReader::f32(float& v, const char* field) {
  uint32_t b;
  if (!u32(b, field)) return false;
  std::memcpy(&v, &b, 4);
  return true;
}

bool ByteReader::f64(double& v, const char* field) {
  uint64_t b;
  if (!u64(b, field)) return false;
  std::memcpy(&v, &b, 8);
  return true;
}

bool ByteReader::floats(float* out, size_t n, const char* field) {
  if (n > remaining() / 4) return need(remaining() + 1, field);  // too many: report running out
  for (size_t i = 0; i < n; ++i) f32(out[i], field);
  return status_.is_ok();
}

bool ByteReader::floats(std::vector<float>& out, size_t n, const char* field) {
  if (n > remaining() / 4) return need(remaining() + 1, field);
  out.resize(n);
  return floats(out.data(), n, field);
}

bool ByteReader::str(std::string& out, size_t max_len, const char* field) {
  const size_t start = at_;
  uint32_t len;
  if (!u32(len, field)) return false;
  if (len > max_len) {
    fail(std::string(field) + " at byte " + std::to_string(start) + " is " + std::to_string(len) +
         " bytes long, more than the " + std::to_string(max_len) + " allowed; the file is corrupt");
    return false;
  }
  if (!need(len, field)) return false;
  out.assign(reinterpret_cast<const char*>(p_ + at_), len);
  at_ += len;
  return true;
}

}  // namespace bn
