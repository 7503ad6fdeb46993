// Little-endian binary writing and bounds-checked reading for our file formats. The reader
// treats every length in a file as hostile: a read past the end fails with the offset and what
// was being read, and nothing is read outside the buffer.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "core/base/status.h"

namespace bn {

class ByteWriter {
 public:
  void u8(uint8_t v) { out_.push_back(v); }
  void u16(uint16_t v) { put(v, 2); }
  void u32(uint32_t v) { put(v, 4); }
  void u64(uint64_t v) { put(v, 8); }
  void f32(float v) {
    uint32_t b;
    std::memcpy(&b, &v, 4);
    u32(b);
  }
  void f64(double v) {
    uint64_t b;
    std::memcpy(&b, &v, 8);
    u64(b);
  }
  void floats(const float* v, size_t n) {
    for (size_t i = 0; i < n; ++i) f32(v[i]);
  }
  void bytes(const void* p, size_t n) {
    const uint8_t* b = static_cast<const uint8_t*>(p);
    out_.insert(out_.end(), b, b + n);
  }
  // A u32 length, then the bytes.
  void str(const std::string& s) {
    u32(static_cast<uint32_t>(s.size()));
    bytes(s.data(), s.size());
  }
  std::vector<uint8_t>& buffer() { return out_; }

 private:
  void put(uint64_t v, int n) {
    for (int i = 0; i < n; ++i) out_.push_back(static_cast<uint8_t>(v >> (8 * i)));
  }
  std::vector<uint8_t> out_;
};

class ByteReader {
 public:
  // `what` opens messages ("model.bnm").
  ByteReader(const uint8_t* p, size_t n, std::string what) : p_(p), n_(n), what_(std::move(what)) {}
  size_t offset() const { return at_; }
  size_t remaining() const { return n_ - at_; }
  // Each reader returns false (and records the first error) when the bytes run out.
  bool u8(uint8_t& v, const char* field) { return get(v, 1, field); }
  bool u16(uint16_t& v, const char* field) { return get(v, 2, field); }
  bool u32(uint32_t& v, const char* field) { return get(v, 4, field); }
  bool u64(uint64_t& v, const char* field) { return get(v, 8, field); }
  bool f32(float& v, const char* field);
  bool f64(double& v, const char* field);
  // n floats into out (resized), refusing counts that cannot fit in what is left.
  bool floats(std::vector<float>& out, size_t n, const char* field);
  bool floats(float* out, size_t n, const char* field);
  bool skip(size_t n, const char* field) {
    if (!need(n, field)) return false;
    at_ += n;
    return true;
  }
  // A u32 length then that many bytes, at most max_len.
  bool str(std::string& out, size_t max_len, const char* field);
  const Status& status() const { return status_; }
  void fail(const std::string& message);

 private:
  template <typename T>
  bool get(T& v, int n, const char* field) {
    if (!need(static_cast<size_t>(n), field)) return false;
    uint64_t x = 0;
    for (int i = 0; i < n; ++i) x |= static_cast<uint64_t>(p_[at_ + i]) << (8 * i);
    at_ += static_cast<size_t>(n);
    v = static_cast<T>(x);
    return true;
  }
  bool need(size_t n, const char* field);

  const uint8_t* p_;
  size_t n_, at_ = 0;
  std::string what_;
  Status status_;
};

}  // namespace bn
