// Every panel in headless Chromium after a short training run, each saved as its own screenshot
// under build/screenshots/ for a person to look at; the Latent panel decodes a clicked point of
// the plane, and hovering elsewhere decodes a different image.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openPage, waitFor, clickWidget, nextFrames, shotsDir } from './browser.mjs';

async function widgetPoint(ctx, name, fx, fy) {
  const s = await ctx.status();
  const r = s.widgets[name];
  assert.ok(r, `widget ${name} on screen`);
  const box = await ctx.page.locator('#canvas').boundingBox();
  return [box.x + r[0] + fx * r[2], box.y + r[1] + fy * r[3]];
}

test('every panel shows its part of a trained model', { timeout: 240_000 }, async () => {
  const ctx = await openPage();
  try {
    await waitFor(ctx, (s) => s.ready && s.widgets && s.widgets.start, 60_000, 'the page');
    // The Model panel's loss, penalties and corruption, opened (editable before a run).
    await clickWidget(ctx, 'model_penalties');
    await new Promise((ok) => setTimeout(ok, 300));
    const mr = (await ctx.status()).widgets.panel_Model, mbox = await ctx.page.locator('#canvas').boundingBox();
    await ctx.page.screenshot({ path: join(shotsDir, 'panel-model-penalties.png'),
                                clip: { x: mbox.x + mr[0], y: mbox.y + mr[1], width: mr[2], height: mr[3] } });
    await clickWidget(ctx, 'start');
    await waitFor(ctx, (s) => s.test_losses && s.test_losses.length >= 1, 120_000, 'the first epoch');
    await clickWidget(ctx, 'start');  // pause, so the pictures hold still
    await waitFor(ctx, (s) => s.state === 'paused' && s.latent.ready, 30_000, 'the code space');

    // Something on the Draw canvas, for the Draw, Latent and Diagnostics panels.
    await clickWidget(ctx, 'draw_pick');
    await waitFor(ctx, (s) => s.draw.has_digit, 5_000, 'a test digit on the canvas');

    // Click a point of the plane: it is decoded and kept; hovering another point decodes that.
    const [cx, cy] = await widgetPoint(ctx, 'latent_plane', 0.3, 0.4);
    await ctx.page.mouse.click(cx, cy);
    const picked = await waitFor(ctx, (s) => s.latent.picked && s.latent.decoded_sum > 1, 5_000, 'a decoded point');
    const [hx, hy] = await widgetPoint(ctx, 'latent_plane', 0.8, 0.7);
    await ctx.page.mouse.move(hx, hy);
    const hovered = await waitFor(ctx, (s) => s.latent.hovering && s.latent.decoded_sum !== picked.latent.decoded_sum,
                                  5_000, 'the hovered point decoded');
    assert.ok(Math.abs(hovered.latent.decoded_sum - picked.latent.decoded_sum) > 0.5);
    // Held down and dragged, the pick follows the pointer (a finger on a phone has no hover).
    await ctx.page.mouse.move(cx, cy);
    await ctx.page.mouse.down();
    const [dx, dy] = await widgetPoint(ctx, 'latent_plane', 0.7, 0.2);
    await ctx.page.mouse.move(dx, dy, { steps: 5 });
    await nextFrames(ctx);
    const dragged = (await ctx.status()).latent.point;
    await ctx.page.mouse.up();
    assert.ok(Math.hypot(dragged[0] - picked.latent.point[0], dragged[1] - picked.latent.point[1]) > 1e-3,
              `the pick moved with the drag: ${picked.latent.point} -> ${dragged}`);

    await ctx.page.screenshot({ path: join(shotsDir, 'all-panels.png') });
    // The Latent panel's code editor and interpolation strip, opened.
    await clickWidget(ctx, 'latent_edit');
    await new Promise((ok) => setTimeout(ok, 300));
    await clickWidget(ctx, 'latent_interp');
    await new Promise((ok) => setTimeout(ok, 500));
    const open = await ctx.status();
    const lr = open.widgets['panel_Latent space'], cbox = await ctx.page.locator('#canvas').boundingBox();
    await ctx.page.screenshot({ path: join(shotsDir, 'panel-latent-space-open.png'),
                                clip: { x: cbox.x + lr[0], y: cbox.y + lr[1], width: lr[2], height: lr[3] } });
    const s = await ctx.status();
    const box = await ctx.page.locator('#canvas').boundingBox();
    for (const [name, r] of Object.entries(s.widgets)) {
      if (!name.startsWith('panel_')) continue;
      const file = name.replace('panel_', 'panel-').replace(/ /g, '-').toLowerCase() + '.png';
      await ctx.page.screenshot({ path: join(shotsDir, file), clip: { x: box.x + r[0], y: box.y + r[1], width: r[2], height: r[3] } });
    }
    assert.equal(Object.keys(s.widgets).filter((n) => n.startsWith('panel_')).length, 8);
    assert.deepEqual(ctx.errors, []);
  } finally {
    await ctx.close();
  }
});
