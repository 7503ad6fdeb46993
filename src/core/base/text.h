// Text that came from outside (file names, names inside a model file, values a user typed) made
// safe to print on a terminal or draw: control characters (which can retitle or clear a
// terminal, or cut a line at a NUL) and bytes that are not UTF-8 become visible escapes.
#pragma once
#include <string>

namespace bn {

// `text` with control characters and invalid UTF-8 written as \xNN (newline as \n), cut to
// at most `max_chars` characters with "..." when longer.
std::string printable(const std::string& text, size_t max_chars = 200);
// Whether `text` is valid UTF-8 with no control characters (what a name may hold).
bool is_plain_text(const std::string& text);

}  // namespace bn
