#include "core/model/json_reader.h"

#include <cmath>

#include "core/base/text.h"

namespace bn {

namespace {
std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}
}  // namespace

namespace {
// Checks the shape of a document before nlohmann builds it: bounded nesting (deep nesting
// would overflow the stack of whatever walks the tree later, printing included), bounded
// strings and counts, and no key given twice in one object (nlohmann would keep the last
// silently). Runs as a SAX pass, which needs no stack of its own.
struct ShapeGuard : nlohmann::json_sax<nlohmann::json> {
  static constexpr size_t kMaxDepth = 32, kMaxString = 4096, kMaxValues = 1 << 20;
  struct Level {
    bool object = false;
    size_t index = 0;  // arrays: the element being read
    std::string key;   // objects: the key being read
    std::vector<std::string> keys;
  };
  std::vector<Level> stack;
  size_t values = 0;
  std::string problem, syntax;

  // Where the reader is, as "layers[2].activation"; the innermost key left out when `keyed` is false.
  std::string path(bool keyed = true) const {
    std::string p;
    for (const Level& l : stack)
      if (keyed || &l != &stack.back())
        p += l.object ? (l.key.empty() ? "" : (p.empty() ? "" : ".") + printable(l.key, 40)) : "[" + std::to_string(l.index) + "]";
    return p.empty() ? "the top level" : p;
  }
  bool refuse(const std::string& why) {
    problem = why;
    return false;
  }
  bool value() {
    if (++values > kMaxValues) return refuse("more than " + std::to_string(kMaxValues) + " values");
    if (!stack.empty() && !stack.back().object) ++stack.back().index;
    return true;
  }
  bool open(bool object) {
    if (!value()) return false;
    if (!stack.empty() && !stack.back().object) --stack.back().index;  // counted again on close
    if (stack.size() >= kMaxDepth)
      return refuse("nested more than " + std::to_string(kMaxDepth) + " levels deep; a model description needs only a few");
    stack.emplace_back();
    stack.back().object = object;
    return true;
  }
  bool close() {
    stack.pop_back();
    if (!stack.empty() && !stack.back().object) ++stack.back().index;
    return true;
  }
  bool null() override { return value(); }
  bool boolean(bool) override { return value(); }
  bool number_integer(number_integer_t) override { return value(); }
  bool number_unsigned(number_unsigned_t) override { return value(); }
  bool number_float(number_float_t, const string_t&) override { return value(); }
  bool string(string_t& s) override {
    if (s.size() > kMaxString)
      return refuse("a text of " + std::to_string(s.size()) + " bytes at " + path() + ", more than the " +
                    std::to_string(kMaxString) + " allowed");
    return value();
  }
  bool binary(binary_t&) override { return value(); }
  bool start_object(std::size_t) override { return open(true); }
  bool key(string_t& k) override {
    Level& l = stack.back();
    if (k.size() > kMaxString) return refuse("a key of " + std::to_string(k.size()) + " bytes at " + path());
    for (const std::string& seen : l.keys)
      if (seen == k)
        return refuse("the key '" + printable(k, 40) + "' appears twice in " + (stack.size() == 1 ? "the top-level object" : path(false)) +
                      "; give each key once (which one was meant is not clear)");
    l.keys.push_back(k);
    l.key = k;
    return true;
  }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override { return open(false); }
  bool end_array() override { return close(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& ex) override {
    // "[json.exception.parse_error.101] parse error at line 3, column 5: ..." -> from "line".
    const std::string m = ex.what();
    const size_t at = m.find("line ");
    syntax = printable(at == std::string::npos ? m : m.substr(at), 160);
    return false;
  }
};

// UTF-16 and UTF-32 text (Windows editors save it) would read as a stray character at the start.
bool looks_wide(const std::string& t) {
  const auto b = [&](size_t i) { return i < t.size() ? static_cast<unsigned char>(t[i]) : 1; };
  return (b(0) == 0xFF && b(1) == 0xFE) || (b(0) == 0xFE && b(1) == 0xFF) || (t.size() >= 2 && (b(0) == 0 || b(1) == 0));
}
}  // namespace

std::string brief(const nlohmann::json& value) {
  // Invalid UTF-8 cannot reach here (the parser refuses it), but replace rather than abort.
  std::string text = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return printable(text, 60);
}

Result<nlohmann::json> parse_json(const std::string& text, const std::string& what) {
  if (text.size() > kMaxJsonBytes)
    return Status::error(what + ": " + std::to_string(text.size()) + " bytes of JSON, more than the " +
                         std::to_string(kMaxJsonBytes) + " allowed; a model description is a few KB");
  if (looks_wide(text)) return Status::error(what + ": the text is UTF-16 or UTF-32; save it as UTF-8");
  ShapeGuard guard;
  if (!nlohmann::json::sax_parse(text, &guard)) {
    if (!guard.syntax.empty()) return Status::error(what + ": not valid JSON (" + guard.syntax + ")");
    return Status::error(what + ": " + guard.problem);
  }
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) return Status::error(what + ": not valid JSON");
  return j;
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
    fail(std::string("'") + key + "' must be " + type + ", got " + brief(v));
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
  // Every string here ends up in a message, a summary or on screen: plain text only.
  const nlohmann::json* v = find(key, &nlohmann::json::is_string, "a string");
  if (!v) return;
  const std::string& t = v->get_ref<const std::string&>();
  if (!is_plain_text(t))
    return fail(std::string("'") + key + "' is \"" + printable(t, 40) + "\", which holds control characters; use plain text");
  out = t;
}

void JsonReader::text(const char* key, std::string& out, size_t max_chars) {
  std::string v = out;
  string(key, v);
  if (!ok()) return;
  if (v.size() > max_chars)
    return fail(std::string("'") + key + "' is " + std::to_string(v.size()) + " bytes long; keep it to " +
                std::to_string(max_chars));
  out = v;
}

void JsonReader::ints(const char* key, std::vector<int>& out) {
  const nlohmann::json* v = find(key, &nlohmann::json::is_array, "a list of whole numbers");
  if (!v) return;
  std::vector<int> r;
  for (const auto& e : *v) {
    if (!e.is_number_integer() || e.get<long long>() < 1 || e.get<long long>() > 1 << 20) {
      fail(std::string("'") + key + "' must list positive whole numbers, got " + brief(*v));
      return;
    }
    r.push_back(static_cast<int>(e.get<long long>()));
  }
  if (r.empty() || r.size() > 3) {
    fail(std::string("'") + key + "' must have 1 to 3 dimensions (per sample), got " + brief(*v));
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
      fail("unknown option '" + printable(it.key(), 40) + "'; known: " + list);
      return;
    }
  }
}

}  // namespace bn
