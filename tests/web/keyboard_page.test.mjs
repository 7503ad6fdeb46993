// The keyboard, through real key presses in headless Chromium: Tab and Shift-Tab move a visible
// focus through the controls of every panel, the screen-reader read-out names the focused one,
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
    const seen = [];
    for (let i = 0; i < 40; ++i) seen.push(await tab(ctx));
    console.log(`focus order: ${seen.join(' | ')}`);
    assert.ok(seen.every((l) => l), 'every Tab lands on a named control');
    for (const label of ['data', 'learning rate', 'Start', 'Guide', 'log scale', 'Other digits', 'Clear'])
      assert.ok(seen.includes(label), `Tab reaches '${label}'`);
    // Shift-Tab goes back the same way.
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
