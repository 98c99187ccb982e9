#!/usr/bin/env python3
"""Writes tests/ModeHop.Tests/Models/SafeTensors/fixtures/numpy_reference.safetensors.

An independent safetensors writer (numpy only, no `safetensors` package) that follows the Rust crate's layout:
u64 little-endian header length N, N bytes of JSON padded with spaces to a multiple of 8, then the tensors sorted by
descending dtype alignment and then by name, back to back. The fixture holds F16 and BF16 tensors next to
"<name>.expected" F32 tensors with numpy's (and, when torch is importable, torch's) decoding of the same values, so the
C# test compares ModeHop's conversion against another implementation. Run:

    /usr/bin/python3 tools/reference/make_safetensors_fixture.py
"""
import json
import pathlib
import struct

import numpy as np

OUT = pathlib.Path(__file__).resolve().parents[2] / "tests/ModeHop.Tests/Models/SafeTensors/fixtures/numpy_reference.safetensors"

# the Rust crate's Dtype enum order (increasing alignment) for the types used here
ORDER = ["BOOL", "U8", "I8", "I16", "U16", "F16", "BF16", "I32", "U32", "F32", "F64", "I64", "U64"]

SPECIAL = np.array([0.0, -0.0, 1.0, -2.5, 0.1, 1.0 / 3.0, 65504.0, 6.103515625e-05, 5.960464477539063e-08,
                    -3.0e-07, np.inf, -np.inf, np.nan, 1.0e30, -1.0e-30, 3.14159265], dtype=np.float32)


def to_bf16_bits(values: np.ndarray) -> np.ndarray:
    """fp32 -> bf16 bits with round-to-nearest-even (NaN kept quiet)."""
    u = values.astype(np.float32).view(np.uint32).astype(np.uint64)
    rounded = ((u + 0x7FFF + ((u >> 16) & 1)) >> 16).astype(np.uint16)
    nan = np.isnan(values)
    rounded[nan] = ((u[nan] >> 16) | 0x40).astype(np.uint16)
    return rounded


def bf16_bits_to_f32(bits: np.ndarray) -> np.ndarray:
    return (bits.astype(np.uint32) << 16).view(np.float32)


def tensors():
    rng = np.random.default_rng(20240611)
    with np.errstate(over="ignore"):  # 1e30 overflows F16 to +inf on purpose
        f16 = SPECIAL.astype(np.float16)
    f16_3d = (rng.standard_normal((2, 2, 3)) * 4).astype(np.float16)
    bf16 = to_bf16_bits(SPECIAL)
    bf16_matrix = to_bf16_bits((rng.standard_normal((3, 5)) * 100).astype(np.float32)).reshape(3, 5)
    out = {
        "f32.matrix": ("F32", (rng.standard_normal((2, 3))).astype("<f4")),
        "f32.scalar": ("F32", np.array(-7.25, dtype="<f4")),
        "f32.empty": ("F32", np.zeros((0, 4), dtype="<f4")),
        "f16.values": ("F16", f16.astype("<f2")),
        "f16.values.expected": ("F32", f16.astype("<f4")),
        "f16.cube": ("F16", f16_3d.astype("<f2")),
        "f16.cube.expected": ("F32", f16_3d.astype("<f4")),
        "bf16.values": ("BF16", bf16.astype("<u2")),
        "bf16.values.expected": ("F32", bf16_bits_to_f32(bf16).astype("<f4")),
        "bf16.matrix": ("BF16", bf16_matrix.astype("<u2")),
        "bf16.matrix.expected": ("F32", bf16_bits_to_f32(bf16_matrix).astype("<f4")),
        "i64.ids": ("I64", np.array([0, -1, 50256, 2**62, -(2**63)], dtype="<i8")),
        "i32.ids": ("I32", np.array([[3, -4], [2**31 - 1, -(2**31)]], dtype="<i4")),
        "bool.mask": ("BOOL", np.tril(np.ones((3, 3), dtype=bool)).astype(np.uint8)),
    }
    try:
        import torch  # optional second opinion on the F16/BF16 decodings
        for name in ("bf16.values", "bf16.matrix"):
            bits = out[name][1].astype(np.int32)
            signed = np.where(bits >= 2**15, bits - 2**16, bits).astype(np.int16)
            decoded = torch.from_numpy(signed).view(torch.bfloat16).float().numpy()
            np.testing.assert_array_equal(decoded, out[name + ".expected"][1])
        for name in ("f16.values", "f16.cube"):
            decoded = torch.from_numpy(out[name][1].astype(np.float16)).float().numpy()
            np.testing.assert_array_equal(decoded, out[name + ".expected"][1])
        print("torch agrees with the numpy decodings")
    except ImportError:
        pass
    return out


def write(path: pathlib.Path, items: dict, metadata: dict) -> None:
    order = sorted(items, key=lambda n: (-ORDER.index(items[n][0]), n))
    header = {"__metadata__": metadata}
    chunks, offset = [], 0
    for name in order:
        dtype, array = items[name]
        data = np.ascontiguousarray(array).tobytes()
        header[name] = {"dtype": dtype, "shape": list(array.shape), "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for chunk in chunks:
            f.write(chunk)


if __name__ == "__main__":
    write(OUT, tensors(), {"format": "pt", "generator": "tools/reference/make_safetensors_fixture.py"})
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")
