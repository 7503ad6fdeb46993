// The teaching layer through real input in headless Chromium: the first-visit introduction shows
// in a fresh browser, closes, and stays closed after a reload; the Guide's first experiment sets
// up a 2-unit code and trains it, with its note in the Train panel and its edit in the run's label.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openPage, waitFor, clickWidget, shotsDir } from './browser.mjs';

test('the first-visit introduction shows once', { timeout: 120_000 }, async () => {
  const ctx = await openPage({ intro: true });
  try {
    const s = await waitFor(ctx, (st) => st.ready && st.widgets && st.widgets.intro_close, 60_000, 'the introduction');
    assert.equal(s.intro, true);
    await ctx.page.screenshot({ path: join(shotsDir, 'intro.png') });
    await clickWidget(ctx, 'intro_close');
    await waitFor(ctx, (st) => st.intro === false, 5_000, 'the introduction closed');
    await ctx.page.reload();
    const again = await waitFor(ctx, (st) => st.ready && st.widgets && st.widgets.start, 60_000, 'the page after a reload');
    assert.equal(again.intro, false, 'the introduction stays closed');
    assert.equal(again.widgets.intro, undefined);
    assert.deepEqual(ctx.errors, []);
  } finally {
    await ctx.close();
  }
});

test("the Guide's first experiment trains a 2-unit code and says what to look for", { timeout: 240_000 }, async () => {
  const ctx = await openPage();
  try {
    await waitFor(ctx, (st) => st.ready && st.widgets && st.widgets.guide, 60_000, 'the page');
    await clickWidget(ctx, 'guide');
    await waitFor(ctx, (st) => st.guide && st.widgets.guide_run_0, 5_000, 'the Guide window');
    await ctx.page.screenshot({ path: join(shotsDir, 'guide.png') });
    await clickWidget(ctx, 'guide_run_0');
    const s = await waitFor(ctx, (st) => st.state === 'training' && st.step >= 5, 30_000, 'the experiment training');
    assert.equal(s.experiment, 0);
    assert.equal(s.guide, false, 'the Guide closes to show the panels');
    assert.match(s.run_list[0].label, /^#1 shallow \(code 2 units\) · MNIST · adam 0\.001 · seed 0$/);
    assert.ok(s.widgets.experiment_banner, 'the experiment note is in the Train panel');
    await waitFor(ctx, (st) => st.latent.ready, 60_000, 'the code plane');
    await ctx.page.screenshot({ path: join(shotsDir, 'experiment-2-units.png') });
    // With the note, the Undo offer after a new run, and that run's progress, the Train panel
    // still fits 1280x800 (the note falls back to its title).
    await waitFor(ctx, (st) => st.state === 'finished', 120_000, 'the experiment trained');
    await clickWidget(ctx, 'new_run');
    await waitFor(ctx, (st) => st.undo > 0 && st.runs === 2 && st.step >= 3, 20_000, 'a new run with the Undo offer');
    await new Promise((ok) => setTimeout(ok, 500));
    const busy = await ctx.status();
    assert.ok(busy.widgets.experiment_banner && busy.widgets.undo, 'the note and the Undo offer are both shown');
    assert.equal(busy.widgets.overflow_Train[3], 0, `the Train panel runs ${busy.widgets.overflow_Train[3]} px below its edge`);
    await ctx.page.screenshot({ path: join(shotsDir, 'experiment-busy-train.png') });
    assert.deepEqual(ctx.errors, []);
  } finally {
    await ctx.close();
  }
});
