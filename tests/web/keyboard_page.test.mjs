// The keyboard, through real key presses in headless Chromium: Tab and Shift-Tab move a visible
// focus through the controls of every panel and out of the canvas at either end, the
// screen-reader read-out names the focused one,
// Enter presses the focused button and Space presses it again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openPage, waitFor, nextFrames, shotsDir } from './browser.mjs';

async function tab(ctx, back = false) {
  await ctx.page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  await nextFrames(ctx);
  // window.bottleneck is refreshed every 100 ms.
  await new Promise((ok) => setTimeout(ok, 250));
  return (await ctx.status()).focus;
}

test('Tab moves a visible focus through every panel; Enter and Space press the focused button', { timeout: 180_000 }, async () => {
  const ctx = await openPage({ hash: '#m=shallow&o=adam&lr=0.001&b=256&e=1&s=0' });
  try {
    await waitFor(ctx, (s) => s.ready && s.widgets && s.widgets.start, 60_000, 'the page');
    // Shift-Tab before the first control leaves the canvas for the browser; Tab comes back to it.
    const first = await tab(ctx);
    assert.ok(first, 'Tab focuses a control');
    assert.equal(await tab(ctx, true), '', 'Shift-Tab on the first control leaves every control');
    assert.equal(await ctx.page.evaluate(() => document.activeElement.id), '', 'and the canvas');
    assert.equal(await tab(ctx), first, 'Tab from outside comes back to the first control');
    assert.equal(await ctx.page.evaluate(() => document.activeElement.id), 'canvas');
    // Through every control to the last; the Tab after it takes the browser's focus off the
    // canvas (headless Chromium, with no address bar to go to, may bring it straight back to the
    // first control).
    await ctx.page.evaluate(() => {
      window.canvasBlurs = 0;
      document.getElementById('canvas').addEventListener('blur', () => { window.canvasBlurs += 1; });
    });
    const blurs = () => ctx.page.evaluate(() => window.canvasBlurs);
    const seen = [first];
    for (let i = 0; i < 100; ++i) {
      const label = await tab(ctx);
      if (!label || label === first) break;
      assert.equal(await blurs(), 0, `the canvas kept the focus on the way to '${label}'`);
      seen.push(label);
    }
    console.log(`focus order: ${seen.join(' | ')}`);
    assert.ok(seen.length > 20 && seen.length < 100, `${seen.length} controls`);
    assert.equal(await blurs(), 1, 'Tab on the last control left the canvas');
    for (const label of ['data', 'learning rate', 'Start', 'Guide', 'log scale', 'Other digits', 'Clear'])
      assert.ok(seen.includes(label), `Tab reaches '${label}'`);
    // Shift-Tab from outside the canvas comes back to the last control, and goes back the same way.
    await ctx.page.evaluate(() => document.activeElement.blur());
    await new Promise((ok) => setTimeout(ok, 250));
    assert.equal(await tab(ctx, true), seen[seen.length - 1]);
    assert.equal(await tab(ctx, true), seen[seen.length - 2]);
    // The read-out follows the focus.
    assert.equal(await ctx.page.textContent('#focus'), seen[seen.length - 2]);

    // To Start, then Enter presses it and Space presses it again (Pause).
    let focus = (await ctx.status()).focus;
    for (let i = 0; i < 60 && focus !== 'Start'; ++i) focus = await tab(ctx);
    assert.equal(focus, 'Start');
    await ctx.page.screenshot({ path: join(shotsDir, 'keyboard-focus.png') });
    await ctx.page.keyboard.press('Enter');
    await waitFor(ctx, (s) => s.state === 'training', 10_000, 'Enter to start training');
    await ctx.page.keyboard.press(' ');
    await waitFor(ctx, (s) => s.state === 'paused', 10_000, 'Space on the focused button to pause');
    assert.deepEqual(ctx.errors, []);
  } finally {
    await ctx.close();
  }
});
