// Workspace: scratch memory handed to kernels that need it (GEMM packing). It only grows, so once
// a model has reserved for its largest shapes, the training loop never allocates. Owned by the
// caller (a model, a test, a benchmark): there is no shared scratch and no global state.
#pragma once
#include <cstddef>

#include "core/base/aligned_buffer.h"

namespace bn {

class Workspace {
 public:
  // Makes at least `count` floats available; false if memory ran out.
  bool reserve(size_t count) { return count <= buffer_.size() || buffer_.reset(count); }
  // Scratch of at least `count` floats; grows (allocates) only past the reserved size. Null if
  // growing ran out of memory: callers fall back to a kernel that needs no scratch.
  float* floats(size_t count) {
    if (count > buffer_.size()) buffer_.reset(count);
    return buffer_.data();
  }
  size_t capacity() const { return buffer_.size(); }

 private:
  AlignedBuffer buffer_;
};

}  // namespace bn
