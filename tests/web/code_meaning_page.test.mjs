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
    await clickWidget(ctx, 'latent_sweep');
    const swept = await waitFor(ctx, (s) => s.widgets.latent_sweep_strip && spread(s.latent.sweep_sums) > 0, 5_000, 'a sweep');
    console.log(`sweep of unit 0, ink per image: ${swept.latent.sweep_sums.map((x) => x.toFixed(1)).join(' ')}`);
    assert.ok(spread(swept.latent.sweep_sums) > 2, 'the sweep changes the image');
    await clickWidget(ctx, 'latent_sweep');  // closed again, so the sampler is in view
    await waitFor(ctx, (s) => !s.widgets.latent_sweep_strip, 5_000, 'the sweep closed');
    await clickWidget(ctx, 'latent_sample_node');
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
