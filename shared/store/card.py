"""The model card's schema: parse ``card.json`` strictly and refuse anything malformed.

A card is untrusted input. :func:`parse_card` turns its bytes into a checked ``dict`` or raises
:class:`~shared.errors.StoreError` naming the file, the field and what was expected; it never lets a
``KeyError``, ``TypeError`` or ``JSONDecodeError`` escape.

Example:
    >>> card = parse_card(b'{"format": 1, "kind": "a.b", "module": "shared.x", "version": 1,'
    ...     b' "created": "2026-01-01T00:00:00+00:00", "files": {"params.json": "' + b"0" * 64 + b'"}}', "card.json")
    >>> card["kind"], list(card["files"])
    ('a.b', ['params.json'])
    >>> parse_card(b"null", "card.json")
    Traceback (most recent call last):
    shared.errors.StoreError: card.json must be a JSON object (found null)
"""

from __future__ import annotations

import json
import re
from typing import Any

from shared.errors import StoreError

CARD = "card.json"
PARAMS = "params.json"
ARRAYS = "arrays.npz"
SIGNATURE = "signature.json"
FORMAT = 1
MAX_CARD_BYTES = 4 << 20
README = "README.md"
LGB_SUFFIX = ".lgb.txt"
SAFETENSORS_SUFFIX = ".safetensors"
TORCH_SUFFIX = ".pt"  # read only, from folders saved before safetensors; never written

_PART = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9_.-]*$")
KIND_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")
_DIGEST = re.compile(r"^[0-9a-f]{64}$")
RESERVED_FIELDS = (
    "format",
    "kind",
    "module",
    "version",
    "created",
    "training_data",
    "metrics",
    "parameters",
    "libraries",
    "files",
    "intended_use",
    "limitations",
)
_WEIGHT_SUFFIXES = (LGB_SUFFIX, SAFETENSORS_SUFFIX, TORCH_SUFFIX)


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    return {bool: "a boolean", int: "an integer", float: "a number", str: "a string", list: "a list"}.get(
        type(value), "an object" if isinstance(value, dict) else type(value).__name__
    )


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"the key {key!r} appears twice")
        out[key] = value
    return out


def loads_strict(data: bytes, where: str, *, what: str = "JSON") -> Any:
    """Parse JSON bytes, refusing duplicate keys, bad UTF-8 and absurd nesting, as StoreError."""
    try:
        return json.loads(data.decode("utf-8"), object_pairs_hook=_no_duplicates)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise StoreError(f"{where} is not valid {what}: {str(exc).splitlines()[0]}") from None


def check_file_name(name: Any, where: str) -> str:
    """A name listed in a card: one plain file directly in the folder, of a kind the store writes.

    Refuses ``.``, ``..``, hidden names, absolute paths, any separator, and names the store does
    not know how to read (only params.json, arrays.npz, README.md, ``<name>.lgb.txt``,
    ``<name>.safetensors`` and, in folders saved before safetensors, ``<name>.pt``).
    """
    if not isinstance(name, str) or len(name) > 128 or not _PART.fullmatch(name) or name in (CARD, SIGNATURE):
        raise StoreError(
            f"{where}: field 'files' names {name!r} (expected a plain file name inside the folder: "
            "letters, digits, '.', '_' or '-', not starting with '.')"
        )
    suffix = next((s for s in _WEIGHT_SUFFIXES if name.endswith(s)), None)
    known = name in (PARAMS, ARRAYS, README) or (
        suffix is not None and bool(_PART.fullmatch(name[: -len(suffix)] or "."))
    )
    if not known:
        raise StoreError(
            f"{where}: field 'files' names {name!r} (expected {PARAMS}, {ARRAYS}, {README}, "
            f"<name>{LGB_SUFFIX}, <name>{SAFETENSORS_SUFFIX} or <name>{TORCH_SUFFIX})"
        )
    return name


def _field(
    card: dict[str, Any], key: str, where: str, expected: str, ok: Any, *, required: bool = True
) -> Any:
    if key not in card:
        if required:
            raise StoreError(f"{where} lacks the field {key!r} (expected {expected})")
        return None
    value = card[key]
    if not ok(value):
        raise StoreError(
            f"{where}: field {key!r} is {_json_type(value)} {_short(value)} (expected {expected})"
        )
    return value


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_number_or_null(v: Any) -> bool:
    return v is None or (isinstance(v, (int, float)) and not isinstance(v, bool))


def _is_scalar(v: Any) -> bool:
    return v is None or isinstance(v, (str, int, float, bool))


def parse_card(data: bytes, where: str) -> dict[str, Any]:
    """Parse and check a card's bytes; ``where`` names the file in every error."""
    if len(data) > MAX_CARD_BYTES:
        raise StoreError(f"{where} is {len(data)} bytes (expected a card under {MAX_CARD_BYTES} bytes)")
    card = loads_strict(data, where)
    if not isinstance(card, dict):
        raise StoreError(f"{where} must be a JSON object (found {_json_type(card)})")
    fmt = _field(card, "format", where, f"the integer {FORMAT}", _is_int)
    if fmt > FORMAT:
        raise StoreError(f"{where} uses store format {fmt}, newer than this suite reads (up to {FORMAT})")
    if fmt < 1:
        raise StoreError(f"{where}: field 'format' is {fmt} (expected the integer {FORMAT})")
    _field(card, "kind", where, "a dotted name such as 'sectors.traffic.TrafficForecaster'",
           lambda v: isinstance(v, str) and len(v) <= 200 and bool(KIND_PATTERN.fullmatch(v)))  # fmt: skip
    _field(card, "module", where, "a dotted module name",
           lambda v: isinstance(v, str) and len(v) <= 200 and bool(KIND_PATTERN.fullmatch(v)))  # fmt: skip
    _field(card, "version", where, "an integer >= 0", lambda v: _is_int(v) and v >= 0)
    _field(card, "created", where, "an ISO date-time string", lambda v: isinstance(v, str) and len(v) <= 64)
    _field(card, "training_data", where, "a string or null", lambda v: v is None or isinstance(v, str),
           required=False)  # fmt: skip
    _field(card, "metrics", where, "an object of numbers (or null)",
           lambda v: isinstance(v, dict) and all(map(_is_number_or_null, v.values())), required=False)  # fmt: skip
    _field(card, "parameters", where, "an object of scalars",
           lambda v: isinstance(v, dict) and all(map(_is_scalar, v.values())), required=False)  # fmt: skip
    _field(card, "libraries", where, "an object of version strings",
           lambda v: isinstance(v, dict) and all(isinstance(x, str) for x in v.values()), required=False)  # fmt: skip
    for key in ("intended_use", "limitations"):
        _field(card, key, where, "a string", lambda v: isinstance(v, str) and len(v) <= 20000, required=False)
    files = _field(card, "files", where, "an object {file name: SHA-256 hex}", lambda v: isinstance(v, dict))
    if PARAMS not in files:
        raise StoreError(f"{where}: field 'files' lacks {PARAMS!r} (every saved model has one)")
    for name, digest in files.items():
        check_file_name(name, where)
        if not isinstance(digest, str) or not _DIGEST.fullmatch(digest):
            raise StoreError(
                f"{where}: field 'files' gives {name!r} the checksum {_short(digest)} (expected 64 lower-case hex digits)"
            )
    return card
