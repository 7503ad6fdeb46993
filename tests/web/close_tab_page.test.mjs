// A tab closed while a model trains, then the page opened again in the same browser: the model
// comes back as it was at the end of the last epoch that finished (the autosave keeps each
// epoch's end while training), with its history and its step count, ready to train on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openPage, waitFor, shotsDir, clickWidget } from './browser.mjs';

const kBatches = Math.ceil(60000 / 256);  // one epoch of MNIST at batch size 256

test('a tab closed mid-training reopens at the last finished epoch', { timeout: 240_000 }, async () => {
  const link = '#m=shallow&o=adam&lr=0.001&b=256&e=200&s=0';
  const ctx = await openPage({ hash: link });
  try {
    await waitFor(ctx, (s) => s.ready && s.widgets && s.widgets.start, 60_000, 'the page');
    await clickWidget(ctx, 'start');
    // Two epochs kept, and the run still going.
    let saved;
    for (let i = 0; i < 1200; ++i) {
      saved = await ctx.page.evaluate(() => window.bottleneckSaved);
      if (saved.epochs >= 2) break;
      await new Promise((ok) => setTimeout(ok, 100));
    }
    assert.ok(saved.epochs >= 2, `the autosave kept ${saved.epochs} epochs`);
    const before = await ctx.status();
    assert.equal(before.state, 'training', 'closed while training');
    const url = ctx.page.url();
    await ctx.page.close({ runBeforeUnload: true });

    const page = await ctx.context.newPage();
    await page.goto(url);
    const reopened = { page, errors: [], status: () => page.evaluate(() => window.bottleneck).catch(() => null) };
    page.on('pageerror', (e) => reopened.errors.push(String(e)));
    const back = await waitFor(reopened, (s) => s.ready && s.has_model, 60_000, 'the model after reopening');
    const epochs = back.test_losses.length;
    console.log(`closed at epoch ${before.epoch} (step ${before.step}) with ${saved.epochs} kept; ` +
                `reopened with ${epochs} epochs at step ${back.step}, state ${back.state}`);
    // An epoch may end between the last look and the close (the page keeps that one too).
    assert.ok(epochs >= saved.epochs && epochs <= before.test_losses.length + 1, `${epochs} epochs back`);
    const n = Math.min(epochs, before.test_losses.length);
    assert.deepEqual(back.test_losses.slice(0, n), before.test_losses.slice(0, n));
    assert.equal(back.step, epochs * kBatches, 'the weights are those of an epoch\'s end');
    assert.notEqual(back.state, 'training');
    await page.screenshot({ path: join(shotsDir, 'close-tab-reopened.png') });
    assert.deepEqual(reopened.errors, []);

    // Opened again with a link to another model: the link's model is set up, and the kept one
    // waits in the runs table (it used to be dropped).
    for (let i = 0; i < 100 && !(await page.evaluate(() => window.bottleneckSaved.runs)); ++i)
      await new Promise((ok) => setTimeout(ok, 100));
    await page.close({ runBeforeUnload: true });
    const third = await ctx.context.newPage();
    await third.goto(url.replace(/#.*/, '#m=deep&o=adam&lr=0.001&b=256&e=1&s=0'));
    const linked = { page: third, status: () => third.evaluate(() => window.bottleneck).catch(() => null) };
    await waitFor(linked, (s) => s.ready && s.model === 'deep' && s.runs === 1 && s.run_list[0].kept && s.widgets.run_open_1,
                  60_000, 'the linked model, and the kept run in the table');
    await clickWidget(linked, 'run_open_1');
    const kept = await waitFor(linked, (s) => s.has_model && s.run_list[0].live, 10_000, 'the kept run reopened');
    assert.deepEqual(kept.test_losses, back.test_losses);
  } finally {
    await ctx.close();
  }
});
