#include "support/test_support.h"

#include <cstdlib>

#include "core/data/mnist.h"

namespace bn::test {

std::string mnist_dir() {
  Result<std::string> dir = find_mnist_dir("");
  return dir ? dir.value() : std::string();
}

int train_images(int full) {
  const char* env = std::getenv("BN_TEST_TRAIN_IMAGES");
  const int n = env ? std::atoi(env) : 0;
  return n > 0 && n < full ? n : full;
}

std::string fashion_dir() {
  const char* env = std::getenv("BN_FASHION_DATA");
  for (std::string dir : {std::string(env ? env : ""), std::string("build/native/data/fashion")}) {
    if (dir.empty()) continue;
    if (Result<ImageSet> probe = load_mnist_split(dir, "t10k", 1)) return dir;
  }
  return "";
}

}  // namespace bn::test
