"""Optional HMAC-SHA256 signature of a saved-model folder, keyed by ``CIVIC_STORE_KEY``.

Checksums in the card catch accidents; anyone who can edit a file can also edit its checksum.
With a key set in the environment (an administrator's secret, never in a card, a log or an error)
:func:`sign` covers the card and every file: the MAC runs over the sorted list of
``name<TAB>sha256<LF>`` lines, so a changed, added, removed or renamed file changes it.

Example:
    >>> files = {"card.json": b"{}", "params.json": b"{}"}
    >>> sig = sign(files, b"secret")
    >>> check(files, sig, b"secret", "m/")
    'verified'
    >>> check(files, None, None, "m/")
    'unsigned'
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re

from shared.errors import StoreError

ENV_KEY = "CIVIC_STORE_KEY"
ALGORITHM = "HMAC-SHA256"
_DOMAIN = b"civic-ai-suite model folder v1\n"
_MAC = re.compile(r"^[0-9a-f]{64}$")


def store_key() -> bytes | None:
    """The signing key from ``CIVIC_STORE_KEY`` (UTF-8 bytes), or None when unset or empty."""
    value = os.environ.get(ENV_KEY, "")
    return value.encode("utf-8") if value else None


def _message(files: dict[str, bytes]) -> bytes:
    lines = [f"{name}\t{hashlib.sha256(data).hexdigest()}\n" for name, data in sorted(files.items())]
    return _DOMAIN + "".join(lines).encode("utf-8")


def mac(files: dict[str, bytes], key: bytes) -> str:
    """Hex HMAC-SHA256 of the files (name and content of each, in sorted order)."""
    return hmac.new(key, _message(files), hashlib.sha256).hexdigest()


def sign(files: dict[str, bytes], key: bytes) -> bytes:
    """The signature file's bytes for ``files`` (every file of the folder but the signature)."""
    return json.dumps({"algorithm": ALGORITHM, "mac": mac(files, key)}, indent=1).encode("utf-8")


def check(files: dict[str, bytes], signature: bytes | None, key: bytes | None, where: str) -> str:
    """How far the folder is trusted: ``'verified'``, ``'unsigned'`` or ``'unverified'``.

    ``'unverified'`` means signed but no key is set to check it. With a key set, a missing or
    wrong signature raises :class:`StoreError` (the message never holds the key or the MAC).
    """
    if key is None:
        return "unsigned" if signature is None else "unverified"
    if signature is None:
        raise StoreError(
            f"{where} is not signed, but CIVIC_STORE_KEY is set: refusing an unsigned model folder"
        )
    try:
        parsed = json.loads(signature.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        parsed = None
    if (
        not isinstance(parsed, dict)
        or parsed.get("algorithm") != ALGORITHM
        or not isinstance(parsed.get("mac"), str)
        or not _MAC.fullmatch(parsed["mac"])
    ):
        raise StoreError(f"{where} has a malformed signature file (expected {ALGORITHM} JSON)")
    if not hmac.compare_digest(parsed["mac"], mac(files, key)):
        raise StoreError(
            f"{where} does not match its signature: a file was changed after signing, or it was signed with another key"
        )
    return "verified"
