#include "core/train/history_io.h"

#include <algorithm>

namespace bn {

namespace {
constexpr size_t kMaxWarning = 4096;

void write_parts(ByteWriter& w, const LossParts& p) {
  for (double v : {p.reconstruction, p.activity, p.kl, p.contractive, p.weight_decay}) w.f64(v);
}

bool read_parts(ByteReader& r, LossParts& p) {
  for (double* v : {&p.reconstruction, &p.activity, &p.kl, &p.contractive, &p.weight_decay})
    if (!r.f64(*v, "the history")) return false;
  return true;
}
}  // namespace

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
  uint32_t epochs = 0;
  r.u32(epochs, "the history length");
  // A record is at least 100 bytes: a count beyond what is left is a corrupt file, not a reason
  // to allocate.
  if (r.status() && epochs > r.remaining() / 100)
    return Status::error(what + ": claims " + std::to_string(epochs) + " epochs of history, more than the file holds; it is corrupt");
  out.clear();
  for (uint32_t i = 0; i < epochs && r.status(); ++i) {
    EpochStats e;
    uint32_t n = 0;
    r.u32(n, "the history");
    e.epoch = static_cast<int>(n);
    for (double* v : {&e.train_loss, &e.test_loss, &e.seconds, &e.samples_per_s}) r.f64(*v, "the history");
    read_parts(r, e.train_parts);
    read_parts(r, e.test_parts);
    r.str(e.warning, kMaxWarning, "a history warning");
    if (with_steps) {
      uint64_t steps = 0;
      r.u64(steps, "the history");
      e.steps = static_cast<long long>(std::min<uint64_t>(steps, uint64_t{1} << 52));
    }
    out.push_back(e);
  }
  return r.status();
}

void write_curve(ByteWriter& w, const LossCurve& c) {
  w.u32(static_cast<uint32_t>(c.stride));
  w.u32(static_cast<uint32_t>(c.x.size()));
  w.floats(c.x.data(), c.x.size());
  w.floats(c.y.data(), c.y.size());
}

Status read_curve(ByteReader& r, const std::string& what, LossCurve& c) {
  uint32_t stride = 0, points = 0;
  r.u32(stride, "the loss curve");
  r.u32(points, "the loss curve");
  if (!r.status()) return r.status();
  if (stride < 1 || stride > (1u << 30) || points > LossCurve::kMaxPoints)
    return Status::error(what + ": its loss curve claims " + std::to_string(points) + " points at stride " +
                         std::to_string(stride) + " (at most " + std::to_string(LossCurve::kMaxPoints) +
                         " points, stride at least 1); the file is corrupt");
  c = LossCurve();
  c.stride = static_cast<int>(stride);
  c.x.resize(points);
  c.y.resize(points);
  if (!r.floats(c.x.data(), points, "the loss curve") || !r.floats(c.y.data(), points, "the loss curve")) return r.status();
  return Status::ok();
}

}  // namespace bn
