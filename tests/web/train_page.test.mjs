// The page in headless Chromium: it loads MNIST with no console error, a real click on Start
// trains the shallow model in the page, the loss falls and the first epoch's test loss arrives.
// Twice: cross-origin isolated (training on a WebAssembly thread), and served like a plain
// static host without COOP/COEP with ?threads=0 (the one-thread build, training in frame
// slices). A plain host without ?threads=0 gets threads through the service worker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openPage, waitFor, clickWidget, shotsDir } from './browser.mjs';

for (const isolate of [true, false]) {
const mode = isolate ? 'threaded' : 'one thread';
test(`the page trains the shallow model on MNIST (${mode})`, { timeout: 240_000 }, async () => {
  const ctx = await openPage({ isolate, query: isolate ? '' : '?threads=0' });
  try {
    const t0 = Date.now();
    await waitFor(ctx, (s) => s.ready && s.widgets && s.widgets.start, 60_000, 'MNIST to load');
    console.log(`data ready after ${Date.now() - t0} ms`);
    assert.equal((await ctx.status()).threaded, isolate);
    if (isolate) await ctx.page.screenshot({ path: join(shotsDir, 'train-ready.png') });
    // Space starts training (the canvas has the keyboard focus after a click on it).
    await ctx.page.mouse.click(5, 795);
    await ctx.page.keyboard.press(' ');
    const early = await waitFor(ctx, (s) => s.state === 'training' && s.step >= 5, 30_000, 'training to start');
    const done = await waitFor(ctx, (s) => s.test_losses && s.test_losses.length >= 1, 180_000, 'the first epoch');
    console.log(`after epoch 1: ${JSON.stringify({ step: done.step, loss: done.loss, test: done.test_losses, sps: done.samples_per_s, fps: done.fps })}`);
    assert.ok(done.loss < early.last_loss, `loss did not fall: first batches ${early.last_loss}, epoch mean ${done.loss}`);
    assert.ok(done.test_losses[0] < 0.3, `test loss after one epoch: ${done.test_losses[0]}`);
    await ctx.page.screenshot({ path: join(shotsDir, isolate ? 'train-epoch1.png' : 'train-epoch1-one-thread.png') });
    assert.deepEqual(ctx.errors, []);
    const aria = await ctx.page.textContent('#status');
    assert.match(aria, /^(training|paused|finished): epoch \d+, loss [0-9.]+, test loss [0-9.]+$/);
  } finally {
    await ctx.close();
  }
});
}

test('on a plain static host the service worker gives the page threads', { timeout: 120_000 }, async () => {
  const ctx = await openPage({ isolate: false });
  try {
    const s = await waitFor(ctx, (st) => st.ready && st.threaded, 60_000, 'the threaded build after the reload');
    assert.equal(await ctx.page.evaluate(() => self.crossOriginIsolated), true);
    assert.ok(s.widgets.start);
  } finally {
    await ctx.close();
  }
});

// The convolutional model on the one-thread build: its batches (sliced, 50-110 ms of work each)
// are spread over frames, so the page keeps drawing while the loss falls.
test('the one-thread page trains the conv model in frame slices', { timeout: 240_000 }, async () => {
  const ctx = await openPage({ isolate: false, query: '?threads=0', hash: '#m=conv&o=adam&lr=0.001&b=128&e=1&s=0' });
  try {
    await waitFor(ctx, (s) => s.ready && s.model === 'conv' && s.widgets && s.widgets.start, 60_000, 'the conv model');
    assert.equal((await ctx.status()).threaded, false);
    await clickWidget(ctx, 'start');
    const early = await waitFor(ctx, (s) => s.state === 'training' && s.step >= 2, 60_000, 'the first conv batches');
    const later = await waitFor(ctx, (s) => s.step >= 40, 180_000, '40 conv batches');
    console.log(`conv, one thread: ${later.samples_per_s.toFixed(0)} samples/s, ${later.fps.toFixed(1)} fps, ` +
                `${(100 * later.render.redrawn).toFixed(1)}% of the screen redrawn a frame`);
    assert.ok(later.last_loss < early.last_loss, `batch loss from ${early.last_loss} to ${later.last_loss}`);
    assert.deepEqual(ctx.errors, []);
  } finally {
    await ctx.close();
  }
});
