// Status and Result<T>: how the core reports anything a user can cause (files, flags, shapes,
// settings). The core builds without exceptions, so nothing throws across the wasm boundary.
// A message names the thing, what was wrong, and what to do about it.
// BN_ASSERT is for programmer mistakes only and compiles out of release builds.
#pragma once
#include <cassert>
#include <string>
#include <utility>

#define BN_ASSERT(cond) assert(cond)

namespace bn {

class Status {
 public:
  Status() = default;
  static Status ok() { return Status(); }
  static Status error(std::string message) {
    Status s;
    s.ok_ = false;
    s.message_ = std::move(message);
    return s;
  }
  bool is_ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const std::string& message() const { return message_; }

 private:
  bool ok_ = true;
  std::string message_;
};

// Holds either a value or the Status that explains why there is none.
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)), has_value_(true) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {             // NOLINT
    BN_ASSERT(!status_.is_ok());
  }
  bool is_ok() const { return has_value_; }
  explicit operator bool() const { return has_value_; }
  const Status& status() const { return status_; }
  const std::string& message() const { return status_.message(); }
  T& value() { BN_ASSERT(has_value_); return value_; }
  const T& value() const { BN_ASSERT(has_value_); return value_; }
  T&& take() { BN_ASSERT(has_value_); return std::move(value_); }

 private:
  T value_{};
  Status status_;
  bool has_value_ = false;
};

}  // namespace bn

// Returns early from a function returning Status (or Result) when `expr` fails.
#define BN_RETURN_IF_ERROR(expr)              \
  do {                                        \
    ::bn::Status bn_status_ = (expr);         \
    if (!bn_status_.is_ok()) return bn_status_; \
  } while (0)
