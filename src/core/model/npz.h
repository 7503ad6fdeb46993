// NumPy .npz files: named float32 arrays in and out, so a model's weights can be checked or
// continued in PyTorch or Keras (`bottleneck export --npz`, `import --npz`). This is the format
// layer only: which array names a model uses, and how they map onto its layers, lives with the
// model (model_npz.h).
//
// Written as np.savez writes them: a ZIP archive with one STORED entry "<name>.npy" per array
// (so a name "encoder/kernel" becomes the entry "encoder/kernel.npy" and np.load gives it back
// as "encoder/kernel"), each entry an NPY 1.0 file, '<f4', C order, header padded to 64 bytes
// exactly as NumPy pads it. Entry dates are fixed (1980-01-01, as np.savez writes them too), so
// the same arrays always give the same bytes.
//
// Read: NPY 1.0, 2.0 and 3.0; '<f4', and '<f8' narrowed to float32. Refused, each with a message
// saying what to do in NumPy: compressed archives (np.savez_compressed), ZIP64, encryption, other
// dtypes, Fortran order, entries that are not .npy, duplicate names, rank above 4. Every offset
// and length in the file is treated as hostile: nothing is read outside the buffer, and the
// memory allocated is bounded by the size of the input.
//
// Shapes: rank 0 (a scalar, shape ()) to 4, and dimensions of 0 (an empty array) are allowed in
// both directions, as NumPy allows them; whether a model wants such an array is the importer's
// call, not this file's. Not here: compression (no zlib in the wasm build), memory mapping,
// dtypes other than float32 on write.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/base/status.h"

namespace bn {

struct NamedArray {
  std::string name;        // "encoder/kernel"; the zip entry is name + ".npy"
  std::vector<int> shape;  // rank 0 to 4 (kMaxRank); empty means a scalar
  std::vector<float> data; // row-major (C order), product of shape elements
};

// Python's repr of a shape tuple, as messages about arrays show shapes: "()", "(5,)", "(2, 3)".
std::string shape_repr(const std::vector<int>& shape);

// Why `arrays` cannot be written, or ok: a name that is empty, holds a NUL or is too long for a
// zip entry; a name used twice; rank above 4; a negative dimension; data whose length is not the
// product of the shape; more than 65535 arrays or 4 GiB (that would need ZIP64). `what` names the
// destination in the message. write_npz calls this; call it before encode_npz on anything a
// user could have named.
Status check_npz_arrays(const std::vector<NamedArray>& arrays, const std::string& what);

// The .npz file of `arrays`, in their order. Precondition: check_npz_arrays(arrays) is ok
// (asserted in debug builds).
std::vector<uint8_t> encode_npz(const std::vector<NamedArray>& arrays);

// The arrays of an .npz file in `bytes`, in archive order. `what` (usually the file name) opens
// every message.
Result<std::vector<NamedArray>> decode_npz(const uint8_t* bytes, size_t size, const std::string& what);

// encode_npz / decode_npz on a file.
Status write_npz(const std::string& path, const std::vector<NamedArray>& arrays);
Result<std::vector<NamedArray>> read_npz(const std::string& path);

}  // namespace bn
