#include "support/test_support.h"

#include "core/data/mnist.h"

namespace bn::test {

std::string mnist_dir() {
  Result<std::string> dir = find_mnist_dir("");
  return dir ? dir.value() : std::string();
}

}  // namespace bn::test
