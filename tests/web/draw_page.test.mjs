// The Draw panel in headless Chromium: real mouse, touch and pen strokes on the canvas change the
// normalised input, and once a model has trained, the code and the reconstruction change with
// every stroke segment while the button is still down, not only on release.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openPage, waitFor, clickWidget, shotsDir } from './browser.mjs';

// Canvas point (fractions of the draw canvas) to page coordinates.
async function canvasPoint(ctx, fx, fy) {
  const s = await ctx.status();
  const r = s.widgets.draw_canvas;
  const box = await ctx.page.locator('#canvas').boundingBox();
  return [box.x + r[0] + fx * r[2], box.y + r[1] + fy * r[3]];
}

// Waits until the app has processed the ink (its update counter passed `after`).
const drawn = (ctx, after, what) => waitFor(ctx, (s) => s.draw.updates > after, 5_000, what);

test('mouse, touch and pen strokes drive the code and the reconstruction', { timeout: 240_000 }, async () => {
  const ctx = await openPage({ hasTouch: true });
  try {
    await waitFor(ctx, (s) => s.ready && s.widgets && s.widgets.draw_canvas && s.widgets.start, 60_000, 'the page');

    // Before any training: the drawing is normalised like an MNIST digit.
    let s = await ctx.status();
    const [x0, y0] = await canvasPoint(ctx, 0.5, 0.2);
    await ctx.page.mouse.move(x0, y0);
    await ctx.page.mouse.down();
    const [x1, y1] = await canvasPoint(ctx, 0.5, 0.8);
    await ctx.page.mouse.move(x1, y1, { steps: 4 });
    await ctx.page.mouse.up();
    s = await drawn(ctx, s.draw.updates, 'the stroke to be processed');
    assert.ok(s.draw.has_digit && s.draw.input_sum > 5, `drawn input: ${JSON.stringify(s.draw)}`);
    // The keyboard: C clears the drawing.
    await ctx.page.keyboard.press('c');
    s = await waitFor(ctx, (st) => !st.draw.has_digit, 5_000, 'C to clear the canvas');

    // Train the shallow model for a while, then pause so only strokes change the code.
    await clickWidget(ctx, 'start');
    await waitFor(ctx, (st) => st.step >= 150, 60_000, '150 training steps');
    await clickWidget(ctx, 'start');
    s = await waitFor(ctx, (st) => st.state === 'paused', 5_000, 'pause');
    await clickWidget(ctx, 'draw_clear');
    s = await waitFor(ctx, (st) => !st.draw.has_digit, 5_000, 'a clear canvas');

    // A "7" in segments: after each segment, with the button still down, a new code.
    const path = [[0.25, 0.2], [0.75, 0.2], [0.6, 0.45], [0.5, 0.65], [0.45, 0.85]];
    let [px, py] = await canvasPoint(ctx, ...path[0]);
    await ctx.page.mouse.move(px, py);
    await ctx.page.mouse.down();
    let code = null, changes = 0;
    for (const [fx, fy] of path.slice(1)) {
      const before = (await ctx.status()).draw.updates;
      [px, py] = await canvasPoint(ctx, fx, fy);
      await ctx.page.mouse.move(px, py, { steps: 3 });
      s = await drawn(ctx, before, 'a stroke segment');
      assert.equal(s.draw.code.length, 32);
      // The segment's ink and its new code and reconstruction belong to the same frame.
      assert.equal(s.draw.update_frame, s.draw.ink_frame);
      if (code && JSON.stringify(code) !== JSON.stringify(s.draw.code)) changes++;
      code = s.draw.code;
    }
    assert.ok(s.draw.recon_sum > 5, `reconstruction while drawing: ${s.draw.recon_sum}`);
    await ctx.page.screenshot({ path: join(shotsDir, 'draw-mouse.png') });
    await ctx.page.mouse.up();
    // The app has seen the release (ImGui 1.86 sees one button state a frame: a release and the
    // next click in the same frame would read as one long press).
    await waitFor(ctx, (st) => !st.draw.stroking, 5_000, 'the end of the mouse stroke');
    assert.equal(changes, path.length - 2, 'the code changed after every segment but the first');
    console.log(`stroke to reconstruction: ${s.draw.update_ms} ms of model time, in the frame of the stroke`);

    // Touch: a vertical stroke with a finger on a cleared canvas.
    await clickWidget(ctx, 'draw_clear');
    s = await waitFor(ctx, (st) => !st.draw.has_digit, 5_000, 'a clear canvas');
    const cdp = await ctx.page.context().newCDPSession(ctx.page);
    const touch = async (type, fx, fy) => {
      const pts = fx === undefined ? [] : [{ x: (await canvasPoint(ctx, fx, fy))[0], y: (await canvasPoint(ctx, fx, fy))[1] }];
      await cdp.send('Input.dispatchTouchEvent', { type, touchPoints: pts });
    };
    await touch('touchStart', 0.5, 0.15);
    for (let i = 1; i <= 6; i++) await touch('touchMove', 0.5, 0.15 + i * 0.12);
    s = await waitFor(ctx, (st) => st.draw.has_digit, 5_000, 'the touch stroke');
    assert.ok(s.draw.recon_sum > 5);
    await ctx.page.screenshot({ path: join(shotsDir, 'draw-touch.png') });
    await touch('touchEnd');
    // The app has seen the finger lift (ImGui 1.86 sees one button state a frame: a lift and a
    // click in the same frame would read as one long press).
    await waitFor(ctx, (st) => !st.draw.stroking, 5_000, 'the end of the touch stroke');
    assert.notDeepEqual(s.draw.code, code, 'a "1" and a "7" have different codes');
    const one = s.draw.code;

    // Pen: a horizontal stroke with a stylus (pointer events of type "pen", and the mouse events
    // browsers derive from them), checked to arrive as a pen.
    await clickWidget(ctx, 'draw_clear');
    await waitFor(ctx, (st) => !st.draw.has_digit, 5_000, 'a clear canvas');
    await ctx.page.evaluate(() => {
      window.penDown = false;
      document.getElementById('canvas').addEventListener('pointerdown', (e) => { window.penDown ||= e.pointerType === 'pen'; });
    });
    const pen = async (type, fx, fy, buttons) => {
      const [x, y] = await canvasPoint(ctx, fx, fy);
      await cdp.send('Input.dispatchMouseEvent', { type, x, y, button: 'left', buttons, clickCount: 1, pointerType: 'pen', force: 0.5 });
    };
    await pen('mouseMoved', 0.15, 0.5, 0);
    await pen('mousePressed', 0.15, 0.5, 1);
    for (let i = 1; i <= 6; i++) await pen('mouseMoved', 0.15 + i * 0.12, 0.5, 1);
    s = await waitFor(ctx, (st) => st.draw.has_digit, 5_000, 'the pen stroke');
    await pen('mouseReleased', 0.87, 0.5, 0);
    assert.equal(await ctx.page.evaluate(() => window.penDown), true, 'the stroke came as a pen');
    assert.ok(s.draw.recon_sum > 5);
    assert.notDeepEqual(s.draw.code, one, 'a "-" and a "1" have different codes');
    await ctx.page.screenshot({ path: join(shotsDir, 'draw-pen.png') });
    assert.deepEqual(ctx.errors, []);
  } finally {
    await ctx.close();
  }
});
