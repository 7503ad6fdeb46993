// A soak: 20 epochs of training in the page, with memory sampled at every epoch's end: the wasm
// memory, the bytes in use on its malloc heap (wasm memory never shrinks, so only this shows a
// leak inside it), and the JS heap. After the first epochs (buffers sized, views built) none of
// them may grow; the figures are printed for the record.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, waitFor, clickWidget } from './browser.mjs';

const MB = 1 << 20;

test('20 epochs in the page keep memory flat', { timeout: 290_000 }, async () => {
  const ctx = await openPage({ hash: '#m=shallow&o=adam&lr=0.001&b=256&e=20&s=0' });
  try {
    await waitFor(ctx, (s) => s.ready && s.widgets && s.widgets.start, 60_000, 'the page');
    const t0 = Date.now();
    await clickWidget(ctx, 'start');
    const samples = [];
    for (let epoch = 1; epoch <= 20; ++epoch) {
      const s = await waitFor(ctx, (st) => (st.test_losses || []).length >= epoch, 120_000, `epoch ${epoch}`);
      const m = await ctx.page.evaluate(() => ({
        wasm: Module.HEAPU8.length, heap: Module._bn_heap_bytes(), js: performance.memory.usedJSHeapSize,
      }));
      samples.push({ epoch, loss: s.test_losses[epoch - 1], ...m });
    }
    const seconds = (Date.now() - t0) / 1000;
    for (const x of samples)
      console.log(`epoch ${x.epoch}: test loss ${x.loss.toFixed(4)}, wasm ${(x.wasm / MB).toFixed(1)} MB, ` +
                  `malloc heap ${(x.heap / MB).toFixed(2)} MB, JS heap ${(x.js / MB).toFixed(2)} MB`);
    console.log(`20 epochs in ${seconds.toFixed(0)} s`);
    const third = samples[2], last = samples[19];
    assert.equal(last.wasm, third.wasm, 'the wasm memory grew after epoch 3');
    assert.ok(last.heap - third.heap < 1 * MB, `malloc heap grew ${((last.heap - third.heap) / MB).toFixed(2)} MB after epoch 3`);
    assert.ok(last.js - third.js < 8 * MB, `JS heap grew ${((last.js - third.js) / MB).toFixed(2)} MB after epoch 3`);
    assert.ok(last.loss < samples[0].loss, 'the model learned');
    assert.deepEqual(ctx.errors, []);
  } finally {
    await ctx.close();
  }
});
