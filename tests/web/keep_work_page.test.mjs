// Nothing a click can lose, through real input in headless Chromium: Start after a finished run
// trains on from its weights (one run, the step count and test loss go on); Reset puts the model
// away and Undo brings back the same reconstruction; a learning rate typed out of range is
// refused in its field, the setting keeps its value and Start waits for a good one; ten runs get ten colours and the runs
// table (the legend) sits below the plot, never over it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openPage, waitFor, clickWidget, nextFrames, typeInto, shotsDir } from './browser.mjs';

const link = '#m=shallow&o=adam&lr=0.001&b=256&e=1&s=0';

test('Start after a finished run trains on; Reset then Undo gives the same model back', { timeout: 280_000 }, async () => {
  const ctx = await openPage({ hash: link });
  try {
    await waitFor(ctx, (s) => s.ready && s.widgets && s.widgets.start, 60_000, 'the page');
    await clickWidget(ctx, 'start');
    const first = await waitFor(ctx, (s) => s.state === 'finished', 120_000, 'the first epoch');
    assert.equal(first.test_losses.length, 1);
    // The same button, now "Train on": one more epoch of the same run.
    await clickWidget(ctx, 'start');
    const second = await waitFor(ctx, (s) => s.state === 'finished' && s.test_losses.length === 2, 120_000, 'a second epoch');
    console.log(`train on: steps ${first.step} -> ${second.step}, test loss ${second.test_losses.join(' -> ')}`);
    assert.equal(second.runs, 1, 'training on stays one run');
    assert.equal(second.step, 2 * first.step, 'the step count goes on');
    assert.equal(second.test_losses[0], first.test_losses[0]);
    assert.ok(second.test_losses[1] < second.test_losses[0], 'the test loss keeps falling from where it was');

    // A test digit on the canvas: its reconstruction is what Undo must bring back.
    await clickWidget(ctx, 'draw_pick');
    const drawn = await waitFor(ctx, (s) => s.draw.has_digit && s.draw.recon_sum > 1, 10_000, 'a reconstruction');
    await clickWidget(ctx, 'reset');
    const reset = await waitFor(ctx, (s) => !s.has_model && s.undo > 0, 10_000, 'the model put away');
    assert.ok(reset.widgets.undo, 'an Undo button is offered');
    await ctx.page.screenshot({ path: join(shotsDir, 'keep-work-reset.png') });
    await clickWidget(ctx, 'undo');
    const back = await waitFor(ctx, (s) => s.has_model && s.draw.recon_sum > 1 && s.draw.seen_current, 10_000, 'the model back');
    assert.equal(back.draw.recon_sum, drawn.draw.recon_sum, 'the same reconstruction after Undo');
    assert.equal(back.step, second.step);
    assert.deepEqual(back.test_losses, second.test_losses);
    assert.equal(back.runs, 1);
    // Back at rest, as it was: Train on trains it further, and the model can be changed (it came
    // back "paused", with the Model panel locked and no word why).
    assert.equal(back.state, 'finished');
    assert.ok(!back.widgets.model_locked, 'the Model panel is not locked');
    assert.deepEqual(ctx.errors, []);
  } finally {
    await ctx.close();
  }
});

test('a learning rate out of range is refused in its field, the setting keeps its value', { timeout: 120_000 }, async () => {
  const ctx = await openPage({ hash: link });
  try {
    await waitFor(ctx, (s) => s.ready && s.widgets && s.widgets.learning_rate, 60_000, 'the page');
    await typeInto(ctx, 'learning_rate', '1e5');
    await nextFrames(ctx);
    // Nothing is taken while typing; Enter checks it.
    assert.match((await ctx.status()).link, /lr=0\.001/);
    await ctx.page.keyboard.press('Enter');
    const refused = await waitFor(ctx, (s) => s.field_error, 5_000, 'the refusal');
    assert.match(refused.field_error, /^learning rate 1e5 is too high: at most 10; 0\.001 suits Adam/);
    assert.match(refused.link, /lr=0\.001/);
    // Start while the field shows the refused value: nothing starts, and the notice says why.
    await clickWidget(ctx, 'start');
    const held = await waitFor(ctx, (s) => /^Not started: learning rate 1e5/.test(s.notice), 5_000, 'the refusal to start');
    assert.equal(held.state, 'ready');
    // Typing a good value clears the message and takes it.
    await typeInto(ctx, 'learning_rate', '0.002');
    await ctx.page.keyboard.press('Tab');
    const taken = await waitFor(ctx, (s) => !s.field_error && /lr=0\.002/.test(s.link), 5_000, 'the new rate');
    assert.ok(taken);
    // A bad value typed and Start clicked at once: the one click gets the refusal (the message
    // appearing under the field used to move Start away from the click).
    await typeInto(ctx, 'learning_rate', '1e5');
    await clickWidget(ctx, 'start');
    const once = await waitFor(ctx, (s) => /^Not started: learning rate 1e5/.test(s.notice), 5_000, 'the refusal to start, first click');
    assert.equal(once.state, 'ready');
  } finally {
    await ctx.close();
  }
});

test('ten runs get ten colours and the runs table stays below the plot', { timeout: 280_000 }, async () => {
  const ctx = await openPage({ hash: link });
  try {
    await waitFor(ctx, (s) => s.ready && s.widgets && s.widgets.start, 60_000, 'the page');
    for (let i = 1; i <= 10; ++i) {
      await clickWidget(ctx, 'start');
      await waitFor(ctx, (s) => s.runs === i && s.step >= 3, 30_000, `run ${i} training`);
      await clickWidget(ctx, 'reset');
      await waitFor(ctx, (s) => !s.has_model, 10_000, `run ${i} put away`);
    }
    const s = await ctx.status();
    await ctx.page.screenshot({ path: join(shotsDir, 'curves-ten-runs.png') });
    assert.equal(s.run_list.length, 10);
    assert.equal(new Set(s.run_list.map((r) => r.color)).size, 10, `colours: ${s.run_list.map((r) => r.color)}`);
    assert.ok(s.run_list.every((r) => r.kept), 'every run keeps its model');
    const [px, py, pw, ph] = s.widgets.curves_plot, [lx, ly, lw, lh] = s.widgets.curves_legend;
    assert.ok(ly >= py + ph, `legend (y ${ly}) below the plot (bottom ${py + ph})`);
    assert.ok(ph >= 100, `the plot keeps its height: ${ph}`);
    assert.ok(lx < px + pw && lw > 0 && lh > 0);
    assert.deepEqual(ctx.errors, []);
  } finally {
    await ctx.close();
  }
});
