#include "core/model/json_reader.h"

#include <cmath>

namespace bn {

namespace {
// Collects nlohmann's parse error without exceptions (sax_parse hands it over as an object).
struct ErrorCatcher : nlohmann::json_sax<nlohmann::json> {
  std::string message;
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& ex) override {
    message = ex.what();
    return false;
  }
};

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}
}  // namespace

Result<nlohmann::json> parse_json(const std::string& text, const std::string& what) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_discarded()) return j;
  ErrorCatcher catcher;
  nlohmann::json::sax_parse(text, &catcher);
  std::string m = catcher.message;
  // "[json.exception.parse_error.101] parse error at line 3, column 5: ..." -> from "line".
  size_t at = m.find("line ");
  return Status::error(what + ": not valid JSON (" + (at == std::string::npos ? m : m.substr(at)) + ")");
}

JsonReader::JsonReader(const nlohmann::json& object, std::string where, Status* first_error)
    : obj_(object), where_(std::move(where)), error_(first_error) {
  if (!obj_.is_object()) fail("expected a JSON object {...}");
}

void JsonReader::fail(const std::string& message) {
  if (error_->is_ok()) *error_ = Status::error(where_ + ": " + message);
}

bool JsonReader::has(const char* key) const { return obj_.is_object() && obj_.contains(key); }

const nlohmann::json* JsonReader::find(const char* key, bool (nlohmann::json::*is)() const noexcept, const char* type) {
  if (!has(key)) return nullptr;
  const nlohmann::json& v = obj_[key];
  if (!(v.*is)()) {
    fail(std::string("'") + key + "' must be " + type + ", got " + v.dump());
    return nullptr;
  }
  return &v;
}

void JsonReader::number(const char* key, float& out, float min, float max) {
  const nlohmann::json* v = find(key, &nlohmann::json::is_number, "a number");
  if (!v) return;
  double d = v->get<double>();
  if (!(d >= min && d <= max)) {
    fail(std::string("'") + key + "' is " + num(d) + ", must be between " + num(min) + " and " + num(max));
    return;
  }
  out = static_cast<float>(d);
}

void JsonReader::integer(const char* key, int& out, int min, int max) {
  const nlohmann::json* v = find(key, &nlohmann::json::is_number_integer, "a whole number");
  if (!v) return;
  long long d = v->get<long long>();
  if (d < min || d > max) {
    fail(std::string("'") + key + "' is " + std::to_string(d) + ", must be between " + std::to_string(min) + " and " +
         std::to_string(max));
    return;
  }
  out = static_cast<int>(d);
}

void JsonReader::boolean(const char* key, bool& out) {
  const nlohmann::json* v = find(key, &nlohmann::json::is_boolean, "true or false");
  if (v) out = v->get<bool>();
}

void JsonReader::string(const char* key, std::string& out) {
  const nlohmann::json* v = find(key, &nlohmann::json::is_string, "a string");
  if (v) out = v->get<std::string>();
}

void JsonReader::ints(const char* key, std::vector<int>& out) {
  const nlohmann::json* v = find(key, &nlohmann::json::is_array, "a list of whole numbers");
  if (!v) return;
  std::vector<int> r;
  for (const auto& e : *v) {
    if (!e.is_number_integer() || e.get<long long>() < 1 || e.get<long long>() > 1 << 20) {
      fail(std::string("'") + key + "' must list positive whole numbers, got " + v->dump());
      return;
    }
    r.push_back(static_cast<int>(e.get<long long>()));
  }
  if (r.empty() || r.size() > 3) {
    fail(std::string("'") + key + "' must have 1 to 3 dimensions (per sample), got " + v->dump());
    return;
  }
  out = r;
}

const nlohmann::json* JsonReader::object(const char* key) { return find(key, &nlohmann::json::is_object, "an object {...}"); }
const nlohmann::json* JsonReader::array(const char* key) { return find(key, &nlohmann::json::is_array, "a list [...]"); }

void JsonReader::only(std::initializer_list<const char*> known) {
  if (!obj_.is_object()) return;
  for (auto it = obj_.begin(); it != obj_.end(); ++it) {
    bool found = false;
    for (const char* k : known) found |= it.key() == k;
    if (!found) {
      std::string list;
      for (const char* k : known) list += (list.empty() ? "" : ", ") + std::string(k);
      fail("unknown option '" + it.key() + "'; known: " + list);
      return;
    }
  }
}

}  // namespace bn
