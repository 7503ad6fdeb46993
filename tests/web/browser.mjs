// Shared by the browser tests: serve build/web on a free port, launch Debian's Chromium headless
// through playwright-core (never a downloaded browser), and collect console errors.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { serve } from '../../web/serve.mjs';

export const webDir = resolve(process.env.BN_WEB_DIR || 'build/web');
export const shotsDir = resolve('build/screenshots');

// `intro`: show the first-visit introduction (a fresh browser); other tests start as a browser
// that has seen it.
export async function openPage({ width = 1280, height = 800, scale = 1, hasTouch = false, isolate = true, hash = '',
                                 query = '', intro = false } = {}) {
  const server = await serve(webDir, 0, '127.0.0.1', { isolate });
  const browser = await chromium.launch({
    executablePath: process.env.BN_CHROMIUM || '/usr/bin/chromium',
    args: ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--use-gl=angle', '--use-angle=swiftshader',
           '--enable-unsafe-swiftshader'],
  });
  // A context of its own, so a test can open a second page in it (the same browser storage).
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: scale, hasTouch });
  if (!intro) await context.addInitScript(() => localStorage.setItem('bottleneck.intro', 'seen'));
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`http://127.0.0.1:${server.address().port}/${query}${hash}`);
  mkdirSync(shotsDir, { recursive: true });
  return {
    page, errors, context,
    // Null while the page navigates (the service worker's reload on a plain host).
    status: () => page.evaluate(() => window.bottleneck).catch(() => null),
    async close() { await browser.close(); server.close(); },
  };
}

// Polls window.bottleneck until `pred(status)` holds; fails with the last status after `ms`.
export async function waitFor(ctx, pred, ms, what) {
  const until = Date.now() + ms;
  let s;
  while (Date.now() < until) {
    s = await ctx.status();
    if (s && pred(s)) return s;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}; last status: ${JSON.stringify(s)}`);
}

// Clicks the centre of a named widget with a real mouse event.
// The rect must hold still over two frames first: a table that has just appeared (after a reload,
// say) still fits its columns for a frame or two, and a click on the first rect read can land on
// the next column (seen in CI: the open button's click toggled the run's checkbox).
export async function clickWidget(ctx, name) {
  let s, r, before;
  for (let tries = 0; tries < 30; ++tries) {
    s = await ctx.status();
    r = s && s.widgets && s.widgets[name];
    if (r && before && r.join() === before.join()) break;
    before = r;
    await nextFrames(ctx);
  }
  if (!r) throw new Error(`widget '${name}' not on screen; status: ${JSON.stringify(s)}`);
  const box = await ctx.page.locator('#canvas').boundingBox();
  await ctx.page.mouse.click(box.x + r[0] + r[2] / 2, box.y + r[1] + r[3] / 2);
  await nextFrames(ctx);
}

// Clicks a text field, selects what it holds and types `text` (not yet taken: Enter or leaving
// the field takes it).
export async function typeInto(ctx, name, text) {
  await clickWidget(ctx, name);
  await ctx.page.keyboard.press('Control+A');
  await ctx.page.keyboard.type(text);
}

// Two animation frames: the app has read the input sent before (ImGui 1.86 reads one button state
// a frame, so a release and the next press in one frame would merge into one long press).
export const nextFrames = (ctx) =>
  ctx.page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))).catch(() => {});
