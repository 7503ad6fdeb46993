// Fuzzes the MNIST idx readers (core/data/mnist.h) on bytes in memory, the way the page hands
// fetched files over (bn_load_idx in platform/web/main.cpp): the input is an images file followed
// by its labels file. The images file is as long as its header says (16 + count * 784 bytes) when
// the input holds that much, else the whole input; the rest is the labels file. The whole input
// is also read as a labels file on its own, for images of the count it names.
// An accepted file must give exactly the pixels and labels its header promises.
#include <cstddef>
#include <cstdint>

#include "core/data/mnist.h"
#include "fuzz_support.h"

using bn::fuzz::be32;
using bn::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  size_t images = size;
  if (size >= 16) {
    const uint64_t declared = 16 + uint64_t{be32(data + 4)} * 28 * 28;
    if (declared <= size) images = static_cast<size_t>(declared);
  }
  bn::ImageSet set;
  if (bn::parse_idx_images(data, images, "images", set)) {
    require(set.count > 0 && set.rows == 28 && set.cols == 28, "an accepted images file holds 28x28 images");
    require(set.pixels.size() == set.image_size() * static_cast<size_t>(set.count), "pixels match the image count");
    if (bn::parse_idx_labels(data + images, size - images, "labels", set))
      require(set.labels.size() == static_cast<size_t>(set.count), "labels match the image count");
  }

  bn::ImageSet alone;
  if (size >= 8) alone.count = static_cast<int>(be32(data + 4));
  if (bn::parse_idx_labels(data, size, "labels", alone)) {
    require(alone.labels.size() == static_cast<size_t>(alone.count), "labels match the count they name");
    for (uint8_t label : alone.labels) require(label <= 9, "an accepted label is a digit");
  }
  return 0;
}
