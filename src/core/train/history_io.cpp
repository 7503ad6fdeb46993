#include "core/train/history_io.h"

#include <algorithm>
#include <cmath>

#include "core/base/finite.h"
#include "core/optim/optimizer.h"

namespace bn {

namespace {
constexpr size_t kMaxWarning = 4096;

std::string record_name(size_t i) { return "record " + std::to_string(i + 1); }

// Empty when v is finite (and, with `nonnegative`, not below 0); else "<field> is <v>".
std::string bad_number(const char* field, double v, bool nonnegative) {
  if (std::isfinite(v) && !(nonnegative && v < 0)) return "";
  return std::string(field) + " is " + value_text(v);
}

std::string parts_fault(const char* prefix, const LossParts& p) {
  const char* names[] = {"reconstruction", "activity", "kl", "contractive", "weight_decay"};
  const double values[] = {p.reconstruction, p.activity, p.kl, p.contractive, p.weight_decay};
  for (int i = 0; i < 5; ++i) {
    std::string bad = bad_number((std::string(prefix) + names[i]).c_str(), values[i], false);
    if (!bad.empty()) return bad;
  }
  return "";
}

void write_parts(ByteWriter& w, const LossParts& p) {
  for (double v : {p.reconstruction, p.activity, p.kl, p.contractive, p.weight_decay}) w.f64(v);
}

bool read_parts(ByteReader& r, LossParts& p) {
  for (double* v : {&p.reconstruction, &p.activity, &p.kl, &p.contractive, &p.weight_decay})
    if (!r.f64(*v, "the history")) return false;
  return true;
}
}  // namespace

std::string history_fault(const std::vector<EpochStats>& history) {
  for (size_t i = 0; i < history.size(); ++i) {
    const EpochStats& e = history[i];
    const std::string at = record_name(i) + " (epoch " + std::to_string(e.epoch) + "): ";
    if (e.epoch != static_cast<long long>(i) + 1)
      return record_name(i) + " is numbered epoch " + std::to_string(e.epoch) + ", where epochs go 1, 2, 3, ...";
    if (e.steps < 0 || e.steps > kMaxOptimizerSteps)
      return at + "step count " + std::to_string(e.steps) + " is outside [0, " + std::to_string(kMaxOptimizerSteps) + "]";
    std::string bad = bad_number("train_loss", e.train_loss, false);
    if (bad.empty()) bad = parts_fault("train ", e.train_parts);
    if (!bad.empty()) return at + bad + ", but a recorded epoch's training losses are finite (a run stops at the first that is not)";
    bad = bad_number("seconds", e.seconds, true);
    if (bad.empty()) bad = bad_number("samples_per_s", e.samples_per_s, true);
    if (!bad.empty()) return at + bad + ", where a measured time or rate is finite and not negative";
  }
  return "";
}

std::string curve_fault(const LossCurve& c) {
  for (size_t i = 0; i < c.x.size(); ++i) {
    const std::string at = "point " + std::to_string(i + 1) + " of " + std::to_string(c.x.size()) + ": ";
    if (!std::isfinite(c.y[i])) return at + "loss " + value_text(c.y[i]) + ", but it holds only finite batch losses";
    if (!(c.x[i] >= 0.f && c.x[i] <= static_cast<float>(kMaxOptimizerSteps)) || (i > 0 && c.x[i] < c.x[i - 1]))
      return at + "step " + value_text(c.x[i]) + ", where steps run from 0 up and never go back";
  }
  return "";
}

void write_history(ByteWriter& w, const std::vector<EpochStats>& history) {
  w.u32(static_cast<uint32_t>(history.size()));
  for (const EpochStats& e : history) {
    w.u32(static_cast<uint32_t>(e.epoch));
    for (double v : {e.train_loss, e.test_loss, e.seconds, e.samples_per_s}) w.f64(v);
    write_parts(w, e.train_parts);
    write_parts(w, e.test_parts);
    w.str(e.warning.substr(0, kMaxWarning));
    w.u64(static_cast<uint64_t>(e.steps));
  }
}

Status read_history(ByteReader& r, const std::string& what, bool with_steps, std::vector<EpochStats>& out) {
  const size_t start = r.offset();
  uint32_t epochs = 0;
  r.u32(epochs, "the history length");
  const std::string at = what + ": the history (byte " + std::to_string(start) + " on), ";
  // A record is at least 100 bytes: a count beyond what is left is a corrupt file, not a reason
  // to allocate.
  if (r.status() && epochs > r.remaining() / 100)
    return Status::error(at + "claims " + std::to_string(epochs) + " epochs, more than the file holds; it is corrupt");
  out.clear();
  for (uint32_t i = 0; i < epochs && r.status(); ++i) {
    EpochStats e;
    uint32_t n = 0;
    r.u32(n, "the history");
    // Checked here, before the number is narrowed to an int.
    if (r.status() && n != i + 1)
      return Status::error(at + record_name(i) + " is numbered epoch " + std::to_string(n) +
                           ", where epochs go 1, 2, 3, ...; it is damaged");
    e.epoch = static_cast<int>(n);
    for (double* v : {&e.train_loss, &e.test_loss, &e.seconds, &e.samples_per_s}) r.f64(*v, "the history");
    read_parts(r, e.train_parts);
    read_parts(r, e.test_parts);
    r.str(e.warning, kMaxWarning, "a history warning");
    if (with_steps) {
      uint64_t steps = 0;
      r.u64(steps, "the history");
      if (r.status() && steps > static_cast<uint64_t>(kMaxOptimizerSteps))
        return Status::error(at + record_name(i) + " (epoch " + std::to_string(n) + "): step count " + std::to_string(steps) +
                             " is beyond " + std::to_string(kMaxOptimizerSteps) + "; it is damaged");
      e.steps = static_cast<long long>(steps);
    }
    out.push_back(e);
  }
  if (!r.status()) return r.status();
  const std::string fault = history_fault(out);
  if (!fault.empty()) return Status::error(at + fault + "; it is damaged");
  return Status::ok();
}

void write_curve(ByteWriter& w, const LossCurve& c) {
  w.u32(static_cast<uint32_t>(c.stride));
  w.u32(static_cast<uint32_t>(c.x.size()));
  w.floats(c.x.data(), c.x.size());
  w.floats(c.y.data(), c.y.size());
}

Status read_curve(ByteReader& r, const std::string& what, LossCurve& c) {
  const size_t start = r.offset();
  uint32_t stride = 0, points = 0;
  r.u32(stride, "the loss curve");
  r.u32(points, "the loss curve");
  if (!r.status()) return r.status();
  if (stride < 1 || stride > (1u << 30) || points > LossCurve::kMaxPoints)
    return Status::error(what + ": the loss curve (byte " + std::to_string(start) + ") claims " + std::to_string(points) +
                         " points at stride " + std::to_string(stride) + " (at most " +
                         std::to_string(LossCurve::kMaxPoints) + " points, stride at least 1); the file is corrupt");
  c = LossCurve();
  c.stride = static_cast<int>(stride);
  c.x.resize(points);
  c.y.resize(points);
  if (!r.floats(c.x.data(), points, "the loss curve") || !r.floats(c.y.data(), points, "the loss curve")) return r.status();
  const std::string fault = curve_fault(c);
  if (!fault.empty())
    return Status::error(what + ": the loss curve (byte " + std::to_string(start) + " on), " + fault + "; it is damaged");
  return Status::ok();
}

}  // namespace bn
