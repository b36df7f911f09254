#!/usr/bin/env python3
"""NumPy .npy fixtures for Tests/BackpropTests/NpyTests.swift.

Writes, with numpy, the files `python_*.npy` that the Swift tests load, and checks that the
files written by Backprop (`written_by_backprop_*.npy`) load in NumPy with the expected values,
bit for bit, and are byte for byte what numpy.save writes for the same arrays. The tests
themselves need no Python: they read the committed files.

Re-run from the repository root (Python with numpy):

    # 1. Let Backprop rewrite its own files (a test writes them when this variable is set):
    BACKPROP_WRITE_FIXTURES=1 swift test --scratch-path .build-io --filter "SafetensorsTests|NpyTests"
    # 2. Rewrite the Python files and check Backprop's:
    python3 Tests/BackpropTests/Fixtures/make_npy_fixtures.py

The special values are given as bit patterns; NpyTests.swift lists the same patterns.
"""
import io
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))

FLOAT32_BITS = [0x00000000, 0x80000000, 0x7F800000, 0xFF800000, 0x7FC00001,
                0x7F800001, 0x00000001, 0x7F7FFFFF, 0x3F800000, 0xC0490FDB]
FLOAT64_BITS = [0x0000000000000000, 0x8000000000000000, 0x7FF0000000000000, 0xFFF0000000000000,
                0x7FF8000000000001, 0x7FF0000000000001, 0x0000000000000001, 0x7FEFFFFFFFFFFFFF,
                0x3FF0000000000000, 0xC00921FB54442D18]


def special32():
    return np.array(FLOAT32_BITS, dtype=np.uint32).view(np.float32).reshape(2, 5)


def special64():
    return np.array(FLOAT64_BITS, dtype=np.uint64).view(np.float64).reshape(2, 5)


def counting(shape, dtype):
    """0, 1, 2, ... in row-major order, divided by 8."""
    return (np.arange(int(np.prod(shape)), dtype=dtype) / 8).astype(dtype).reshape(shape)


def save(name, array, version=None):
    path = os.path.join(HERE, name)
    if version is None:
        np.save(path, array)
    else:
        with open(path, "wb") as f:
            np.lib.format.write_array(f, array, version=version)


def write_python_fixtures():
    save("python_f4.npy", special32())
    save("python_f8.npy", special64())
    save("python_f4_big_endian.npy", special32().astype(">f4"))
    save("python_f8_big_endian.npy", special64().astype(">f8"))
    save("python_fortran_f8.npy", np.asfortranarray(counting((2, 3, 4), np.float64)))
    save("python_scalar_f8.npy", np.array(-1.5, dtype=np.float64))
    save("python_empty_f4.npy", np.zeros((0, 3), dtype=np.float32))
    save("python_version2_f4.npy", counting((3, 2), np.float32), version=(2, 0))
    save("python_version3_f4.npy", counting((3, 2), np.float32), version=(3, 0))
    save("python_f2.npy", np.array([0.0, 1.0, -2.0, 0.5, 65504.0, -0.25], dtype=np.float16))
    save("python_i4.npy", np.array([0, 1, -2, 2**31 - 1, -2**31, 5], dtype=np.int32))
    save("python_u1.npy", np.array([0, 1, 255], dtype=np.uint8))
    save("python_b1.npy", np.array([True, False, True]))


def expected_backprop_files():
    """What the Swift test writes: name -> array."""
    return {
        "written_by_backprop_f4.npy": special32(),
        "written_by_backprop_f8.npy": special64(),
        "written_by_backprop_scalar_f8.npy": np.array(-1.5, dtype=np.float64),
        "written_by_backprop_empty_f4.npy": np.zeros((0, 3), dtype=np.float32),
        "written_by_backprop_3d_f4.npy": counting((2, 3, 4), np.float32),
    }


def check_backprop_files():
    failures = []
    for name, want in expected_backprop_files().items():
        path = os.path.join(HERE, name)
        if not os.path.exists(path):
            failures.append(f"{name} is missing: run the Swift tests with BACKPROP_WRITE_FIXTURES=1 first")
            continue
        loaded = np.load(path)
        if loaded.shape != want.shape or loaded.dtype != want.dtype or loaded.tobytes() != want.tobytes():
            failures.append(f"{name}: {loaded!r} != {want!r}")
        buffer = io.BytesIO()
        np.save(buffer, want)
        with open(path, "rb") as f:
            if f.read() != buffer.getvalue():
                failures.append(f"{name}: bytes differ from numpy.save's")
    return failures


if __name__ == "__main__":
    write_python_fixtures()
    failures = check_backprop_files()
    for failure in failures:
        print("FAIL:", failure)
    if failures:
        sys.exit(1)
    print(".npy fixtures written; Backprop's files load in NumPy and match numpy.save byte for byte")
