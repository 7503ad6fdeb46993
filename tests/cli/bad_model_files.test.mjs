// Bad model files and .npz weights against every CLI command that loads them (node:test; BN_CLI
// names the command, as in cli.test.mjs, so ctest runs this natively and with the wasm CLI).
// Each bad file is a good one, trained and exported here, with bytes patched and its checksums
// recomputed, so what refuses it is the value check, not a CRC. For each file and command: a
// non-zero exit, one line on stderr that names the problem, and not one file in the folder
// changed, created or removed (the file itself, a model file the command was told to write).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const cli = (process.env.BN_CLI || 'build/native/bottleneck').split(' ');
const root = mkdtempSync(join(tmpdir(), 'bn-bad-files-'));
after(() => rmSync(root, { recursive: true, force: true }));

function run(...args) {
  const r = spawnSync(cli[0], [...cli.slice(1), ...args], { encoding: 'utf8', timeout: 600_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// CRC-32 (zip's and the model file's), written out so the test does not depend on the Node version.
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

// ---- model files: where things are (the table at the top of src/core/model/model_file.cpp) ----

function bnmLayout(b) {
  const l = { params: {}, slots: [], records: [] };
  let at = 20;
  at += 4 + b.readUInt32LE(at);  // the model description
  const count = b.readUInt32LE(at);
  at += 4;
  for (let i = 0; i < count; i++) {
    const len = b.readUInt32LE(at);
    const name = b.toString('latin1', at + 4, at + 4 + len);
    at += 4 + len;
    const rank = b[at++];
    let n = 1;
    for (let d = 0; d < rank; d++, at += 4) n *= b.readUInt32LE(at);
    l.params[name] = at;
    at += 4 * n;
  }
  l.optFlag = at++;
  l.optKind = at++;
  l.optLr = at;
  l.optSteps = at + 4;
  at += 12;
  const slots = b.readUInt32LE(at);
  at += 4;
  for (let i = 0; i < slots; i++) {
    const n = b.readUInt32LE(at);
    l.slots.push({ size: at, data: at + 4 });
    at += 4 + 4 * n;
  }
  const epochs = b.readUInt32LE(at);
  at += 4;
  for (let i = 0; i < epochs; i++) {
    l.records.push(at);
    at += 4 + 4 * 8 + 10 * 8;
    at += 4 + b.readUInt32LE(at) + 8;  // warning, steps
  }
  l.curve = at;
  const points = b.readUInt32LE(at + 4);
  l.curveY = at + 8 + 4 * points;
  assert.equal(l.curveY + 4 * points + 4, b.length, 'walked the whole model file');
  return l;
}

function reseal(b) {
  b.writeBigUInt64LE(BigInt(b.length), 12);
  b.writeUInt32LE(crc32(b.subarray(0, b.length - 4)), b.length - 4);
  return b;
}

// ---- .npz: each entry's float data, and its CRC fields in the local header and the directory ----

function npzEntries(b) {
  const end = b.length - 22;
  assert.equal(b.readUInt32LE(end), 0x06054b50);
  const entries = {};
  let at = b.readUInt32LE(end + 16);
  for (let i = 0; i < b.readUInt16LE(end + 10); i++) {
    const nameLen = b.readUInt16LE(at + 28), skip = b.readUInt16LE(at + 30) + b.readUInt16LE(at + 32);
    const name = b.toString('utf8', at + 46, at + 46 + nameLen).replace(/\.npy$/, '');
    const local = b.readUInt32LE(at + 42), size = b.readUInt32LE(at + 20);
    const npy = local + 30 + b.readUInt16LE(local + 26) + b.readUInt16LE(local + 28);
    entries[name] = { central: at, local, npy, size, floats: npy + 10 + b.readUInt16LE(npy + 8) };
    at += 46 + nameLen + skip;
  }
  return entries;
}

function npzSetFloat(b, name, index, value) {
  const e = npzEntries(b)[name];
  b.writeFloatLE(value, e.floats + 4 * index);
  const crc = crc32(b.subarray(e.npy, e.npy + e.size));
  b.writeUInt32LE(crc, e.local + 14);
  b.writeUInt32LE(crc, e.central + 16);
  return b;
}

// ---- the good files, made once --------------------------------------------------------------

let goodBnm, goodNpz, layout;
before(() => {
  const dir = join(root, 'good');
  mkdirSync(dir);
  const bnm = join(dir, 'good.bnm'), npz = join(dir, 'good.npz');
  let r = run('train', '--model', 'shallow', '--limit', '256', '--batch', '64', '--epochs', '2', '--save', bnm);
  assert.equal(r.code, 0, r.err);
  r = run('export', '--load', bnm, '--npz', npz);
  assert.equal(r.code, 0, r.err);
  goodBnm = readFileSync(bnm);
  goodNpz = readFileSync(npz);
  layout = bnmLayout(goodBnm);
});

function patchedBnm(patch) {
  const b = Buffer.from(goodBnm);
  patch(b, layout);
  return reseal(b);
}

// Slots are parameter-major: encoder/kernel's momentums and velocities (Adam), then encoder/bias's...
const kernelVelocities = () => layout.slots[1];

const bnmCases = [
  ['a NaN weight', (b, l) => b.writeFloatLE(NaN, l.params['encoder/kernel'] + 4 * 1234),
    /m\.bnm: parameter 'encoder\/kernel' holds NaN at index 1234 \(byte \d+\); the file is damaged or was saved from a diverged run; retrain or load an earlier save$/],
  ['an infinite weight', (b, l) => b.writeFloatLE(-Infinity, l.params['decoder/bias']),
    /m\.bnm: parameter 'decoder\/bias' holds -inf at index 0 \(byte \d+\); the file is damaged/],
  ['format version 0', (b) => b.writeUInt32LE(0, 8),
    /m\.bnm: format version 0 \(byte 8\) is not one Bottleneck writes \(1 to 2\); the file is damaged or was not written by Bottleneck$/],
  ['a newer format version', (b) => b.writeUInt32LE(9, 8),
    /m\.bnm: format version 9 is newer than this build reads \(2\); update Bottleneck to load it$/],
  ['an optimizer flag of 7', (b, l) => { b[l.optFlag] = 7; },
    /m\.bnm: the optimizer flag \(byte \d+\) is 7, where 0 \(no optimizer state\) or 1 is expected; the file is damaged$/],
  ['an unknown optimizer kind', (b, l) => { b[l.optKind] = 9; },
    /m\.bnm: the optimizer section \(byte \d+\): optimizer kind 9 is unknown to this build \(0 to 4\); the file is damaged or from a newer Bottleneck$/],
  ['a learning rate of -1', (b, l) => b.writeFloatLE(-1, l.optLr),
    /m\.bnm: the optimizer section \(byte \d+\): the learning rate -1 is outside \[1e-08, 1000\], the range a model description allows; the file is damaged$/],
  ['a NaN learning rate', (b, l) => b.writeFloatLE(NaN, l.optLr), /the learning rate NaN is outside \[1e-08, 1000\]/],
  ['a step count of 2^64 - 1', (b, l) => b.writeBigUInt64LE(2n ** 64n - 1n, l.optSteps),
    /m\.bnm: the optimizer section \(byte \d+\): the step count 18446744073709551615 is beyond 1099511627776 \(no run takes that many\); the file is damaged$/],
  ['a slot of the wrong size', (b) => b.writeUInt32LE(100, kernelVelocities().size),
    /m\.bnm: optimizer slot 'velocities' of 'encoder\/kernel' \(byte \d+\) holds 100 values where its parameter \(784, 32\) has 25088; the file is inconsistent$/],
  ['a NaN slot', (b) => b.writeFloatLE(NaN, kernelVelocities().data + 4 * 5),
    /m\.bnm: optimizer slot 'velocities' of 'encoder\/kernel' \(adam\) holds NaN at index 5 \(byte \d+\); the file is damaged or was saved from a diverged run/],
  ['a negative sum of squares in a slot', (b) => b.writeFloatLE(-0.5, kernelVelocities().data + 4 * 5),
    /holds -0\.5 at index 5 \(byte \d+\), but it sums squares and is never negative; the file is damaged; load an earlier save$/],
  ['a NaN training loss in the history', (b, l) => b.writeDoubleLE(NaN, l.records[1] + 4),
    /m\.bnm: the history \(byte \d+ on\), record 2 \(epoch 2\): train_loss is NaN, but a recorded epoch's training losses are finite/],
  ['history epochs out of order', (b, l) => b.writeUInt32LE(7, l.records[1]),
    /m\.bnm: the history \(byte \d+ on\), record 2 is numbered epoch 7, where epochs go 1, 2, 3, \.\.\.; it is damaged$/],
  ['a NaN batch loss in the curve', (b, l) => b.writeFloatLE(NaN, l.curveY),
    /m\.bnm: the loss curve \(byte \d+ on\), point 1 of \d+: loss NaN, but it holds only finite batch losses; it is damaged$/],
];

// Every command that loads a model file; `f` is the bad file, `dir` its folder.
const bnmCommands = [
  (f) => ['eval', '--load', f],
  (f) => ['summary', '--load', f],
  (f, dir) => ['export', '--load', f, '--npz', join(dir, 'out.npz')],
  (f) => ['train', '--load', f, '--limit', '64', '--epochs', '1', '--save', f],
  (f, dir) => ['train', '--load', f, '--optimizer', 'sgd', '--lr', '0.01', '--limit', '64', '--epochs', '1', '--save', join(dir, 'new.bnm')],
];

const npzCases = [
  ['a NaN weight', (b) => npzSetFloat(b, 'encoder/kernel', 1234, NaN),
    /w\.npz: array 'encoder\/kernel' holds NaN at flat index 1234; weights must be finite, so it comes from a diverged run or is damaged; export it again from a good model$/],
  ['an infinite weight', (b) => npzSetFloat(b, 'decoder/bias', 0, Infinity),
    /w\.npz: array 'decoder\/bias' holds inf at flat index 0; weights must be finite/],
];

const npzCommands = [
  (f, dir) => ['import', '--npz', f, '--model', 'shallow', '--save', join(dir, 'back.bnm')],
  (f, dir) => ['import', '--npz', f, '--model', 'shallow', '--save', join(dir, 'keep.bnm')],  // an existing file
];

// Every file in `dir` by name, with the SHA-256 of its bytes.
function snapshot(dir) {
  const files = {};
  for (const name of readdirSync(dir).sort()) files[name] = createHash('sha256').update(readFileSync(join(dir, name))).digest('hex');
  return files;
}

function check(kind, name, bytes, fileName, commands, pattern) {
  const dir = mkdtempSync(join(root, 'case-'));
  const file = join(dir, fileName);
  writeFileSync(file, bytes);
  writeFileSync(join(dir, 'keep.bnm'), goodBnm);  // a user's other model, which must survive
  const before = snapshot(dir);
  for (const command of commands) {
    const args = command(file, dir);
    const r = run(...args);
    const what = `${kind} with ${name}: ${args.join(' ')}`;
    assert.notEqual(r.code, 0, `${what}: exit 0; stdout: ${r.out}`);
    const lines = r.err.trim().split('\n');
    assert.equal(lines.length, 1, `${what}: expected one line on stderr, got:\n${r.err}`);
    assert.match(lines[0], /^bottleneck: /, what);
    assert.match(lines[0], pattern, what);
    assert.deepEqual(snapshot(dir), before, `${what}: a file in the folder changed`);
  }
}

test('the good files load, so each refusal below is its patch', () => {
  const dir = join(root, 'good');
  assert.equal(run('summary', '--load', join(dir, 'good.bnm')).code, 0);
  const r = run('import', '--npz', join(dir, 'good.npz'), '--model', 'shallow', '--save', join(dir, 'back.bnm'));
  assert.equal(r.code, 0, r.err);
});

for (const [name, patch, pattern] of bnmCases)
  test(`a model file with ${name} is refused by every command that loads it`, () => {
    check('m.bnm', name, patchedBnm(patch), 'm.bnm', bnmCommands, pattern);
  });

for (const [name, patch, pattern] of npzCases)
  test(`an .npz with ${name} is refused by import`, () => {
    check('w.npz', name, patch(Buffer.from(goodNpz)), 'w.npz', npzCommands, pattern);
  });
