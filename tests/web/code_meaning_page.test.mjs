// What the code means, through real clicks in headless Chromium: sweeping one code unit over its
// range decodes eight different images, and Sample decodes eight different codes drawn from the
// test codes' Gaussian; pressing it again draws new ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openPage, waitFor, clickWidget, shotsDir } from './browser.mjs';

const spread = (v) => Math.max(...v) - Math.min(...v);
const distinct = (v) => new Set(v.map((x) => x.toFixed(2))).size;

test('the unit sweep and the sample button decode distinct images', { timeout: 180_000 }, async () => {
  const ctx = await openPage({ hash: '#m=shallow&o=adam&lr=0.001&b=256&e=1&s=0' });
  try {
    await waitFor(ctx, (s) => s.ready && s.widgets && s.widgets.start, 60_000, 'the page');
    await clickWidget(ctx, 'start');
    await waitFor(ctx, (s) => s.state === 'finished' && s.latent.ready && s.views_current, 120_000, 'a trained model');
    // Each tool under the plane opens within the panel's height at 1280x800 (the code sliders ran
    // off its bottom when the tools were tree nodes); the sample tool stays open for what follows.
    await clickWidget(ctx, 'draw_pick');
    await waitFor(ctx, (s) => s.draw.has_digit, 5_000, 'a test digit to edit');
    for (const tool of ['latent_edit', 'latent_interp', 'latent_sample_node', 'latent_sweep']) {
      await clickWidget(ctx, tool);
      await new Promise((ok) => setTimeout(ok, 300));  // the plane gives up the tool's height a frame later
      const s = await ctx.status();
      assert.equal(s.widgets['overflow_Latent space'][3], 0, `with ${tool} open the panel runs ${s.widgets['overflow_Latent space'][3]} px below its edge`);
      if (tool === 'latent_edit') {
        const r = s.widgets['panel_Latent space'], box = await ctx.page.locator('#canvas').boundingBox();
        await ctx.page.screenshot({ path: join(shotsDir, 'latent-edit.png'),
                                    clip: { x: box.x + r[0], y: box.y + r[1], width: r[2], height: r[3] } });
      }
    }
    const swept = await waitFor(ctx, (s) => s.widgets.latent_sweep_strip && spread(s.latent.sweep_sums) > 0, 5_000, 'a sweep');
    console.log(`sweep of unit 0, ink per image: ${swept.latent.sweep_sums.map((x) => x.toFixed(1)).join(' ')}`);
    assert.ok(spread(swept.latent.sweep_sums) > 2, 'the sweep changes the image');
    await clickWidget(ctx, 'latent_sample_node');  // one tool at a time: the sweep closes
    await waitFor(ctx, (s) => !s.widgets.latent_sweep_strip, 5_000, 'the sweep closed');
    const first = await waitFor(ctx, (s) => s.widgets.latent_samples && spread(s.latent.sample_sums) > 0, 5_000, 'samples');
    assert.equal(distinct(first.latent.sample_sums), 8, `eight different samples: ${first.latent.sample_sums}`);
    await clickWidget(ctx, 'latent_sample');
    const again = await waitFor(ctx, (s) => s.latent.sample_draws === 1, 5_000, 'a second draw');
    assert.notDeepEqual(again.latent.sample_sums, first.latent.sample_sums);
    const r = again.widgets['panel_Latent space'], box = await ctx.page.locator('#canvas').boundingBox();
    await ctx.page.screenshot({ path: join(shotsDir, 'latent-samples.png'),
                                clip: { x: box.x + r[0], y: box.y + r[1], width: r[2], height: r[3] } });
    assert.deepEqual(ctx.errors, []);
  } finally {
    await ctx.close();
  }
});
