#include "app/train_settings.h"

namespace bn::app {

const std::vector<const char*>& optimizer_names() {
  static const std::vector<const char*> names = {"sgd", "adam", "rmsprop", "adagrad", "adadelta"};
  return names;
}

}  // namespace bn::app
