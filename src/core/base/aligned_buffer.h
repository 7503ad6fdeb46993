// AlignedBuffer: an owning float array whose start is 16-byte aligned (one v128 / SSE register),
// so SIMD kernels may use aligned loads on whole tensors. Move-only; zero-initialised.
#pragma once
#include <cstddef>
#include <cstring>
#include <new>
#include <utility>

namespace bn {

constexpr size_t kAlignment = 16;

class AlignedBuffer {
 public:
  AlignedBuffer() = default;
  explicit AlignedBuffer(size_t count) { reset(count); }
  ~AlignedBuffer() { release(); }
  AlignedBuffer(const AlignedBuffer&) = delete;
  AlignedBuffer& operator=(const AlignedBuffer&) = delete;
  AlignedBuffer(AlignedBuffer&& o) noexcept : data_(o.data_), size_(o.size_) {
    o.data_ = nullptr;
    o.size_ = 0;
  }
  AlignedBuffer& operator=(AlignedBuffer&& o) noexcept {
    std::swap(data_, o.data_);
    std::swap(size_, o.size_);
    return *this;
  }

  // Replaces the contents with `count` zeros. Returns false if memory ran out.
  bool reset(size_t count) {
    release();
    if (count == 0) return true;
    size_t bytes = (count * sizeof(float) + kAlignment - 1) / kAlignment * kAlignment;
    // Aligned operator new (not aligned_alloc) so tests that count allocations see these too.
    data_ = static_cast<float*>(::operator new(bytes, std::align_val_t(kAlignment), std::nothrow));
    if (!data_) return false;
    std::memset(data_, 0, bytes);
    size_ = count;
    return true;
  }
  float* data() { return data_; }
  const float* data() const { return data_; }
  size_t size() const { return size_; }

 private:
  void release() {
    if (data_) ::operator delete(data_, std::align_val_t(kAlignment));
    data_ = nullptr;
    size_ = 0;
  }
  float* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace bn
