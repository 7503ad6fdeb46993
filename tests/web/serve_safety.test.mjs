// The page's server (web/serve.mjs) under bad requests: a malformed path or request gets a 400 and
// the server goes on; only GET and HEAD; only the page's own files (not the build tree beside
// them); no symbolic link out of the root; a FIFO is refused, not waited on; nosniff everywhere;
// a Content-Security-Policy on the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '../../web/serve.mjs';

async function get(port, path, method = 'GET') {
  const r = await fetch(`http://127.0.0.1:${port}${path}`, { method });
  return { status: r.status, headers: r.headers, body: method === 'HEAD' ? '' : await r.text() };
}

function raw(port, text) {
  return new Promise((ok, fail) => {
    const s = connect(port, '127.0.0.1', () => s.write(text));
    let got = '';
    s.on('data', (d) => { got += d; });
    s.on('end', () => ok(got));
    s.on('error', fail);
  });
}

test('bad requests are refused and the server goes on; only the page is served', async () => {
  const root = mkdtempSync(join(tmpdir(), 'bn-serve-'));
  const outside = mkdtempSync(join(tmpdir(), 'bn-outside-'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>t</title><script>window.x = 1;</script>');
  writeFileSync(join(root, 'bottleneck_web.wasm'), Buffer.from([0, 97, 115, 109]));
  writeFileSync(join(root, 'CMakeCache.txt'), 'CMAKE_HOME_DIRECTORY=/secret');
  writeFileSync(join(root, 'libbn_core.a'), '!<arch>');
  mkdirSync(join(root, 'fonts'));
  writeFileSync(join(outside, 'secret.js'), 'secret');
  symlinkSync(join(outside, 'secret.js'), join(root, 'app.js'));
  symlinkSync(outside, join(root, 'data'));
  execFileSync('mkfifo', [join(root, 'fonts', 'ui.ttf.gz')]);
  const server = await serve(root, 0);
  const port = server.address().port;
  try {
    assert.equal((await get(port, '/%E0%A4%A')).status, 400);
    assert.equal((await get(port, '/')).status, 200, 'still serving after a malformed path');
    assert.match(await raw(port, 'GARBAGE\r\n\r\n'), /^HTTP\/1\.1 400/);
    const index = await get(port, '/');
    assert.equal(index.status, 200, 'still serving after a malformed request');
    assert.equal(index.headers.get('x-content-type-options'), 'nosniff');
    // The page runs its own scripts (the inline one by its hash) and WebAssembly, nothing else.
    const csp = index.headers.get('content-security-policy') || '';
    const inline = createHash('sha256').update('window.x = 1;').digest('base64');
    assert.match(csp, /default-src 'self'/);
    assert.ok(csp.includes(`script-src 'self' 'wasm-unsafe-eval' 'sha256-${inline}'`), csp);
    assert.match(csp, /object-src 'none'.*frame-ancestors 'none'/);
    for (const m of ['POST', 'PUT', 'DELETE']) {
      const r = await get(port, '/', m);
      assert.equal(r.status, 405, m);
      assert.equal(r.headers.get('allow'), 'GET, HEAD');
    }
    assert.equal((await get(port, '/', 'HEAD')).status, 200);
    const wasm = await get(port, '/bottleneck_web.wasm');
    assert.equal(wasm.headers.get('content-type'), 'application/wasm');
    for (const p of ['/CMakeCache.txt', '/libbn_core.a', '/app.js', '/data/secret.js', '/../../etc/hostname'])
      assert.ok([403, 404].includes((await get(port, p)).status), `${p} is not served`);
    assert.equal((await get(port, '/fonts/ui.ttf.gz')).status, 404, 'a FIFO is refused, not waited on');
    assert.equal((await get(port, '/')).status, 200, 'and the server is still there');
  } finally {
    server.close();
  }
});

// Many clients at once on loopback: every request is answered, in bounded time, and the server
// answers the next one after.
test('1,000 concurrent requests are all answered', { timeout: 60_000 }, async () => {
  const root = mkdtempSync(join(tmpdir(), 'bn-serve-'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(root, 'bottleneck_web.wasm'), Buffer.alloc(256 << 10, 7));
  const server = await serve(root, 0);
  const port = server.address().port;
  try {
    const paths = Array.from({ length: 1000 }, (_, i) => (i % 2 ? '/' : '/bottleneck_web.wasm'));
    const t0 = performance.now();
    const got = await Promise.all(paths.map((p) => get(port, p)));
    const seconds = (performance.now() - t0) / 1000;
    console.log(`1000 concurrent requests answered in ${seconds.toFixed(1)} s`);
    assert.deepEqual(got.filter((r) => r.status !== 200), []);
    assert.ok(got.filter((r, i) => i % 2 === 0).every((r) => r.body.length === 256 << 10));
    assert.equal((await get(port, '/')).status, 200, 'and the server is still there');
  } finally {
    server.close();
  }
});
