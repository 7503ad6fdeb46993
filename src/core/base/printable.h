// Text read from a file (an array or parameter name), made fit for a one-line message: a hostile
// name must not send escape sequences to a terminal, break the line or run on for pages.
// Not here: escaping for JSON or HTML (nlohmann-json and the page do that).
#pragma once
#include <algorithm>
#include <cstddef>
#include <string>

namespace bn {

// At most `max` bytes, then "..."; control characters and DEL become '?'.
inline std::string printable(const char* p, size_t n, size_t max = 80) {
  std::string s(p, std::min(n, max));
  for (char& c : s)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  return s + (n > max ? "..." : "");
}
inline std::string printable(const std::string& s, size_t max = 80) { return printable(s.data(), s.size(), max); }

}  // namespace bn
