#!/usr/bin/env python3
"""Safetensors fixtures for Tests/BackpropTests/SafetensorsTests.swift.

Writes, with the reference `safetensors` package, the files `python_*.safetensors` that the
Swift tests load, and checks that the files written by Backprop (`written_by_backprop*.safetensors`)
load in Python with the expected values, bit for bit, and metadata. The tests themselves need
no Python: they read the committed files.

Re-run from the repository root (Python with numpy, torch and `pip install safetensors`):

    # 1. Let Backprop rewrite its own files (a test writes them when this variable is set):
    BACKPROP_WRITE_FIXTURES=1 swift test --scratch-path .build-io --filter "SafetensorsTests|NpyTests"
    # 2. Rewrite the Python files and check Backprop's:
    python3 Tests/BackpropTests/Fixtures/make_safetensors_fixtures.py

The values are given as bit patterns so that NaN payloads, infinities, -0.0 and subnormals are
exact; SafetensorsTests.swift lists the same patterns.
"""
import os
import sys

import numpy as np
import torch
from safetensors import safe_open
from safetensors.numpy import load_file, save_file
from safetensors.torch import save_file as save_torch_file

HERE = os.path.dirname(os.path.abspath(__file__))

# 0, -0, inf, -inf, quiet NaN with payload 1, signalling NaN with payload 1,
# the smallest subnormal, the largest finite, 1, -pi (rounded).
FLOAT32_BITS = [0x00000000, 0x80000000, 0x7F800000, 0xFF800000, 0x7FC00001,
                0x7F800001, 0x00000001, 0x7F7FFFFF, 0x3F800000, 0xC0490FDB]
FLOAT64_BITS = [0x0000000000000000, 0x8000000000000000, 0x7FF0000000000000, 0xFFF0000000000000,
                0x7FF8000000000001, 0x7FF0000000000001, 0x0000000000000001, 0x7FEFFFFFFFFFFFFF,
                0x3FF0000000000000, 0xC00921FB54442D18]


def special32():
    return np.array(FLOAT32_BITS, dtype=np.uint32).view(np.float32).reshape(2, 5)


def special64():
    return np.array(FLOAT64_BITS, dtype=np.uint64).view(np.float64).reshape(2, 5)


def expected(np_type):
    """The tensors of python_float32/64 and of written_by_backprop_float32/64."""
    special = special32() if np_type == np.float32 else special64()
    return {
        "special": special,
        "bias": np.array([0.5, -1.25, 3.0], dtype=np_type),
        "scalar": np.array(2.5, dtype=np_type),
        "empty": np.zeros((0, 4), dtype=np_type),
        "layer.0.weight": np.arange(12, dtype=np_type).reshape(3, 4) / 8,
    }


METADATA = {"format": "np", "note": "fixture \"quoted\" ü"}


def same_bits(a, b):
    return a.shape == b.shape and a.dtype == b.dtype and a.tobytes() == b.tobytes()


def write_python_fixtures():
    save_file(expected(np.float32), os.path.join(HERE, "python_float32.safetensors"), metadata=METADATA)
    save_file(expected(np.float64), os.path.join(HERE, "python_float64.safetensors"))
    # Other dtypes, for conversion: the values are exact in every type.
    values = [0.0, 1.0, -2.0, 0.5, 100.0, -0.25]
    mixed = {
        "f16": torch.tensor(values, dtype=torch.float16),
        "bf16": torch.tensor(values, dtype=torch.bfloat16),
        "f32": torch.tensor(values, dtype=torch.float32),
        "f64": torch.tensor(values, dtype=torch.float64).reshape(2, 3),
        "i8": torch.tensor([0, 1, -2, 127, -128, 5], dtype=torch.int8),
        "u8": torch.tensor([0, 1, 2, 255, 128, 5], dtype=torch.uint8),
        "i16": torch.tensor([0, 1, -2, 32767, -32768, 5], dtype=torch.int16),
        "i32": torch.tensor([0, 1, -2, 2**31 - 1, -2**31, 5], dtype=torch.int32),
        "i64": torch.tensor([0, 1, -2, 2**53, -2**53, 5], dtype=torch.int64),
        "bool": torch.tensor([False, True, True, False, True, False]),
        "f8_e4m3": torch.tensor([0.0, 1.0, -2.0, 0.5, 448.0, -0.25]).to(torch.float8_e4m3fn),
        "f8_e5m2": torch.tensor([0.0, 1.0, -2.0, 0.5, 57344.0, -0.25]).to(torch.float8_e5m2),
    }
    save_torch_file(mixed, os.path.join(HERE, "python_mixed.safetensors"), metadata={"format": "pt"})


def check_backprop_files():
    failures = []
    for np_type, name, metadata in [(np.float32, "written_by_backprop_float32.safetensors", METADATA),
                                    (np.float64, "written_by_backprop_float64.safetensors", {})]:
        path = os.path.join(HERE, name)
        if not os.path.exists(path):
            failures.append(f"{name} is missing: run the Swift tests with BACKPROP_WRITE_FIXTURES=1 first")
            continue
        loaded = load_file(path)
        want = expected(np_type)
        if sorted(loaded) != sorted(want):
            failures.append(f"{name}: names {sorted(loaded)} != {sorted(want)}")
        for key, value in want.items():
            if key in loaded and not same_bits(loaded[key], value):
                failures.append(f"{name}: tensor {key} differs: {loaded[key]!r} != {value!r}")
        with safe_open(path, framework="pt") as f:
            if (f.metadata() or {}) != metadata:
                failures.append(f"{name}: metadata {f.metadata()} != {metadata}")
            for key in f.keys():
                f.get_tensor(key)  # torch loads it too
    return failures


if __name__ == "__main__":
    write_python_fixtures()
    failures = check_backprop_files()
    for failure in failures:
        print("FAIL:", failure)
    if failures:
        sys.exit(1)
    print("safetensors fixtures written; Backprop's files load in Python with the expected values")
