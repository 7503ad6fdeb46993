// The page redraws only what changed (platform/gl/damage): after a run with hovering, tooltips,
// a drawn digit and panel refreshes, what is on the canvas must be exactly what a full redraw of
// the same state gives. The full redraw is forced the way a person would: the window changes
// size and back. Run at a fractional pixel density too, where rounding would show first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, waitFor, clickWidget } from './browser.mjs';

// Keeps the canvas's pixels in the page under `name` (the WebGL canvas keeps its pixels, so it can
// be read between frames).
const grab = (ctx, name) => ctx.page.evaluate(async (name) => {
  const bmp = await createImageBitmap(document.getElementById('canvas'));
  const off = new OffscreenCanvas(bmp.width, bmp.height);
  const g = off.getContext('2d');
  g.drawImage(bmp, 0, 0);
  (window.grabs ??= {})[name] = g.getImageData(0, 0, bmp.width, bmp.height);
}, name);

// Pixels that differ between two grabs outside rectangle `skip` (device pixels): count and box.
const compare = (ctx, a, b, skip) => ctx.page.evaluate(([a, b, t]) => {
  const A = window.grabs[a], B = window.grabs[b];
  if (A.width !== B.width || A.height !== B.height) return { diff: -1 };
  let diff = 0, box = [1e9, 1e9, -1, -1];
  for (let y = 0; y < A.height; ++y)
    for (let x = 0; x < A.width; ++x) {
      if (x >= t[0] && x < t[0] + t[2] && y >= t[1] && y < t[1] + t[3]) continue;
      const i = 4 * (y * A.width + x);
      if (A.data[i] !== B.data[i] || A.data[i + 1] !== B.data[i + 1] || A.data[i + 2] !== B.data[i + 2]) {
        ++diff;
        box = [Math.min(box[0], x), Math.min(box[1], y), Math.max(box[2], x), Math.max(box[3], y)];
      }
    }
  return { diff, box };
}, [a, b, skip]);

async function pointIn(ctx, name, fx, fy) {
  const r = (await ctx.status()).widgets[name];
  assert.ok(r, `widget ${name} on screen`);
  const box = await ctx.page.locator('#canvas').boundingBox();
  return [box.x + r[0] + fx * r[2], box.y + r[1] + fy * r[3]];
}

for (const scale of [1, 1.5]) {
test(`partial redraws leave the same pixels as a full redraw (density ${scale})`, { timeout: 240_000 }, async () => {
  const ctx = await openPage({ scale });
  try {
    await waitFor(ctx, (s) => s.ready && s.widgets && s.widgets.start, 60_000, 'the page');
    await clickWidget(ctx, 'draw_pick');
    await clickWidget(ctx, 'start');
    await waitFor(ctx, (s) => s.state === 'training' && s.step >= 40 && s.latent.ready, 60_000, 'training');
    // Tooltips open and close over the curves; the plane is hovered; all while training.
    for (const fx of [0.3, 0.6, 0.9]) {
      await ctx.page.mouse.move(...await pointIn(ctx, 'panel_Curves', fx, 0.5));
      await new Promise((ok) => setTimeout(ok, 300));
    }
    await ctx.page.mouse.move(...await pointIn(ctx, 'latent_plane', 0.5, 0.5));
    await new Promise((ok) => setTimeout(ok, 300));
    const during = await ctx.status();
    console.log(`while training: ${during.fps.toFixed(1)} fps, ${(100 * during.render.redrawn).toFixed(1)}% of the screen redrawn a frame`);
    await clickWidget(ctx, 'start');  // pause: the state holds still
    await waitFor(ctx, (s) => s.state === 'paused', 10_000, 'the pause');
    // With nothing else changing, a tooltip over the corner of the curves reaches over the
    // panels beside and below; when it closes, they must be repainted.
    await ctx.page.mouse.move(...await pointIn(ctx, 'curves_plot', 0.97, 0.95));
    await new Promise((ok) => setTimeout(ok, 500));
    await ctx.page.mouse.move(2, 2);
    // Panels finish their last refresh (the code space re-encodes the final weights) and the
    // screen stops changing.
    await waitFor(ctx, (st) => st.views_current && st.render.redrawn < 0.003, 30_000, 'the screen to settle');
    await grab(ctx, 'partial');

    await ctx.page.setViewportSize({ width: 1280, height: 801 });
    await new Promise((ok) => setTimeout(ok, 500));
    await ctx.page.setViewportSize({ width: 1280, height: 800 });
    await new Promise((ok) => setTimeout(ok, 1500));
    await grab(ctx, 'full');
    // The frame rate read-out in the Train panel changes by itself; every other pixel must match.
    const train = (await ctx.status()).widgets.panel_Train.map((v) => v * scale);
    const { diff, box } = await compare(ctx, 'partial', 'full', train);
    assert.equal(diff, 0, `${diff} pixels differ from a full redraw, within ${box}`);
    assert.deepEqual(ctx.errors, []);
  } finally {
    await ctx.close();
  }
});
}
