// Small screens and touch, through real touch events in headless Chromium at 390x844 (a phone):
// one tap switches the panel shown, every panel button is a 44-pixel target with its name, a
// number field is typed with a keypad of the page's own, a drag scrolls a long panel, and a
// screenshot of each panel is kept for a person to look at. At 1280x800 the panels a student
// watches (Train, Curves, Reconstructions, Draw, Filters, Diagnostics) show everything without
// scrolling inside them, a denoiser's three rows of pictures included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openPage, waitFor, clickWidget, nextFrames, shotsDir } from './browser.mjs';

const panels = ['Train', 'Model', 'Curves', 'Reconstructions', 'Draw', 'Latent space', 'Filters', 'Diagnostics'];

test('on a phone one tap switches the panel, and every panel button is a 44-pixel target', { timeout: 180_000 }, async () => {
  const ctx = await openPage({ width: 390, height: 844, hasTouch: true, scale: 2,
                               hash: '#m=shallow&o=adam&lr=0.001&b=256&e=1&s=0' });
  try {
    await waitFor(ctx, (s) => s.ready && s.widgets && s.widgets.tab_Model, 60_000, 'the page');
    await clickWidget(ctx, 'start');
    await waitFor(ctx, (s) => s.state === 'finished', 120_000, 'a trained model');
    const box = await ctx.page.locator('#canvas').boundingBox();
    // A panel's own widgets tell which one is shown.
    const marker = { Train: 'start', Model: 'model_combo', Curves: 'curves_plot', Reconstructions: 'recon_next',
                     Draw: 'draw_canvas', 'Latent space': 'latent_plane', Filters: 'filters_encoder', Diagnostics: 'diag_means' };
    for (const name of [...panels.slice(1), panels[0]]) {
      const s = await ctx.status();
      const r = s.widgets[`tab_${name}`];
      assert.ok(r[2] >= 44 && r[3] >= 44, `${name}: ${r[2]}x${r[3]} px`);
      await ctx.page.touchscreen.tap(box.x + r[0] + r[2] / 2, box.y + r[1] + r[3] / 2);
      const shown = await waitFor(ctx, (st) => st.widgets && st.widgets[marker[name]], 3_000, `${name} after one tap`);
      assert.ok(shown);
      await ctx.page.screenshot({ path: join(shotsDir, `phone-${name.replace(' ', '-').toLowerCase()}.png`) });
    }
    // A number field opens a keypad (a phone shows no keyboard for a canvas): 0.02 is taken, 1e5
    // refused inside the keypad, and Cancel keeps the setting.
    const tapWidget = async (name) => {
      const r = (await ctx.status()).widgets[name];
      assert.ok(r, `${name} on screen`);
      await ctx.page.touchscreen.tap(box.x + r[0] + r[2] / 2, box.y + r[1] + r[3] / 2);
      await nextFrames(ctx);
      await new Promise((ok) => setTimeout(ok, 150));
    };
    await tapWidget('learning_rate');
    await waitFor(ctx, (st) => st.widgets.keypad_OK, 3_000, 'the keypad');
    for (const key of ['clear', '0', '.', '0', '2', 'OK']) await tapWidget(`keypad_${key}`);
    await waitFor(ctx, (st) => !st.widgets.keypad_OK && /lr=0\.02(&|$)/.test(st.link), 3_000, 'learning rate 0.02 taken');
    await tapWidget('learning_rate');
    await waitFor(ctx, (st) => st.widgets.keypad_OK, 3_000, 'the keypad again');
    await ctx.page.screenshot({ path: join(shotsDir, 'phone-keypad.png') });
    for (const key of ['clear', '1', 'e', '5', 'OK']) await tapWidget(`keypad_${key}`);
    const refused = await waitFor(ctx, (st) => /too high/.test(st.field_error) && st.widgets.keypad_OK, 3_000, 'the refusal');
    assert.match(refused.field_error, /^learning rate 1e5 is too high/);
    await tapWidget('keypad_Cancel');
    const kept = await waitFor(ctx, (st) => !st.widgets.keypad_OK && !st.field_error, 3_000, 'the keypad cancelled');
    assert.match(kept.link, /lr=0\.02(&|$)/);

    // The runs table's buttons are touch targets too.
    const curves = await ctx.status();
    await ctx.page.touchscreen.tap(box.x + curves.widgets.tab_Curves[0] + 20, box.y + curves.widgets.tab_Curves[1] + 20);
    const table = await waitFor(ctx, (st) => st.widgets.run_open_1, 3_000, "the runs table's open button");
    assert.ok(table.widgets.run_open_1[3] >= 44, `open is ${table.widgets.run_open_1[3]} px tall`);
    // A finger dragged on the page scrolls it: the Model panel with its penalties and summary open is taller
    // than the screen.
    await ctx.page.touchscreen.tap(box.x + table.widgets.tab_Model[0] + 20, box.y + table.widgets.tab_Model[1] + 20);
    const model = await waitFor(ctx, (st) => st.widgets.model_summary, 3_000, 'the Model panel');
    assert.ok(model.widgets.model_summary[3] >= 44, `the summary's tree node is ${model.widgets.model_summary[3]} px tall`);
    await clickWidget(ctx, 'model_summary');
    await clickWidget(ctx, 'model_penalties');
    const tall = await waitFor(ctx, (st) => st.widgets.overflow_narrow[3] > 100, 3_000, 'a panel taller than the screen');
    assert.equal(tall.widgets.overflow_narrow[1], 0);
    const cdp = await ctx.page.context().newCDPSession(ctx.page);
    const touch = (type, y) => cdp.send('Input.dispatchTouchEvent', {
      type, touchPoints: type === 'touchEnd' ? [] : [{ x: box.x + 330, y: box.y + y }] });
    await touch('touchStart', 700);
    for (let y = 680; y >= 400; y -= 20) await touch('touchMove', y);
    await touch('touchEnd');
    const scrolled = await waitFor(ctx, (st) => st.widgets.overflow_narrow[1] > 100, 3_000, 'the page scrolled by the drag');
    console.log(`a 300 px drag scrolled the Model panel by ${scrolled.widgets.overflow_narrow[1]} px`);
    assert.deepEqual(scrolled.widgets.tab_Diagnostics, table.widgets.tab_Diagnostics, 'the panel buttons stay put');
    await ctx.page.screenshot({ path: join(shotsDir, 'phone-model-scrolled.png') });
    assert.deepEqual(ctx.errors, []);
  } finally {
    await ctx.close();
  }
});

test('at 1280x800 the watched panels need no scrolling, a denoiser included', { timeout: 180_000 }, async () => {
  const ctx = await openPage({ hash: '#m=denoising&o=adam&lr=0.001&b=256&e=1&s=0' });
  try {
    await waitFor(ctx, (s) => s.ready && s.widgets && s.widgets.start, 60_000, 'the page');
    await clickWidget(ctx, 'start');
    await waitFor(ctx, (s) => s.state === 'finished' && s.latent.ready, 120_000, 'a trained denoiser');
    await clickWidget(ctx, 'draw_pick');
    await waitFor(ctx, (s) => s.draw.has_digit && s.views_current, 10_000, 'a drawing and current views');
    await new Promise((ok) => setTimeout(ok, 500));
    const s = await ctx.status();
    await ctx.page.screenshot({ path: join(shotsDir, 'wide-denoiser.png') });
    for (const name of ['Train', 'Curves', 'Reconstructions', 'Draw', 'Filters', 'Diagnostics'])
      assert.equal(s.widgets[`overflow_${name}`][3], 0, `${name} runs ${s.widgets[`overflow_${name}`][3]} px below its edge`);
  } finally {
    await ctx.close();
  }
});

test("on a phone the introduction's Train button shows the curves it says to watch", { timeout: 120_000 }, async () => {
  const ctx = await openPage({ width: 390, height: 844, hasTouch: true, scale: 2, intro: true });
  try {
    await waitFor(ctx, (st) => st.ready && st.widgets && st.widgets.intro_start, 60_000, 'the introduction');
    await new Promise((ok) => setTimeout(ok, 500));  // an auto-sized window settles over its first frames
    const s = await ctx.status();
    const box = await ctx.page.locator('#canvas').boundingBox();
    const r = s.widgets.intro_start;
    assert.ok(r[0] + r[2] <= 390, 'the button is on the screen');
    await ctx.page.touchscreen.tap(box.x + r[0] + r[2] / 2, box.y + r[1] + r[3] / 2);
    const after = await waitFor(ctx, (st) => st.state === 'training' && st.widgets.curves_plot, 10_000, 'the curves, training');
    assert.equal(after.intro, false);
    await ctx.page.screenshot({ path: join(shotsDir, 'phone-after-intro.png') });
  } finally {
    await ctx.close();
  }
});
