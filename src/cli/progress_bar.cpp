#include "cli/progress_bar.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>

#if defined(__EMSCRIPTEN__)
#include <emscripten.h>
#endif

namespace bn::cli {

namespace {
bool stderr_is_terminal() {
#if defined(__EMSCRIPTEN__)
  // Under Node, Emscripten's isatty() says yes even for a pipe; ask Node itself.
  return EM_ASM_INT({ return typeof process !== 'undefined' && process.stderr && process.stderr.isTTY ? 1 : 0; }) != 0;
#else
  return isatty(fileno(stderr)) != 0;
#endif
}
}  // namespace

ProgressBar::ProgressBar() : tty_(stderr_is_terminal()) {}

void ProgressBar::on_batch(const TrainProgress& p) {
  if (!tty_) return;
  double t = now_seconds();
  if (t - last_draw_ < 0.1 && p.batch != p.batches) return;  // ~10 redraws a second
  last_draw_ = t;
  const int width = 30;
  int filled = p.batches ? width * p.batch / p.batches : width;
  char bar[width + 1];
  for (int i = 0; i < width; ++i) bar[i] = i < filled ? '=' : (i == filled ? '>' : ' ');
  bar[width] = 0;
  std::fprintf(stderr, "\r\033[Kepoch %d/%d [%s] %d/%d  loss %.4f  %.0f samples/s", p.epoch, p.epochs, bar, p.batch,
               p.batches, p.loss, p.samples_per_s);
  std::fflush(stderr);
}

void ProgressBar::on_epoch(const EpochStats& s, int epochs) {
  if (tty_) std::fprintf(stderr, "\r\033[K");
  std::fprintf(stderr, "epoch %d/%d  train_loss %.4f  test_loss %.4f  %.1f s  %.0f samples/s\n", s.epoch, epochs,
               s.train_loss, s.test_loss, s.seconds, s.samples_per_s);
  // Penalties on their own, when the model has any.
  const LossParts& t = s.test_parts;
  if (t.activity || t.kl || t.contractive || t.weight_decay)
    std::fprintf(stderr, "    test: reconstruction %.4f  activity %.4g  kl %.4g  contractive %.4g  weight_decay %.4g\n",
                 t.reconstruction, t.activity, t.kl, t.contractive, t.weight_decay);
  if (!s.warning.empty()) std::fprintf(stderr, "    warning: %s\n", s.warning.c_str());
}

}  // namespace bn::cli
