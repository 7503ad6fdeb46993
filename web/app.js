// The page's JavaScript: hands MNIST to the wasm app and mirrors its state for tests and screen
// readers. It fetches the gzipped idx files from data/ (same origin) with a progress read-out,
// unpacks them with DecompressionStream, and copies the bytes into wasm memory.
// window.bottleneck is read-only status (ready, state, epoch, step, losses, samples/s, fps,
// widget rectangles); tests act through real input events, never through it.
'use strict';

const files = [
  // [which, path, approximate gzipped size for the progress bar before Content-Length arrives]
  [0, 'data/train-images-idx3-ubyte.gz', 9.9e6],
  [1, 'data/train-labels-idx1-ubyte.gz', 29e3],
  [2, 'data/t10k-images-idx3-ubyte.gz', 1.65e6],
  [3, 'data/t10k-labels-idx1-ubyte.gz', 5e3],
];

window.bottleneck = { ready: false, state: 'loading' };

function showFatal(text) {
  const el = document.getElementById('fatal');
  el.textContent = text;
  el.classList.add('shown');
}

const canvas = document.getElementById('canvas');
canvas.addEventListener('webglcontextlost', (e) => {
  e.preventDefault();
  showFatal('The graphics context was lost. Reload the page to continue.');
});

var Module = {
  canvas,
  print: (t) => console.log(t),
  printErr: (t) => console.warn(t),
  onAbort: (what) => showFatal('Bottleneck stopped: ' + what + '. Reload the page.'),
};

// Threads need shared memory, which the browser gives only to a cross-origin-isolated page
// (served with COOP/COEP, as `npm start` does). Elsewhere the one-thread build trains in slices
// of each frame instead.
const threaded = self.crossOriginIsolated === true && typeof SharedArrayBuffer === 'function';
{
  const script = document.createElement('script');
  script.src = threaded ? 'bottleneck_web_mt.js' : 'bottleneck_web.js';
  script.async = true;
  script.onerror = () => showFatal(`Could not load ${script.src}; is the page built (npm start)?`);
  document.body.appendChild(script);
}

// Fetches one gzipped file, reporting compressed bytes received, and returns the unpacked bytes.
async function fetchGz(path, onBytes) {
  const res = await fetch(path);
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}; is the data built (npm start)?`);
  const counted = res.body.pipeThrough(new TransformStream({
    transform(chunk, ctl) { onBytes(chunk.byteLength); ctl.enqueue(chunk); },
  }));
  const unpacked = counted.pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(unpacked).arrayBuffer());
}

// The exports exist as JS wrappers before the module is instantiated; call them only after this.
let appReady = false;
const runtimeReady = new Promise((resolve) => { Module.onAppReady = () => { appReady = true; resolve(); }; });

async function loadData() {
  const total = files.reduce((s, f) => s + f[2], 0);
  let received = 0;
  const progress = (what) => appReady && withString(what, (p) => Module._bn_data_progress(Math.min(1, received / total), p));
  const fetched = files.map(([which, path]) => fetchGz(path, (n) => { received += n; }).then((bytes) => [which, path, bytes]));
  const timer = setInterval(() => progress(`downloading MNIST ${(received / 1e6).toFixed(1)} MB`), 100);
  try {
    const results = await Promise.all(fetched);
    await runtimeReady;
    for (const [which, path, bytes] of results) {
      const ptr = Module._bn_alloc(bytes.length);
      if (!ptr) throw new Error(`${path}: out of memory for ${bytes.length} bytes`);
      Module.HEAPU8.set(bytes, ptr);
      const err = Module._bn_load_idx(which, ptr, bytes.length);
      if (err) throw new Error(Module.UTF8ToString(err));
    }
    received = total;
    progress('MNIST ready');
  } finally {
    clearInterval(timer);
  }
}

function withString(text, fn) {
  const len = text.length * 3 + 1;
  const ptr = Module._bn_alloc(len);
  Module.stringToUTF8(text, ptr, len);
  fn(ptr);
  Module._free(ptr);
}

let spoken = '';
function pollStatus() {
  if (appReady) {
    const s = JSON.parse(Module.UTF8ToString(Module._bn_status_json()));
    window.bottleneck = Object.freeze(s);
    if (s.link && location.hash !== '#' + s.link) history.replaceState(null, '', '#' + s.link);
    const tests = s.test_losses || [];
    const text = s.message ? s.message
      : s.state === 'training' || s.state === 'paused' || s.state === 'finished'
        ? `${s.state}: epoch ${s.epoch}, loss ${Number(s.loss).toFixed(4)}` + (tests.length ? `, test loss ${Number(tests[tests.length - 1]).toFixed(4)}` : '')
        : s.ready ? 'MNIST loaded; press Start to train' : 'loading MNIST';
    if (text !== spoken) {
      document.getElementById('status').textContent = text;
      spoken = text;
    }
  }
  setTimeout(pollStatus, 100);
}

loadData().catch((e) => {
  console.error(e);
  runtimeReady.then(() => withString('Could not load MNIST: ' + e.message, (p) => Module._bn_data_error(p)));
});
// The URL's fragment is the link to a run (model, settings, seed): applied once, then kept in step
// with the page so the address bar can be copied at any time.
runtimeReady.then(() => {
  const hash = decodeURIComponent(location.hash.replace(/^#/, ''));
  if (hash) withString(hash, (p) => Module._bn_apply_link(p));
  pollStatus();
});
