#include "app/url_state.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "core/base/text.h"
#include "core/model/model_json.h"

namespace bn::app {

namespace {

const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string base64url(const std::string& in) {
  std::string out;
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                       static_cast<unsigned char>(in[i + 2]);
    for (int k = 18; k >= 0; k -= 6) out += kAlphabet[(v >> k) & 63];
  }
  if (i < in.size()) {
    unsigned v = static_cast<unsigned char>(in[i]) << 16;
    if (i + 1 < in.size()) v |= static_cast<unsigned char>(in[i + 1]) << 8;
    const int chars = i + 1 < in.size() ? 3 : 2;
    for (int k = 0; k < chars; ++k) out += kAlphabet[(v >> (18 - 6 * k)) & 63];
  }
  return out;
}

bool unbase64url(const std::string& in, std::string& out) {
  out.clear();
  unsigned v = 0;
  int bits = 0;
  for (char c : in) {
    const char* p = c ? std::strchr(kAlphabet, c) : nullptr;
    if (!p) return false;
    v = (v << 6) | static_cast<unsigned>(p - kAlphabet);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((v >> bits) & 0xff);
    }
  }
  return true;
}

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

// Parses all of `text` as a number in [lo, hi].
bool parse_number(const std::string& text, double lo, double hi, double& out) {
  if (text.empty()) return false;
  char* end = nullptr;
  out = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size() && std::isfinite(out) && out >= lo && out <= hi;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The fragment as the browser gives it (location.hash) may carry %-escapes, from a link typed or
// passed through a mail program. Each is decoded here, strictly: a '%' not followed by two hex
// digits, or text that is not plain UTF-8 once decoded, refuses the link (decodeURIComponent in
// the page threw on those and stopped the script).
Status percent_decode(const std::string& in, std::string& out) {
  out.clear();
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out += in[i];
      continue;
    }
    const int hi = i + 1 < in.size() ? hex_digit(in[i + 1]) : -1, lo = i + 2 < in.size() ? hex_digit(in[i + 2]) : -1;
    if (hi < 0 || lo < 0)
      return Status::error("the link has a broken %-escape ('" + printable(in.substr(i, 3), 3) + "' at character " +
                           std::to_string(i + 1) + "); copy the whole link again");
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  if (!is_plain_text(out))
    return Status::error("the link holds control characters or bytes that are not UTF-8 text ('" + printable(out, 40) +
                         "'); copy the whole link again");
  return Status::ok();
}

}  // namespace

std::string encode_link(const LinkState& st) {
  std::string f = st.edited ? "spec=" + base64url(spec_to_json(st.spec)) : "m=" + preset_names()[st.preset];
  const TrainSettings& t = st.settings;
  f += std::string("&o=") + optimizer_names()[t.optimizer] + "&lr=" + number(t.learning_rate) +
       "&b=" + std::to_string(t.batch_size) + "&e=" + std::to_string(t.epochs) + "&s=" + std::to_string(t.seed);
  if (st.dataset == 1) f += "&d=fashion";
  return f;
}

Result<LinkState> decode_link(const std::string& fragment) {
  if (fragment.size() > kMaxLinkBytes)
    return Status::error("the link is " + std::to_string(fragment.size() / 1024) + " KB, more than the " +
                         std::to_string(kMaxLinkBytes / 1024) + " KB a link may have; copy the whole link again");
  LinkState st;
  bool have_model = false;
  const std::string bad = "the link's ";
  size_t pos = fragment.size() && fragment[0] == '#' ? 1 : 0;
  while (pos < fragment.size()) {
    size_t amp = fragment.find('&', pos);
    if (amp == std::string::npos) amp = fragment.size();
    const std::string pair = fragment.substr(pos, amp - pos);
    pos = amp + 1;
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    std::string key, value;
    if (Status s = percent_decode(pair.substr(0, eq), key); !s) return s;
    if (eq != std::string::npos)
      if (Status s = percent_decode(pair.substr(eq + 1), value); !s) return s;
    // What a message quotes back: short, and drawn safely.
    const std::string shown = printable(value, 40);
    double v = 0;
    if (key == "m") {
      const std::vector<std::string> names = preset_names();
      int found = -1;
      for (size_t i = 0; i < names.size(); ++i)
        if (names[i] == value) found = static_cast<int>(i);
      if (found < 0) return Status::error(bad + "model '" + shown + "' is not a preset; pick one from the Model panel");
      st.preset = found;
      st.spec = preset_spec(value).take();
      have_model = true;
    } else if (key == "spec") {
      std::string json;
      if (!unbase64url(value, json)) return Status::error(bad + "model is damaged (not base64url); copy the whole link again");
      Result<ModelSpec> spec = spec_from_json(json, "the link's model");
      if (!spec) return spec.status();
      st.spec = spec.take();
      st.edited = true;
      have_model = true;
    } else if (key == "d") {
      if (value != "mnist" && value != "fashion")
        return Status::error(bad + "dataset '" + shown + "' is unknown; use mnist or fashion");
      st.dataset = value == "fashion" ? 1 : 0;
    } else if (key == "o") {
      int found = -1;
      for (size_t i = 0; i < optimizer_names().size(); ++i)
        if (value == optimizer_names()[i]) found = static_cast<int>(i);
      if (found < 0) return Status::error(bad + "optimizer '" + shown + "' is unknown; use sgd, adam, rmsprop, adagrad or adadelta");
      st.settings.optimizer = found;
    } else if (key == "lr") {
      if (!parse_number(value, 1e-8, 10, v)) return Status::error(bad + "learning rate '" + shown + "' must be a number in (0, 10]");
      st.settings.learning_rate = static_cast<float>(v);
    } else if (key == "b") {
      if (!parse_number(value, 1, 4096, v) || v != std::floor(v))
        return Status::error(bad + "batch size '" + shown + "' must be a whole number from 1 to 4096");
      st.settings.batch_size = static_cast<int>(v);
    } else if (key == "e") {
      if (!parse_number(value, 1, 1000, v) || v != std::floor(v))
        return Status::error(bad + "epochs '" + shown + "' must be a whole number from 1 to 1000");
      st.settings.epochs = static_cast<int>(v);
    } else if (key == "s") {
      if (!parse_number(value, 0, 2147483647.0, v) || v != std::floor(v))
        return Status::error(bad + "seed '" + shown + "' must be a whole number from 0");
      st.settings.seed = static_cast<int>(v);
    } else {
      return Status::error(bad + "part '" + printable(key, 40) + "' is unknown; copy the whole link again");
    }
  }
  if (!have_model) return Status::error("the link names no model (m=... or spec=...); copy the whole link again");
  return st;
}

}  // namespace bn::app
