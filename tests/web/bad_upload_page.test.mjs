// Bad model files opened in the page, after a model has trained: each is refused with what was
// wrong, in the page and the read-out, and the trained model stays exactly as it was. A file too
// big to be a model is refused before it is read; so are several files dropped at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPage, waitFor, clickWidget, shotsDir } from './browser.mjs';

const cases = [
  { name: 'empty.bnm', buffer: Buffer.alloc(0), says: /empty \(0 bytes\)/ },
  { name: 'notes.txt', buffer: Buffer.from('these are my notes, not a model\n'.repeat(4)),
    says: /not a Bottleneck model file; choose a \.bnm file/ },
  { name: 'model.json', buffer: Buffer.from('{"layers": []}'), says: /JSON model description/ },
  // Sparse, on disk: the browser knows its size without anyone reading it.
  { name: 'huge.bnm', size: 65 << 20, says: /68\.2 MB, more than any model file \(the limit is 64 MB\)/ },
];

function chosen(c) {
  if (c.buffer) return { name: c.name, mimeType: 'application/octet-stream', buffer: c.buffer };
  const path = join(mkdtempSync(join(tmpdir(), 'bn-upload-')), c.name);
  writeFileSync(path, '');
  truncateSync(path, c.size);
  return path;
}

test('bad uploads are refused and the trained model stays', { timeout: 240_000 }, async () => {
  const ctx = await openPage({ hash: '#m=shallow&o=adam&lr=0.001&b=256&e=1&s=0' });
  try {
    await waitFor(ctx, (s) => s.ready && s.widgets && s.widgets.start, 60_000, 'the page');
    await clickWidget(ctx, 'start');
    const trained = await waitFor(ctx, (s) => s.state === 'finished', 120_000, 'one epoch');
    // A saved model cut short: what an interrupted download leaves.
    const [download] = await Promise.all([ctx.page.waitForEvent('download'), clickWidget(ctx, 'download')]);
    const whole = readFileSync(await download.path());
    cases.push({ name: 'cut.bnm', buffer: whole.subarray(0, whole.length >> 1), says: /it is truncated/ });

    for (const c of cases) {
      const [chooser] = await Promise.all([ctx.page.waitForEvent('filechooser'), clickWidget(ctx, 'upload')]);
      await chooser.setFiles(chosen(c));
      const s = await waitFor(ctx, (st) => st.notice.includes(c.name), 20_000, `the refusal of ${c.name}`);
      assert.match(s.notice, new RegExp(`^Could not open ${c.name.replace('.', '\\.')}`));
      assert.match(s.notice, c.says);
      assert.ok(!s.notice.includes(`${c.name}: ${c.name}`), `the file named once: ${s.notice}`);
      await ctx.page.waitForFunction((m) => document.getElementById('status').textContent === m, s.notice, { timeout: 5_000 });
      assert.equal(s.weights_version, trained.weights_version, `${c.name} changed the model`);
      assert.deepEqual(s.test_losses, trained.test_losses);
      assert.equal(s.runs, trained.runs);
    }
    await ctx.page.screenshot({ path: join(shotsDir, 'bad-upload.png') });

    // Two files dropped on the canvas at once.
    await ctx.page.evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['a'], 'a.bnm'));
      dt.items.add(new File(['b'], 'b.bnm'));
      document.getElementById('canvas').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    const s = await waitFor(ctx, (st) => /files were dropped/.test(st.notice), 10_000, 'the refusal of two files');
    assert.equal(s.notice, '2 files were dropped; open one model file (.bnm) at a time');
    assert.equal(s.weights_version, trained.weights_version);

    // The page still works: the whole file opens.
    const [chooser] = await Promise.all([ctx.page.waitForEvent('filechooser'), clickWidget(ctx, 'upload')]);
    await chooser.setFiles({ name: 'whole.bnm', mimeType: 'application/octet-stream', buffer: whole });
    const opened = await waitFor(ctx, (st) => /^Opened whole\.bnm/.test(st.notice), 20_000, 'the whole file');
    assert.deepEqual(opened.test_losses, trained.test_losses);
    assert.deepEqual(ctx.errors, []);
  } finally {
    await ctx.close();
  }
});
