#include "cli/flag_checks.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "core/base/text.h"

namespace bn::cli {

namespace {
std::string shown(const std::string& text) { return "'" + bn::printable(text, 40) + "'"; }

std::string short_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}
}  // namespace

CLI::Validator whole_number(uint64_t lo, uint64_t hi) {
  const std::string range = "give a whole number from " + std::to_string(lo) + " to " + std::to_string(hi);
  return CLI::Validator(
      [=](std::string& text) -> std::string {
        if (text.empty() || text.size() > 20 || text.find_first_not_of("0123456789") != std::string::npos)
          return shown(text) + " is not a whole number; " + range;
        errno = 0;
        const unsigned long long v = std::strtoull(text.c_str(), nullptr, 10);
        if (errno == ERANGE || v < lo || v > hi) return shown(text) + " is out of range; " + range;
        return "";
      },
      "INT in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
}

CLI::Validator real_number(double lo, double hi) {
  const std::string range = "give a number from " + short_number(lo) + " to " + short_number(hi);
  return CLI::Validator(
      [=](std::string& text) -> std::string {
        char* end = nullptr;
        errno = 0;
        const double v = std::strtod(text.c_str(), &end);
        if (text.empty() || end != text.c_str() + text.size() || text.size() > 40) return shown(text) + " is not a number; " + range;
        if (!std::isfinite(v)) return shown(text) + " is not a finite number; " + range;
        if (!(v >= lo && v <= hi)) return shown(text) + " is out of range; " + range;
        return "";
      },
      "NUMBER in [" + short_number(lo) + ", " + short_number(hi) + "]");
}

}  // namespace bn::cli
