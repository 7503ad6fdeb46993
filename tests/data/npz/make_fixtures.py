#!/usr/bin/env python3
"""Makes the .npz fixtures that tests/core/model/npz_test.cpp reads, with real NumPy.

The C++ test holds the expected names, shapes and values by hand; this script prints them (as
C++ float literals) so the two can be compared when a fixture is regenerated. It does not test
anything itself, and it never reads files written by Bottleneck (tests/interop/ does that).

Run from anywhere:  python3 tests/data/npz/make_fixtures.py   (needs python3-numpy)
Each fixture stays well under a few KB.
"""
import io
import os
import zipfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def path(name):
    return os.path.join(HERE, name)


class Unseekable(io.RawIOBase):
    """A write-only stream: zipfile then sets flag bit 3 and writes data descriptors, with zero
    sizes and CRC in the local headers, so a reader must take them from the central directory."""

    def __init__(self):
        self.buf = bytearray()

    def writable(self):
        return True

    def seekable(self):
        return False

    def write(self, b):
        self.buf += b
        return len(b)


def f32(x):
    """A C++ float literal that reads back to the same float32 (NumPy prints the shortest one)."""
    r = str(np.float32(x))
    if 'e' not in r and '.' not in r:
        r += '.0'
    return r + 'f'


def show(fixture, arrays):
    print(f'{fixture}:')
    for name, a in arrays.items():
        values = ', '.join(f32(v) for v in np.asarray(a, dtype=np.float32).ravel(order='C'))
        print(f'  {{"{name}", {{{", ".join(str(d) for d in a.shape)}}}, {{{values}}}}},  // {a.dtype.str}')


def main():
    print(f'numpy {np.__version__}')

    # Float32, as a model's weights would come from PyTorch or Keras; one name per layer folder.
    f4 = {
        'encoder/kernel': ((np.arange(6, dtype=np.float32).reshape(2, 3) - 2.5) / 4),
        'encoder/bias': np.array([1 / 3, -1e-8, 3.4e38], dtype=np.float32),
        'conv/kernel': np.array([0.5, -0.25, 2.0, 1e-3], dtype=np.float32).reshape(1, 2, 2, 1),
    }
    np.savez(path('numpy_f4.npz'), **f4)
    show('numpy_f4.npz', f4)

    # Float64, which NumPy makes by default; the reader narrows it to float32.
    f8 = {'w': np.array([[0.1, -2.5], [1e-3, 7.0]]), 'b': np.array([np.pi])}
    np.savez(path('numpy_f8.npz'), **f8)
    show('numpy_f8.npz', f8)

    # NPY format versions 2.0 and 3.0 (np.savez picks 1.0 whenever the header fits), in a zip
    # built by hand the way np.savez does, but without its ZIP64 extra fields.
    v23 = {'v2': np.array([1.5, -1.5], dtype=np.float32), 'v3': np.array([[4.0], [8.0]], dtype=np.float32)}
    with zipfile.ZipFile(path('numpy_v2_v3.npz'), 'w', compression=zipfile.ZIP_STORED) as z:
        for name, version in (('v2', (2, 0)), ('v3', (3, 0))):
            with z.open(name + '.npy', 'w') as f:
                np.lib.format.write_array(f, v23[name], version=version)
    show('numpy_v2_v3.npz', v23)

    # np.savez into a stream that cannot seek: data descriptors after each entry.
    streamed = {'x': np.array([1.0, 2.0, 3.0], dtype=np.float32)}
    out = Unseekable()
    np.savez(out, **streamed)
    with open(path('numpy_streamed.npz'), 'wb') as f:
        f.write(bytes(out.buf))
    show('numpy_streamed.npz', streamed)

    # Files the reader must refuse, each for one reason, as NumPy really writes them.
    np.savez_compressed(path('numpy_compressed.npz'), x=np.ones(4, dtype=np.float32))
    np.savez(path('numpy_int32.npz'), x=np.arange(4, dtype=np.int32))
    np.savez(path('numpy_big_endian.npz'), x=np.ones(4, dtype='>f4'))
    np.savez(path('numpy_fortran.npz'), x=np.asfortranarray(np.ones((2, 3), dtype=np.float32)))
    print('refused: numpy_compressed.npz numpy_int32.npz numpy_big_endian.npz numpy_fortran.npz')


if __name__ == '__main__':
    main()
