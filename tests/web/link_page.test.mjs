// Links: opening the page with a run's link in the URL sets the model, the settings and the seed
// (and the address bar keeps the link in step); a bad link changes nothing and says why; a link
// to Fashion-MNIST fetches that dataset and trains on it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openPage, waitFor, clickWidget, shotsDir } from './browser.mjs';

test('a link sets the model, the settings and the seed', { timeout: 120_000 }, async () => {
  const link = 'm=deep&o=rmsprop&lr=0.0005&b=64&e=2&s=7';
  const ctx = await openPage({ hash: '#' + link });
  try {
    const s = await waitFor(ctx, (st) => st.ready && st.model === 'deep', 60_000, 'the linked model');
    assert.equal(s.link, link);
    assert.match(s.notice, /from the link/);
    assert.equal(await ctx.page.evaluate(() => location.hash), '#' + link);
    assert.deepEqual(ctx.errors, []);
  } finally {
    await ctx.close();
  }
});

test('a bad link changes nothing and says why', { timeout: 120_000 }, async () => {
  const ctx = await openPage({ hash: '#m=nosuch&s=3' });
  try {
    const s = await waitFor(ctx, (st) => st.ready && st.notice, 60_000, 'the notice');
    assert.match(s.notice, /could not be used: .*'nosuch' is not a preset/);
    assert.equal(s.model, 'shallow');
    assert.match(s.link, /^m=shallow&/);
  } finally {
    await ctx.close();
  }
});

// A fragment the browser's decodeURIComponent throws on stopped the page's script while it loaded:
// no message, a frozen read-out, no autosave. Now the app refuses it, says why in the page and the
// read-out, and the page trains and keeps work as usual.
test('a malformed link leaves a working page with a message', { timeout: 150_000 }, async () => {
  const ctx = await openPage({ hash: '#spec=%%%&s=1' });
  try {
    const s = await waitFor(ctx, (st) => st.ready && st.notice, 60_000, 'the notice');
    assert.match(s.notice, /^This link could not be used: the link has a broken %-escape \('%%%' at character 1\); copy the whole link again$/);
    assert.equal(s.model, 'shallow');
    await ctx.page.waitForFunction((m) => document.getElementById('status').textContent === m, s.notice, { timeout: 5_000 });
    await ctx.page.screenshot({ path: join(shotsDir, 'bad-link.png') });
    await clickWidget(ctx, 'start');
    await waitFor(ctx, (st) => st.step >= 3, 60_000, 'training after the bad link');
    await waitFor(ctx, (st) => /^m=shallow&/.test(st.link), 5_000, 'the link kept in step');
    assert.match(await ctx.page.evaluate(() => location.hash), /^#m=shallow&/);
    assert.deepEqual(ctx.errors, []);
  } finally {
    await ctx.close();
  }
});

test('a link to Fashion-MNIST fetches it and trains on it', { timeout: 180_000 }, async () => {
  const ctx = await openPage({ hash: '#m=shallow&o=adam&lr=0.001&b=256&e=1&s=0&d=fashion' });
  try {
    let s = await waitFor(ctx, (st) => st.ready && st.dataset === 1, 90_000, 'Fashion-MNIST');
    assert.match(s.link, /&d=fashion$/);
    await clickWidget(ctx, 'start');
    const first = await waitFor(ctx, (st) => st.step >= 3, 60_000, 'training on Fashion-MNIST');
    s = await waitFor(ctx, (st) => st.step >= 100, 120_000, '100 steps on Fashion-MNIST');
    // Batch losses, not the epoch's running mean (which still carries the first batches).
    assert.ok(s.last_loss < first.last_loss - 0.05, `batch loss from ${first.last_loss} to ${s.last_loss}`);
    await ctx.page.screenshot({ path: join(shotsDir, 'fashion-training.png') });
    assert.deepEqual(ctx.errors, []);
  } finally {
    await ctx.close();
  }
});

// A model and learning rate that make the loss explode (a deep linear autoencoder, plain SGD at
// 10): the run stops, and the page says what went wrong and what to try, in the Train panel and
// the read-out for screen readers; the model stays.
test('an exploding loss stops the run and says what to do', { timeout: 180_000 }, async () => {
  const spec = {
    name: 'explode', loss: 'mse',
    layers: [{ type: 'Dense', units: 256, activation: 'linear' },
             { type: 'Dense', units: 32, activation: 'linear', code: true },
             { type: 'Dense', units: 256, activation: 'linear' },
             { type: 'Dense', units: 784, activation: 'linear' }],
  };
  const link = `spec=${Buffer.from(JSON.stringify(spec)).toString('base64url')}&o=sgd&lr=10&b=256&e=1&s=0`;
  const ctx = await openPage({ hash: '#' + link });
  try {
    await waitFor(ctx, (st) => st.ready && st.model === 'explode', 60_000, 'the linked model');
    await clickWidget(ctx, 'start');
    const s = await waitFor(ctx, (st) => st.state === 'failed', 60_000, 'the run to fail');
    assert.match(s.message, /^the loss (became (NaN|infinite)|rose to [\d.e+]+) at epoch 1, batch \d+ \(step \d+\)(, from [\d.]+ where this run started)?: training diverged; the learning rate 10 is probably too high, try 1 \(sgd usually trains at 0\.01\); the model is back where this run started$/);
    assert.equal(s.has_model, true);
    await ctx.page.waitForFunction((m) => document.getElementById('status').textContent === m, s.message,
                                   { timeout: 5_000 });
    // The panels show the model as it was before the run diverged.
    await waitFor(ctx, (st) => st.views_current, 30_000, 'the panels to catch up');
    await ctx.page.screenshot({ path: join(shotsDir, 'train-diverged.png') });
    assert.deepEqual(ctx.errors, []);
  } finally {
    await ctx.close();
  }
});
