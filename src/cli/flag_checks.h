// Checks for numeric flags, run on the text before CLI11 converts it, so a value that would wrap
// (--seed -1), round to zero (--lr 1e-50) or compare false with everything (--lr nan) is
// refused with a short message instead of being taken silently.
#pragma once
#include <CLI/CLI.hpp>

#include <cstdint>

namespace bn::cli {

// Digits only, from `lo` to `hi`.
CLI::Validator whole_number(uint64_t lo, uint64_t hi);
// A finite decimal number from `lo` to `hi`.
CLI::Validator real_number(double lo, double hi);

}  // namespace bn::cli
