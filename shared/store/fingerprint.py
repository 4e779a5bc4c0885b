"""A training-data fingerprint for model cards: SHA-256 over the exact values a model was fitted on.

Models set ``self.training_data_ = fingerprint(X, y)`` in ``fit``; the card and its README then
show it, so an importing agency can check that a model was trained on the data it was told about.
The digest covers names, dtypes, shapes and values (not memory layout or object identity), so the
same data gives the same fingerprint in any process.

Example:
    >>> import numpy as np, pandas as pd
    >>> a = fingerprint(pd.DataFrame({"x": [1, 2]}), np.array([0.5, 1.5]))
    >>> a.startswith("sha256:") and len(a) == 71
    True
    >>> a == fingerprint(pd.DataFrame({"x": [1, 2]}), np.array([0.5, 1.5]))
    True
    >>> a == fingerprint(pd.DataFrame({"x": [1, 3]}), np.array([0.5, 1.5]))
    False
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import numpy as np
import pandas as pd


def _update(h: Any, value: Any) -> None:
    if isinstance(value, pd.DataFrame):
        h.update(b"frame")
        _update(h, [str(c) for c in value.columns])
        _update(h, value.index)
        for _, column in value.items():
            _update(h, column)
    elif isinstance(value, (pd.Series, pd.Index)):
        h.update(b"series" if isinstance(value, pd.Series) else b"index")
        h.update(str(value.dtype).encode())
        if isinstance(value, pd.Series):
            _update(h, value.index)
        _update(h, value.to_numpy())
    elif isinstance(value, np.ndarray):
        h.update(f"array{value.dtype.str}{value.shape}".encode())
        if value.dtype == object:
            h.update(json.dumps([_plain(x) for x in value.ravel()], ensure_ascii=False).encode("utf-8"))
        else:
            h.update(np.ascontiguousarray(value).tobytes())
    elif hasattr(value, "data_vars") and hasattr(value, "coords"):  # xarray.Dataset
        h.update(b"dataset")
        for name in sorted(map(str, value.variables)):
            h.update(name.encode("utf-8"))
            _update(h, np.asarray(value[name].values))
    elif isinstance(value, (list, tuple)):
        h.update(f"seq{len(value)}".encode())
        for item in value:
            _update(h, item)
    elif isinstance(value, dict):
        h.update(f"map{len(value)}".encode())
        for key in sorted(value, key=str):
            _update(h, str(key))
            _update(h, value[key])
    elif isinstance(value, bytes):
        h.update(b"bytes%d:" % len(value) + value)
    else:
        h.update(json.dumps(_plain(value), ensure_ascii=False).encode("utf-8"))


def _plain(x: Any) -> Any:
    if isinstance(x, np.generic):
        return x.item()
    if x is None or isinstance(x, (bool, int, float, str)):
        return x
    return repr(x)


def fingerprint(*data: Any) -> str:
    """``"sha256:<hex>"`` over DataFrames, Series, arrays, xarray Datasets, lists, dicts, text or numbers."""
    h = hashlib.sha256(b"civic-ai-suite training data v1\n")
    for value in data:
        _update(h, value)
    return "sha256:" + h.hexdigest()
