// The page's JavaScript: hands MNIST (or Fashion-MNIST) to the wasm app and mirrors its state for
// tests and screen readers. It fetches the gzipped idx files from data/ (same origin) with a progress read-out,
// unpacks them with DecompressionStream, and copies the bytes into wasm memory.
// window.bottleneck is read-only status (ready, state, epoch, step, losses, samples/s, fps,
// widget rectangles); tests act through real input events, never through it.
'use strict';

// The datasets, by their index in the app: the gzipped idx files under `dir` (same origin), in
// the order the app takes them, with approximate sizes for the progress bar before
// Content-Length arrives. Fashion-MNIST is fetched only when chosen.
const idxFiles = ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz',
                  't10k-labels-idx1-ubyte.gz'];
const datasets = [
  { title: 'MNIST', dir: 'data', sizes: [9.9e6, 29e3, 1.65e6, 5e3] },
  { title: 'Fashion-MNIST', dir: 'data/fashion', sizes: [26.4e6, 29e3, 4.4e6, 5e3] },
];

window.bottleneck = { ready: false, state: 'loading' };
// What the browser has finished keeping (IndexedDB): the live model's weights version and epochs,
// the number of runs; read by tests before they reload or close the tab.
window.bottleneckSaved = {};

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

// Keyboard focus in and out of the canvas, as for any control of a web page: Tab past the last
// control (Shift-Tab before the first) leaves the canvas for the browser's next stop, and a Tab
// that brings the focus back to the canvas lands on the first (last) control. SDL keeps every
// key it sees, so this listener asks the app first, in the capture phase, before SDL's.
let lastTab = { at: 0, back: false }, quietFocusAt = 0;
const focusCanvas = () => {
  quietFocusAt = performance.now();  // not a keyboard entry: the focus handler leaves it alone
  canvas.focus({ preventScroll: true });
};
window.addEventListener('keydown', (e) => {
  if (e.key !== 'Tab' || e.ctrlKey || e.altKey || e.metaKey || !Module._bn_tab_leaves) return;
  lastTab = { at: performance.now(), back: e.shiftKey };
  if (document.activeElement !== canvas) {
    // Coming back from elsewhere in the page: the canvas takes the focus and the first (last)
    // control the app's.
    e.preventDefault();
    e.stopImmediatePropagation();
    focusCanvas();
    Module._bn_tab_enter(e.shiftKey ? 1 : 0);
  } else if (Module._bn_tab_leaves(e.shiftKey ? 1 : 0)) {
    e.stopImmediatePropagation();  // SDL never sees it; the browser moves its focus on
  }
}, true);
// A click or tap gives the canvas the browser's focus, so the next Tab starts from it.
canvas.addEventListener('pointerdown', focusCanvas, true);
// Back from outside the page (the address bar): no key event reached the page.
canvas.addEventListener('focus', () => {
  const now = performance.now();
  if (!Module._bn_tab_enter || now - quietFocusAt < 500) return;
  Module._bn_tab_enter(now - lastTab.at < 500 && lastTab.back ? 1 : 0);
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

let loading = 0;  // the newest load; an older one still downloading is dropped when it ends
async function loadData(index) {
  const set = datasets[index], token = ++loading;
  const total = set.sizes.reduce((a, b) => a + b, 0);
  let received = 0;
  const progress = (what) => appReady && token === loading &&
    withString(what, (p) => Module._bn_data_progress(Math.min(1, received / total), p));
  const fetched = idxFiles.map((f, which) =>
    fetchGz(`${set.dir}/${f}`, (n) => { received += n; }).then((bytes) => [which, `${set.dir}/${f}`, bytes]));
  await runtimeReady;
  Module._bn_data_begin(index);
  const timer = setInterval(() => progress(`downloading ${set.title} ${(received / 1e6).toFixed(1)} MB`), 100);
  try {
    const results = await Promise.all(fetched);
    if (token !== loading) return;
    for (const [which, path, bytes] of results) {
      const ptr = copyIn(bytes);
      if (!ptr) throw new Error(`${path}: out of memory for ${bytes.length} bytes`);
      const err = Module._bn_load_idx(which, ptr, bytes.length);
      if (err) throw new Error(Module.UTF8ToString(err));
    }
    received = total;
    progress(`${set.title} ready`);
  } catch (e) {
    console.error(e);
    if (token === loading) withString(`Could not load ${set.title}: ${e.message}`, (p) => Module._bn_data_error(p));
  } finally {
    clearInterval(timer);
  }
}
Module.loadDataset = (index) => loadData(index);

// Copies bytes into wasm memory for an export that takes them over (and frees them); 0 when
// memory ran out.
function copyIn(bytes) {
  const ptr = Module._bn_alloc(bytes.length);
  if (ptr) Module.HEAPU8.set(bytes, ptr);
  return ptr;
}

function withString(text, fn) {
  const len = text.length * 3 + 1;
  const ptr = Module._bn_alloc(len);
  Module.stringToUTF8(text, ptr, len);
  fn(ptr);
  Module._free(ptr);
}

// The read-out: the state, or the latest notice (a refused link or file, a model opened) when
// nothing trains; a new notice is read out over a run's state too, until that state changes.
let spoken = '', focusSpoken = '', noticeSeen = '', noticeState = null;
function pollStatus() {
  if (appReady) {
    const s = JSON.parse(Module.UTF8ToString(Module._bn_status_json()));
    window.bottleneck = Object.freeze(s);
    if (s.link && location.hash !== '#' + s.link) history.replaceState(null, '', '#' + s.link);
    autosave.step(s);
    const tests = s.test_losses || [];
    const data = s.dataset === 1 ? 'Fashion-MNIST' : 'MNIST';
    const state = s.message ? s.message
      : s.model_error ? `The model cannot be built: ${s.model_error}`
      : s.state === 'training' || s.state === 'paused' || s.state === 'finished'
        ? `${s.state}: epoch ${s.epoch}, loss ${Number(s.loss).toFixed(4)}` + (tests.length ? `, test loss ${Number(tests[tests.length - 1]).toFixed(4)}` : '')
        : s.notice ? s.notice
        : s.ready ? `${data} loaded; press Start (or space) to train the ${s.model} model` : `loading ${data}`;
    if (s.notice !== noticeSeen) { noticeSeen = s.notice; noticeState = s.notice ? state : null; }
    const text = noticeState === state ? s.notice : state;
    if (text !== spoken) {
      document.getElementById('status').textContent = text;
      spoken = text;
    }
    if ((s.focus || '') !== focusSpoken) {
      focusSpoken = s.focus || '';
      document.getElementById('focus').textContent = focusSpoken;
    }
  }
  setTimeout(pollStatus, 100);
}

// The UI font (DejaVu Sans), rasterised by the app for the screen's density; until it arrives
// (or if it cannot) ImGui's built-in font is used.
fetchGz('fonts/ui.ttf.gz', () => {}).then(async (bytes) => {
  await runtimeReady;
  const ptr = copyIn(bytes);
  if (ptr) Module._bn_set_font(ptr, bytes.length);
}).catch((e) => console.warn('UI font: ' + e.message));

// The dataset a link names (d=fashion), else MNIST.
loadData(/(^|&)d=fashion(&|$)/.test(location.hash.replace(/^#/, '')) ? 1 : 0);
// The URL's fragment is the link to a run (model, settings, seed): applied once, then kept in step
// with the page so the address bar can be copied at any time.
// The first-visit introduction shows once per browser.
const kIntroKey = 'bottleneck.intro';
Module.introSeen = () => { try { localStorage.setItem(kIntroKey, 'seen'); } catch { /* private mode: shows again */ } };
runtimeReady.then(() => {
  focusCanvas();  // the page is the canvas: keys go there from the start
  try { if (localStorage.getItem(kIntroKey) === 'seen') Module._bn_intro_seen(); } catch { /* storage refused */ }
  // As the browser gives it: the app decodes its %-escapes and refuses a broken one with a message
  // (decodeURIComponent would throw here and stop the page).
  const hash = location.hash.replace(/^#/, '');
  if (hash) withString(hash, (p) => Module._bn_apply_link(p));
  pollStatus();
});

// --- Model files: download, upload (button or drop), and an autosave in IndexedDB -------------
const kMaxUpload = 64 << 20;  // a model file of any preset is a few MB
const notice = (text) => withString(text, (p) => Module._bn_notice(p));

Module.downloadBytes = (ptr, len, name) => {
  // slice() copies out of wasm memory (shared memory cannot back a Blob).
  const blob = new Blob([Module.HEAPU8.slice(ptr, ptr + len)], { type: 'application/octet-stream' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 30_000);
};

function loadModelBytes(bytes, what) {
  const ptr = copyIn(bytes);
  if (!ptr) { notice(`Could not open ${what}: its ${bytes.length} bytes do not fit in the page's memory; reload the page and open it first`); return; }
  withString(what, (p) => Module._bn_model_load(ptr, bytes.length, p));
}

// Refused here, before any bytes are read: a file too big to be a model, several files at once.
// What is read is checked by the app (model_file.cpp), which names what is wrong with it.
async function loadModelFiles(files) {
  if (!appReady) return;  // the page is still starting; nothing is there to load into
  if (files.length !== 1) {
    notice(`${files.length} files were dropped; open one model file (.bnm) at a time`);
    return;
  }
  const file = files[0];
  if (file.size > kMaxUpload) {
    notice(`Could not open ${file.name}: it is ${(file.size / 1e6).toFixed(1)} MB, more than any model file ` +
           `(the limit is ${kMaxUpload >> 20} MB); choose a .bnm file saved by Bottleneck`);
    return;
  }
  let bytes;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch (e) {
    // A folder, a file removed or changed since it was chosen, a file the browser may not read.
    notice(`Could not read ${file.name} (${e.name}): is it a folder, or was it moved or changed? choose the .bnm file again`);
    return;
  }
  loadModelBytes(bytes, file.name);
}

Module.openUpload = () => {
  const input = document.createElement('input');
  input.type = 'file';
  input.accept = '.bnm';
  input.onchange = () => { if (input.files.length) loadModelFiles(input.files); };
  input.click();
};
canvas.addEventListener('dragover', (e) => e.preventDefault());
canvas.addEventListener('drop', (e) => {
  e.preventDefault();
  const files = e.dataTransfer ? e.dataTransfer.files : [];
  if (files.length) loadModelFiles(files);
});

// What this browser keeps across a reload or a closed tab (IndexedDB): the live model (store
// 'models', key 'last': at rest whenever its weights changed; while training, as of the end of
// each epoch, which the app keeps for this), the runs table (store 'runs', key 'index') and each
// kept run's model (key 'model:<id>'), saved when a run is added, grows (once an epoch), is put
// away or deleted. When the page is hidden (a tab switched or closed, the phone locked) both are
// written at once: the browser may never run the page again.
const copyOut = (ptr, len) => Module.HEAPU8.slice(ptr, ptr + len);
const autosave = {
  db: null, key: '', restored: false, runsSig: '', stored: new Map(),
  open() {
    return new Promise((ok) => {
      try {
        const req = indexedDB.open('bottleneck', 2);
        req.onupgradeneeded = () => {
          const db = req.result;
          if (!db.objectStoreNames.contains('models')) db.createObjectStore('models');
          if (!db.objectStoreNames.contains('runs')) db.createObjectStore('runs');
        };
        req.onsuccess = () => ok(req.result);
        req.onerror = () => ok(null);  // private windows may refuse: the page works without it
      } catch { ok(null); }
    });
  },
  step(s) {
    if (!this.db || !s.ready) return;
    if (!this.restored) return this.restore(s);
    this.saveLive(s);
    this.saveRuns(s);
  },
  // Now, from the app's latest state: the page is being hidden or closed.
  flush() {
    if (appReady) this.step(JSON.parse(Module.UTF8ToString(Module._bn_status_json())));
  },
  saveLive(s) {
    if (!s.has_model) return;
    const epochs = (s.test_losses || []).length;
    const key = s.state === 'training' ? `epoch ${epochs}` : `weights ${s.weights_version}`;
    if (key === this.key) return;
    const ptr = Module._bn_model_save(), len = Module._bn_model_save_size();
    if (!len) return;  // training, and no epoch of this run has ended yet: what was kept stays
    const live = (s.run_list || []).find((r) => r.live);
    const record = { bytes: copyOut(ptr, len), link: s.link, saved: Date.now(), run: live ? live.id : 0 };
    this.key = key;
    const tx = this.db.transaction('models', 'readwrite');
    tx.objectStore('models').put(record, 'last');
    const version = s.weights_version;
    tx.oncomplete = () => { window.bottleneckSaved = { ...window.bottleneckSaved, live: version, epochs }; };
  },
  saveRuns(s) {
    const runs = s.run_list || [];
    const sig = JSON.stringify(runs.map((r) => [r.id, r.epochs, r.kept, r.visible, r.live]));
    if (sig === this.runsSig) return;  // while training: once an epoch at most (a run's epochs change)
    const tx = this.db.transaction('runs', 'readwrite');
    const store = tx.objectStore('runs');
    tx.oncomplete = () => { window.bottleneckSaved = { ...window.bottleneckSaved, runs: runs.length }; };
    const ptr = Module._bn_runs_save();
    store.put(copyOut(ptr, Module._bn_bytes_size()), 'index');
    for (const r of runs) {
      if (!r.kept || this.stored.get(r.id) === r.epochs) continue;
      const m = Module._bn_run_model(r.id), len = Module._bn_bytes_size();
      if (len) store.put(copyOut(m, len), `model:${r.id}`), this.stored.set(r.id, r.epochs);
    }
    for (const id of [...this.stored.keys()])
      if (!runs.some((r) => r.id === id)) store.delete(`model:${id}`), this.stored.delete(id);
    this.runsSig = sig;
  },
  restore(s) {
    this.restored = true;
    const tx = this.db.transaction(['runs', 'models']);
    const index = tx.objectStore('runs').get('index');
    const models = tx.objectStore('runs').getAll(IDBKeyRange.bound('model:', 'model:\uffff'));
    const keys = tx.objectStore('runs').getAllKeys(IDBKeyRange.bound('model:', 'model:\uffff'));
    const last = tx.objectStore('models').get('last');
    tx.oncomplete = () => {
      const hash = location.hash.replace(/^#/, '');
      // A link to another run wins over what this browser kept.
      const linked = initialHash && last.result && last.result.link !== initialHash && hash === initialHash;
      let restored = false;
      if (index.result && !s.has_model && s.runs === 0) {
        const err = Module._bn_runs_restore(copyIn(index.result), index.result.length);
        restored = !err;
        if (err) console.warn(Module.UTF8ToString(err));
      }
      if (restored)
        keys.result.forEach((key, i) => {
          const id = Number(String(key).slice(6)), bytes = models.result[i];
          const ptr = copyIn(bytes);
          if (ptr) Module._bn_run_attach(id, ptr, bytes.length, 0), this.stored.set(id, -1);
        });
      const r = last.result;
      if (!r || s.has_model) return;
      // Its run, when the runs table kept it: opened, or under a link to another model kept in
      // the table to open from there. Else (a tab closed before the table was written) as a
      // model of its own, even under such a link: never dropped.
      const ptr = restored && r.run ? copyIn(r.bytes) : 0;
      if (!ptr || !Module._bn_run_attach(r.run, ptr, r.bytes.length, linked ? 0 : 1))
        loadModelBytes(r.bytes, `your last model (saved in this browser ${new Date(r.saved).toLocaleString()})`);
    };
  },
};
const initialHash = location.hash.replace(/^#/, '');
autosave.open().then((db) => { autosave.db = db; });
// A link typed or pasted into the address bar of the open page: read as on arrival (the page's
// own replaceState fires no hashchange).
window.addEventListener('hashchange', () => {
  const hash = location.hash.replace(/^#/, '');
  if (appReady && hash && hash !== window.bottleneck.link) withString(hash, (p) => Module._bn_apply_link(p));
});
document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'hidden') autosave.flush(); });
window.addEventListener('pagehide', () => autosave.flush());
