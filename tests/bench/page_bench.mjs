// How the page runs in headless Chromium (software WebGL when there is no GPU): for each model and
// build, frames per second counted by requestAnimationFrame over a few seconds while training and
// then paused, training samples/s (the status's, over training time, and by the wall clock), and
// the share of the screen redrawn a frame. Prints a table; it asserts nothing (figures depend on
// the machine). Run after a build:
//   node tests/bench/page_bench.mjs [seconds per measure, default 4] [threads|one]
import { openPage, waitFor, clickWidget } from '../web/browser.mjs';

const seconds = Number(process.argv[2] || 4);
const only = process.argv[3];  // 'threads' or 'one': just that build
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));
const rafRate = (ctx) => ctx.page.evaluate((ms) => new Promise((done) => {
  let n = 0;
  const t0 = performance.now();
  const tick = () => {
    ++n;
    if (performance.now() - t0 < ms) requestAnimationFrame(tick);
    else done(n / ((performance.now() - t0) / 1000));
  };
  requestAnimationFrame(tick);
}), seconds * 1000);

const cases = [
  { model: 'shallow', batch: 256, threads: true },
  { model: 'shallow', batch: 256, threads: false },
  { model: 'conv', batch: 128, threads: true },
  { model: 'conv', batch: 128, threads: false },
];
console.log('model    build        train fps  paused fps  samples/s (wall)  redrawn/frame');
for (const c of cases.filter((k) => !only || (only === 'threads') === k.threads)) {
  const ctx = await openPage({ isolate: c.threads, query: c.threads ? '' : '?threads=0',
                               hash: `#m=${c.model}&o=adam&lr=0.001&b=${c.batch}&e=10&s=0` });
  try {
    await waitFor(ctx, (s) => s.ready && s.model === c.model && s.widgets && s.widgets.start, 60_000, 'the page');
    await clickWidget(ctx, 'start');
    await waitFor(ctx, (s) => s.state === 'training' && s.step >= 3, 120_000, 'training');
    await sleep(3000);  // past the first frames of the code space and the filters
    const s0 = await ctx.status(), t0 = Date.now();
    const training = await rafRate(ctx);
    const s = await ctx.status();
    // Wall-clock throughput over the window (the status's figure counts training time only).
    const wall = ((s.step - s0.step) * c.batch) / ((Date.now() - t0) / 1000);
    await clickWidget(ctx, 'start');
    await waitFor(ctx, (st) => st.state === 'paused', 10_000, 'the pause');
    await sleep(1000);
    const paused = await rafRate(ctx);
    console.log(`${c.model.padEnd(8)} ${(c.threads ? 'threads' : 'one thread').padEnd(12)} ` +
                `${training.toFixed(1).padStart(9)}  ${paused.toFixed(1).padStart(10)}  ` +
                `${s.samples_per_s.toFixed(0).padStart(9)} (${wall.toFixed(0).padStart(5)})  ${(100 * s.render.redrawn).toFixed(1).padStart(12)}%`);
  } finally {
    await ctx.close();
  }
}
