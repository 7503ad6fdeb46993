// A checked view of a JSON object for the strict readers (model descriptions, model files):
// typed getters that record the first problem instead of throwing (the core builds without
// exceptions, and nlohmann::json would abort on a type error), and a check that every key
// present was one the reader knows.
#pragma once
#include <nlohmann/json.hpp>

#include <initializer_list>
#include <string>
#include <vector>

#include "core/base/status.h"

namespace bn {

class JsonReader {
 public:
  // `where` prefixes messages: "model.json, layer 'encoder' (Dense)".
  JsonReader(const nlohmann::json& object, std::string where, Status* first_error);

  bool has(const char* key) const;
  void number(const char* key, float& out, float min, float max);
  void integer(const char* key, int& out, int min, int max);
  void boolean(const char* key, bool& out);
  void string(const char* key, std::string& out);
  // A string shown to people (a name, a description): plain text, no control characters, at
  // most `max_chars` bytes.
  void text(const char* key, std::string& out, size_t max_chars);
  // Reads a list of 1-4 positive integers (a shape).
  void ints(const char* key, std::vector<int>& out);
  const nlohmann::json* object(const char* key);
  const nlohmann::json* array(const char* key);
  // Fails on any key not in `known`.
  void only(std::initializer_list<const char*> known);
  void fail(const std::string& message);
  const std::string& where() const { return where_; }
  bool ok() const { return error_->is_ok(); }
  // Where problems go; readers of nested objects share it.
  Status* status() const { return error_; }

 private:
  const nlohmann::json* find(const char* key, bool (nlohmann::json::*is)() const noexcept, const char* type);
  const nlohmann::json& obj_;
  std::string where_;
  Status* error_;
};

constexpr size_t kMaxJsonBytes = size_t{1} << 20;
// Parses text; on a syntax error the Status says where and what. Refuses, before building
// anything, text over kMaxJsonBytes, UTF-16/32, nesting deeper than 32 levels, strings over
// 4 KB and a key given twice in one object.
Result<nlohmann::json> parse_json(const std::string& text, const std::string& what);
// A value as short printable text for messages.
std::string brief(const nlohmann::json& value);

}  // namespace bn
