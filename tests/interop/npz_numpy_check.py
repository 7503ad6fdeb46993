#!/usr/bin/env python3
"""Checks an .npz written by Bottleneck (src/core/model/npz.cpp) with real NumPy.

    python3 tests/interop/npz_numpy_check.py FILE.npz EXPECTED.json [--same-bytes-as-numpy]

EXPECTED.json lists the arrays np.load must find, in archive order:
    {"arrays": [{"name": "encoder/kernel", "shape": [2, 3], "values": [0.5, -1, ...]}, ...]}
values are float32 in C order; NaN, Infinity and -0 are allowed (integers are read as floats so
that -0 keeps its sign) and compared bit for bit, except that any NaN matches any NaN.

--same-bytes-as-numpy also checks that every .npy entry is byte for byte what
np.lib.format.write_array writes for the same array (header padding included).

Exits 0 and prints "ok" when everything matches; otherwise prints each mismatch and exits 1
(2 for bad arguments). Not here: writing fixtures (tests/data/npz/make_fixtures.py does that).
"""
import io
import json
import sys
import zipfile

try:
    import numpy as np
except ImportError:
    sys.exit('npz_numpy_check.py: numpy is not importable; install it (apt-get install -y python3-numpy)')


def bits_equal(a, b):
    """Same float32 bits, or both NaN."""
    same = a.view(np.uint32) == b.view(np.uint32)
    return bool(np.all(same | (np.isnan(a) & np.isnan(b))))


def check(npz_path, expected_path, same_bytes):
    errors = []
    with open(expected_path) as f:
        expected = json.load(f, parse_int=float)['arrays']

    with zipfile.ZipFile(npz_path) as z:
        bad = z.testzip()  # reads every entry and checks its CRC-32
        if bad is not None:
            errors.append(f'{npz_path}: entry {bad} fails its CRC check')
        if any(i.compress_type != zipfile.ZIP_STORED for i in z.infolist()):
            errors.append(f'{npz_path}: an entry is compressed; np.savez stores them')

    with np.load(npz_path, allow_pickle=False) as npz:
        names = list(npz.files)
        want_names = [e['name'] for e in expected]
        if names != want_names:
            errors.append(f'{npz_path}: np.load finds arrays {names}, expected {want_names}')
        for e in expected:
            name = e['name']
            if name not in npz.files:
                continue
            a = npz[name]
            want_shape = tuple(int(d) for d in e['shape'])
            if a.dtype != np.dtype('<f4'):
                errors.append(f'{name}: dtype {a.dtype.str}, expected <f4')
                continue
            if a.shape != want_shape:
                errors.append(f'{name}: shape {a.shape}, expected {want_shape}')
                continue
            if not a.flags.c_contiguous:
                errors.append(f'{name}: not in C order')
            want = np.array(e['values'], dtype=np.float32).reshape(want_shape)
            if not bits_equal(a, want):
                diff = np.flatnonzero(~((a.view(np.uint32) == want.view(np.uint32)) | (np.isnan(a) & np.isnan(want))))
                i = int(diff[0])
                errors.append(f'{name}: {len(diff)} values differ, first at flat index {i}: '
                              f'{a.ravel()[i]!r}, expected {want.ravel()[i]!r}')
            if same_bytes:
                ours = npz.zip.read(name + '.npy')
                theirs = io.BytesIO()
                np.lib.format.write_array(theirs, a, version=(1, 0))
                if ours != theirs.getvalue():
                    errors.append(f'{name}: the .npy entry differs from what NumPy {np.__version__} writes for the same '
                                  f'array:\n  ours:  {ours[:128]!r}\n  numpy: {theirs.getvalue()[:128]!r}')
    return errors


def main(argv):
    args = [a for a in argv[1:] if not a.startswith('--')]
    flags = [a for a in argv[1:] if a.startswith('--')]
    if len(args) != 2 or any(f != '--same-bytes-as-numpy' for f in flags):
        print(__doc__, file=sys.stderr)
        return 2
    errors = check(args[0], args[1], '--same-bytes-as-numpy' in flags)
    for e in errors:
        print(f'npz_numpy_check.py: {e}', file=sys.stderr)
    if errors:
        return 1
    print(f'npz_numpy_check.py: ok, {args[0]} matches {args[1]} (numpy {np.__version__})')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
