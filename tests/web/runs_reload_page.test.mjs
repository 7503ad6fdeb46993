// Runs survive a reload, through real input in headless Chromium: two runs (the first put away
// by a new run), a reload, and both are back in the runs table with their epochs; the live one
// is live again with its step count and curve, and the first reopens from the table with the
// same test loss it had.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openPage, waitFor, clickWidget, shotsDir } from './browser.mjs';

test('runs, the live model and its step count come back after a reload', { timeout: 280_000 }, async () => {
  const ctx = await openPage({ hash: '#m=shallow&o=adam&lr=0.001&b=256&e=1&s=0' });
  try {
    await waitFor(ctx, (s) => s.ready && s.widgets && s.widgets.start, 60_000, 'the page');
    await clickWidget(ctx, 'start');
    const first = await waitFor(ctx, (s) => s.state === 'finished', 120_000, 'run 1');
    await clickWidget(ctx, 'new_run');
    const second = await waitFor(ctx, (s) => s.runs === 2 && s.state === 'finished', 120_000, 'run 2');
    assert.ok(second.run_list[0].kept && !second.run_list[0].live && second.run_list[1].live);
    // The autosave and the runs store have written (they do when training is not running).
    for (let i = 0; i < 100; ++i) {
      const saved = await ctx.page.evaluate(() => window.bottleneckSaved);
      if (saved.live === second.weights_version && saved.runs === 2) break;
      await new Promise((ok) => setTimeout(ok, 100));
    }
    await ctx.page.reload();
    const back = await waitFor(ctx, (s) => s.ready && s.runs === 2 && s.has_model && s.run_list[1].live, 60_000,
                               'the runs and the live model after the reload');
    console.log(`after reload: ${JSON.stringify(back.run_list.map((r) => [r.id, r.epochs, r.kept, r.live]))}, step ${back.step}`);
    assert.deepEqual(back.run_list.map((r) => r.epochs), [1, 1]);
    assert.equal(back.step, second.step, 'the step count goes on');
    assert.deepEqual(back.test_losses, second.test_losses);
    await waitFor(ctx, (s) => s.run_list[0].kept && s.widgets.run_open_1, 10_000, 'run 1 kept, with its model');
    await clickWidget(ctx, 'run_open_1');
    const reopened = await waitFor(ctx, (s) => s.run_list[0].live && s.has_model, 10_000, 'run 1 reopened');
    assert.deepEqual(reopened.test_losses, first.test_losses);
    await ctx.page.screenshot({ path: join(shotsDir, 'runs-after-reload.png') });
    assert.deepEqual(ctx.errors, []);
  } finally {
    await ctx.close();
  }
});
