"""Check a safetensors file in pure Python before the safetensors/torch loader sees it.

A safetensors file is an 8-byte little-endian header length ``n``, ``n`` bytes of a JSON object,
then one data buffer. The object maps each tensor name to ``{"dtype", "shape", "data_offsets"}``
(offsets into the buffer) and may hold a ``"__metadata__"`` object of strings.
:func:`check_safetensors` accepts only what the store writes and what the loader can index without
surprises: a bounded header of plain JSON (no duplicate keys), known dtypes, shapes of non-negative
integers, each tensor's byte range exactly ``prod(shape) * itemsize`` long, and the ranges
tiling the buffer from 0 to its end with no gap, overlap or trailing byte.

Example:
    >>> import struct
    >>> head = b'{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}'
    >>> check_safetensors(struct.pack("<Q", len(head)) + head + bytes(8), "w.safetensors")
    {'w': ('F32', (2,))}
    >>> check_safetensors(struct.pack("<Q", len(head)) + head + bytes(4), "w.safetensors")
    Traceback (most recent call last):
    shared.errors.StoreError: w.safetensors: tensor 'w' ends at byte 8 of a 4-byte data buffer (truncated or crafted file)
"""

from __future__ import annotations

import math
from typing import Any

from shared.errors import StoreError
from shared.store.card import loads_strict

#: bytes per element of every dtype safetensors defines that torch can hold
DTYPE_SIZES = {
    "BOOL": 1,
    "U8": 1,
    "I8": 1,
    "F8_E5M2": 1,
    "F8_E4M3": 1,
    "I16": 2,
    "U16": 2,
    "F16": 2,
    "BF16": 2,
    "I32": 4,
    "U32": 4,
    "F32": 4,
    "I64": 8,
    "U64": 8,
    "F64": 8,
}
MAX_HEADER_BYTES = 16 << 20
MAX_DIMS = 16
_METADATA = "__metadata__"


def _is_count(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and 0 <= v < 1 << 62


def check_safetensors(data: bytes, where: str) -> dict[str, tuple[str, tuple[int, ...]]]:
    """Check the bytes of a safetensors file; return ``{name: (dtype, shape)}`` or raise StoreError naming ``where``."""
    if len(data) < 8:
        raise StoreError(f"{where}: {len(data)} bytes is too short for a safetensors file (truncated)")
    n = int.from_bytes(data[:8], "little")
    if n < 2 or n > MAX_HEADER_BYTES:
        raise StoreError(
            f"{where}: safetensors header length {n} (expected 2 to {MAX_HEADER_BYTES} bytes; not a safetensors file)"
        )
    if 8 + n > len(data):
        raise StoreError(f"{where}: the safetensors header runs past the end of the file (truncated)")
    raw = data[8 : 8 + n]
    if raw[:1] != b"{":
        raise StoreError(f"{where}: the safetensors header must be a JSON object starting with '{{'")
    header = loads_strict(raw.rstrip(b" "), where, what="a safetensors header")
    if not isinstance(header, dict):
        raise StoreError(f"{where}: the safetensors header must be a JSON object")
    buffer = len(data) - 8 - n
    meta = header.pop(_METADATA, {})
    if not isinstance(meta, dict) or not all(isinstance(v, str) for v in meta.values()):
        raise StoreError(f"{where}: '{_METADATA}' must be an object of strings")
    out: dict[str, tuple[str, tuple[int, ...]]] = {}
    spans: list[tuple[int, int, str]] = []
    for name, entry in header.items():
        if not isinstance(entry, dict) or set(entry) != {"dtype", "shape", "data_offsets"}:
            raise StoreError(
                f"{where}: tensor {name!r} must be an object with exactly 'dtype', 'shape' and 'data_offsets'"
            )
        dtype, shape, offsets = entry["dtype"], entry["shape"], entry["data_offsets"]
        if dtype not in DTYPE_SIZES:
            raise StoreError(
                f"{where}: tensor {name!r} has dtype {dtype!r} (expected one of {', '.join(DTYPE_SIZES)})"
            )
        if not isinstance(shape, list) or len(shape) > MAX_DIMS or not all(map(_is_count, shape)):
            raise StoreError(
                f"{where}: tensor {name!r} has shape {shape!r} (expected at most {MAX_DIMS} non-negative integers)"
            )
        if not (isinstance(offsets, list) and len(offsets) == 2 and all(map(_is_count, offsets))):
            raise StoreError(f"{where}: tensor {name!r} has data_offsets {offsets!r} (expected [begin, end])")
        begin, end = offsets
        size = math.prod(shape) * DTYPE_SIZES[dtype]
        if end < begin or end - begin != size:
            raise StoreError(
                f"{where}: tensor {name!r} spans bytes {begin}..{end} but its dtype and shape need {size} bytes"
            )
        if end > buffer:
            raise StoreError(
                f"{where}: tensor {name!r} ends at byte {end} of a {buffer}-byte data buffer (truncated or crafted file)"
            )
        spans.append((begin, end, name))
        out[name] = (dtype, tuple(shape))
    position = 0
    for begin, end, name in sorted(spans):
        if begin != position:
            raise StoreError(
                f"{where}: tensor {name!r} starts at byte {begin}, expected {position} "
                "(tensors must fill the data buffer without gaps or overlaps)"
            )
        position = end
    if position != buffer:
        raise StoreError(
            f"{where}: {buffer - position} bytes after the last tensor (the data buffer must end with it)"
        )
    return out
