"""Minimal safetensors writer and reader (no `safetensors` package needed).

Format (huggingface/safetensors, `safetensors/src/tensor.rs`):
    [u64 little-endian N][N bytes of UTF-8 JSON header][byte buffer]
The header maps each tensor name to {"dtype", "shape", "data_offsets": [BEGIN, END)} with offsets
relative to the start of the byte buffer, plus an optional "__metadata__" {str: str}. Data is
little-endian, row-major. The writer pads the header with spaces (0x20) to a multiple of 8 bytes
and lays tensors out contiguously, sorted like the Rust writer: by descending dtype alignment, then
by name (for a file of one dtype that is plain name order), so every tensor is aligned to its dtype.
"""

from __future__ import annotations

import json
import struct

import numpy as np
import torch

# Rust `enum Dtype` order restricted to what we write; the Rust writer sorts by this, descending.
_DTYPE_ORDER = ["BOOL", "U8", "I8", "I16", "U16", "F16", "BF16", "I32", "U32", "F32", "F64", "I64", "U64"]

_TORCH_TO_ST = {
    torch.bool: "BOOL",
    torch.uint8: "U8",
    torch.int8: "I8",
    torch.int16: "I16",
    torch.float16: "F16",
    torch.bfloat16: "BF16",
    torch.int32: "I32",
    torch.float32: "F32",
    torch.float64: "F64",
    torch.int64: "I64",
}

_ITEM_SIZE = {"BOOL": 1, "U8": 1, "I8": 1, "I16": 2, "U16": 2, "F16": 2, "BF16": 2,
              "I32": 4, "U32": 4, "F32": 4, "F64": 8, "I64": 8, "U64": 8}

_NUMPY_OF = {"BOOL": np.bool_, "U8": np.uint8, "I8": np.int8, "I16": np.int16, "U16": np.uint16,
             "F16": np.float16, "I32": np.int32, "U32": np.uint32, "F32": np.float32,
             "F64": np.float64, "I64": np.int64, "U64": np.uint64}


def _tensor_bytes(tensor: torch.Tensor) -> bytes:
    tensor = tensor.detach().contiguous().cpu()
    if tensor.dtype == torch.bfloat16:
        # numpy has no bfloat16: reinterpret the 16 bits.
        return tensor.view(torch.int16).numpy().astype("<i2").tobytes()
    array = tensor.numpy()
    return array.astype(array.dtype.newbyteorder("<")).tobytes()


def write_safetensors(path: str, tensors: dict[str, torch.Tensor], metadata: dict[str, str] | None = None) -> None:
    """Writes `tensors` to `path` in the safetensors format (see module docstring)."""
    dtypes = {}
    for name, tensor in tensors.items():
        if tensor.dtype not in _TORCH_TO_ST:
            raise ValueError(f"{name}: dtype {tensor.dtype} is not supported by this writer")
        dtypes[name] = _TORCH_TO_ST[tensor.dtype]
    order = sorted(tensors, key=lambda n: (-_DTYPE_ORDER.index(dtypes[n]), n))

    header: dict[str, object] = {}
    if metadata is not None:
        header["__metadata__"] = dict(metadata)
    chunks = []
    offset = 0
    for name in order:
        data = _tensor_bytes(tensors[name])
        header[name] = {"dtype": dtypes[name], "shape": list(tensors[name].shape),
                        "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)

    header_bytes = json.dumps(header, separators=(",", ":")).encode("utf-8")
    header_bytes += b" " * ((8 - len(header_bytes) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(header_bytes)))
        f.write(header_bytes)
        for chunk in chunks:
            f.write(chunk)


def read_safetensors(path: str) -> tuple[dict[str, torch.Tensor], dict[str, str] | None, dict[str, dict]]:
    """Reads a safetensors file and validates it the way the Rust `validate()` does.

    Returns (tensors, metadata, header entries). Raises ValueError on any structural problem:
    header not valid JSON, offsets that do not tile the buffer contiguously, a byte length that does
    not match dtype and shape, or a file length that does not match the header.
    """
    with open(path, "rb") as f:
        blob = f.read()
    if len(blob) < 8:
        raise ValueError(f"{path}: shorter than the 8-byte header length")
    (n,) = struct.unpack("<Q", blob[:8])
    if 8 + n > len(blob):
        raise ValueError(f"{path}: header length {n} runs past the end of the file")
    header = json.loads(blob[8:8 + n].decode("utf-8"))
    metadata = header.pop("__metadata__", None)
    buffer = blob[8 + n:]

    expected_start = 0
    for name, info in sorted(header.items(), key=lambda kv: kv[1]["data_offsets"][0]):
        begin, end = info["data_offsets"]
        if begin != expected_start:
            raise ValueError(f"{path}: {name} starts at {begin}, expected {expected_start} (buffer not tiled)")
        count = int(np.prod(info["shape"], dtype=np.int64)) if info["shape"] else 1
        if end - begin != count * _ITEM_SIZE[info["dtype"]]:
            raise ValueError(f"{path}: {name} has {end - begin} bytes, expected {count} x {info['dtype']}")
        expected_start = end
    if expected_start != len(buffer):
        raise ValueError(f"{path}: tensors cover {expected_start} bytes of a {len(buffer)}-byte buffer")

    tensors = {}
    for name, info in header.items():
        begin, end = info["data_offsets"]
        raw = buffer[begin:end]
        if info["dtype"] == "BF16":
            bits = torch.from_numpy(np.frombuffer(raw, dtype="<i2").copy())
            tensor = bits.view(torch.bfloat16)
        else:
            array = np.frombuffer(raw, dtype=np.dtype(_NUMPY_OF[info["dtype"]]).newbyteorder("<")).copy()
            tensor = torch.from_numpy(array)
        tensors[name] = tensor.reshape(info["shape"])
    return tensors, metadata, header
