"""Turn a model's attributes into pickle-free store parts and back, by their types.

This is what lets :class:`shared.estimator.Estimator` derive ``to_state``/``from_state`` from the
signature: each value becomes a JSON tree in ``params.json`` whose leaves may point at an array
(``arrays.npz``), a LightGBM booster (``<name>.lgb.txt``) or a torch ``state_dict``. Supported:
``None``/bool/int/float/str, lists, tuples, dicts (any scalar keys), numpy arrays and scalars,
pandas DataFrames, Series and Index (numeric, bool, string, datetime and categorical columns),
timestamps and timedeltas, LightGBM boosters, torch modules (rebuilt through the owner's
``_build_module(name)``), nested registered models, and dataclasses defined in the suite's own
modules. Anything else raises :class:`~shared.errors.StoreError` naming the attribute.

Decoding only ever rebuilds these types; a class is looked up only when it is a registered model
kind or a dataclass in ``shared.``/``sectors.`` (never a name a file could point anywhere).

Example:
    >>> import numpy as np, pandas as pd
    >>> enc = Encoder()
    >>> tree = enc.encode({"w": np.arange(3.0), "t": pd.DataFrame({"a": [1, 2], "b": ["x", "y"]})}, "m")
    >>> sorted(enc.state.arrays)
    ['m.t.c0', 'm.t.c1', 'm.t.index', 'm.w']
    >>> back = Decoder(enc.state).decode(tree, "m")
    >>> back["w"].tolist(), back["t"]["b"].tolist()
    ([0.0, 1.0, 2.0], ['x', 'y'])
"""

from __future__ import annotations

import dataclasses
import importlib
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from shared.errors import StoreError
from shared.store.registry import ModelState, is_registered_instance

_TRUSTED = ("shared.", "sectors.")
TYPE = "$t"
_PLAIN_KEY = re.compile(r"[A-Za-z0-9_]{1,64}")


def _child(where: str, key: Any, i: int) -> str:
    """The store name of a dict entry: ``where.key`` for a plain key, else ``where.-i`` (no key has '-')."""
    return f"{where}.{key}" if isinstance(key, str) and _PLAIN_KEY.fullmatch(key) else f"{where}.-{i}"


def _is_torch_module(value: Any) -> bool:
    torch = _torch_if_loaded()
    return torch is not None and isinstance(value, torch.nn.Module)


def _torch_if_loaded() -> Any:
    import sys

    return sys.modules.get("torch")


def _plain_array(arr: np.ndarray, where: str) -> tuple[np.ndarray, str | None]:
    """The array as a dtype npz stores without pickle, and how to restore it (None: as is)."""
    if arr.dtype == object:
        flat = arr.ravel()
        if all(isinstance(x, str) for x in flat):
            return arr.astype(str), "object_str"
        if all(x is None or isinstance(x, str) for x in flat):
            mask = np.array([x is None for x in flat]).reshape(arr.shape)
            return np.where(mask, "", arr).astype(str), "object_str_none:" + ",".join(
                str(i) for i in np.flatnonzero(mask.ravel())
            )
        raise StoreError(f"{where}: an object array of mixed values cannot be stored without pickle")
    if arr.dtype.kind in "biufcUS?":
        return arr, None
    if arr.dtype.kind in "mM":
        return arr.astype(np.int64), str(arr.dtype)
    raise StoreError(f"{where}: arrays of dtype {arr.dtype} cannot be stored")


def _restore_array(arr: np.ndarray, how: str | None) -> np.ndarray:
    if how is None:
        return arr
    if how == "object_str":
        return arr.astype(object)
    if how.startswith("object_str_none:"):
        out = arr.astype(object)
        idx = [int(i) for i in how.split(":", 1)[1].split(",") if i]
        flat = out.ravel()
        flat[idx] = None
        return flat.reshape(arr.shape)
    return arr.astype(how)  # datetime64[...] / timedelta64[...]


@dataclasses.dataclass
class Encoder:
    """Collects the arrays, boosters and torch states of the values it encodes into one ModelState."""

    owner: Any = None
    state: ModelState = dataclasses.field(default_factory=ModelState)

    def _array(self, arr: np.ndarray, where: str) -> dict[str, Any]:
        plain, how = _plain_array(np.asarray(arr), where)
        if where in self.state.arrays:
            raise StoreError(f"{where}: two values would be stored under the same name")
        self.state.arrays[where] = plain
        return {TYPE: "array", "ref": where, "how": how}

    def _series(self, s: pd.Series | pd.Index, where: str) -> dict[str, Any]:
        if isinstance(s.dtype, pd.CategoricalDtype):
            return {
                TYPE: "categorical",
                "codes": self._array(np.asarray(s.cat.codes if isinstance(s, pd.Series) else s.codes), where),
                "categories": self.encode(s.dtype.categories, where + ".categories"),
                "ordered": bool(s.dtype.ordered),
            }
        values = s.to_numpy()
        dtype = str(s.dtype)
        if s.dtype == object or dtype in ("string", "str") or dtype.startswith("string"):
            values = np.asarray(s.astype(object).to_numpy(), dtype=object)
            values = np.array(
                [
                    None if (x is None or x is pd.NA or (isinstance(x, float) and np.isnan(x))) else x
                    for x in values
                ],
                dtype=object,
            )
        elif dtype.startswith("datetime64") and getattr(s.dtype, "tz", None) is not None:
            raise StoreError(
                f"{where}: time-zone aware columns are not supported; convert to UTC naive first"
            )
        return {TYPE: "column", "values": self._array(values, where), "dtype": dtype}

    def encode(self, value: Any, where: str) -> Any:
        """A JSON tree for ``value``; its large parts go to ``self.state`` under names starting ``where``."""
        if value is None or isinstance(value, (bool, str)):
            return value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if isinstance(value, float) and not np.isfinite(value):
                return {TYPE: "float", "repr": repr(value)}
            return value
        if isinstance(value, np.generic):
            return self.encode(value.item(), where)
        if isinstance(value, np.ndarray):
            return self._array(value, where)
        if isinstance(value, list):
            return [self.encode(v, f"{where}.{i}") for i, v in enumerate(value)]
        if isinstance(value, tuple) and not hasattr(value, "_fields"):
            return {TYPE: "tuple", "items": [self.encode(v, f"{where}.{i}") for i, v in enumerate(value)]}
        if isinstance(value, (set, frozenset)):
            return {
                TYPE: "set",
                "items": [self.encode(v, f"{where}.{i}") for i, v in enumerate(sorted(value))],
            }
        if isinstance(value, dict):
            return {
                TYPE: "dict",
                "items": [
                    [self.encode(k, f"{where}.-k{i}"), self.encode(v, _child(where, k, i))]
                    for i, (k, v) in enumerate(value.items())
                ],
            }
        if isinstance(value, pd.Timestamp):
            return {TYPE: "timestamp", "iso": value.isoformat()}
        if isinstance(value, pd.Timedelta):
            return {TYPE: "timedelta", "ns": int(value.value)}
        if isinstance(value, pd.DataFrame):
            if isinstance(value.columns, pd.MultiIndex) or isinstance(value.index, pd.MultiIndex):
                raise StoreError(f"{where}: frames with a MultiIndex are not supported; reset_index() first")
            return {
                TYPE: "frame",
                "columns": self.encode(list(value.columns), where + ".columns"),
                "data": [self._series(value.iloc[:, i], f"{where}.c{i}") for i in range(value.shape[1])],
                "index": self._series(value.index, where + ".index"),
                "index_name": self.encode(value.index.name, where + ".index_name"),
            }
        if isinstance(value, pd.Series):
            return {
                TYPE: "series",
                "name": self.encode(value.name, where + ".name"),
                "values": self._series(value, where),
                "index": self._series(value.index, where + ".index"),
            }
        if isinstance(value, pd.MultiIndex):
            raise StoreError(f"{where}: a MultiIndex is not supported")
        if isinstance(value, pd.Index):
            return {
                TYPE: "index",
                "values": self._series(value, where),
                "name": self.encode(value.name, where + ".n"),
            }
        if type(value).__name__ == "Booster" and type(value).__module__.startswith("lightgbm"):
            self.state.boosters[where] = value
            return {TYPE: "booster", "ref": where}
        if _is_torch_module(value):
            self.state.torch_state[where] = value.state_dict()
            return {TYPE: "torch", "ref": where}
        kind = getattr(type(value), "store_kind", None)
        if isinstance(kind, str) and is_registered_instance(value):
            return self._nested(value, kind, where)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            cls = type(value)
            if not cls.__module__.startswith(_TRUSTED):
                raise StoreError(f"{where}: dataclass {cls.__qualname__} is not one of the suite's own")
            return {
                TYPE: "dataclass",
                "module": cls.__module__,
                "name": cls.__qualname__,
                "fields": {
                    f.name: self.encode(getattr(value, f.name), f"{where}.{f.name}")
                    for f in dataclasses.fields(value)
                    if f.init
                },
            }
        raise StoreError(
            f"{where}: a {type(value).__module__}.{type(value).__qualname__} cannot be stored; "
            "store plain numbers, text, arrays, frames, boosters, torch modules or registered models"
        )

    def _nested(self, value: Any, kind: str, where: str) -> dict[str, Any]:
        inner = value.to_state()
        for name, arr in inner.arrays.items():
            self.state.arrays[f"{where}.{name}"] = arr
        for name, booster in inner.boosters.items():
            self.state.boosters[f"{where}.{name}"] = booster
        for name, sd in inner.torch_state.items():
            self.state.torch_state[f"{where}.{name}"] = sd
        return {
            TYPE: "model",
            "kind": kind,
            "module": type(value).__module__,
            "version": type(value).store_version,
            "params": inner.params,
            "prefix": where,
            "metrics": inner.metrics,
            "training_data": inner.training_data,
        }


@dataclasses.dataclass
class Decoder:
    """Rebuilds values from a JSON tree and the ModelState it refers to."""

    state: ModelState
    build_module: Callable[[str], Any] | None = None

    def _array(self, node: dict[str, Any], where: str) -> np.ndarray:
        ref = node.get("ref")
        if ref not in self.state.arrays:
            raise StoreError(f"{where}: the array {ref!r} is missing from arrays.npz")
        return _restore_array(self.state.arrays[ref], node.get("how"))

    def _series_values(self, node: dict[str, Any], where: str) -> Any:
        if node[TYPE] == "categorical":
            cats = self.decode(node["categories"], where)
            return pd.Categorical.from_codes(
                self._array(node["codes"], where), categories=cats, ordered=node["ordered"]
            )
        values = self._array(node["values"], where)
        dtype = node["dtype"]
        if dtype == "object":
            return values
        try:
            return (
                pd.array(values, dtype=dtype)
                if dtype.startswith(("string", "str", "Int", "Float", "boolean"))
                else values.astype(dtype)
            )
        except (TypeError, ValueError):
            return values

    def decode(self, node: Any, where: str = "params") -> Any:
        """The value a tree written by :class:`Encoder` stands for."""
        if node is None or isinstance(node, (bool, int, float, str)):
            return node
        if isinstance(node, list):
            return [self.decode(v, f"{where}.{i}") for i, v in enumerate(node)]
        if not isinstance(node, dict) or TYPE not in node:
            raise StoreError(f"{where}: not a value the store wrote")
        t = node[TYPE]
        if t == "float":
            return float(node["repr"])
        if t == "array":
            return self._array(node, where)
        if t in ("tuple", "set"):
            items = [self.decode(v, f"{where}.{i}") for i, v in enumerate(node["items"])]
            return tuple(items) if t == "tuple" else set(items)
        if t == "dict":
            return {self.decode(k, where): self.decode(v, where) for k, v in node["items"]}
        if t == "timestamp":
            return pd.Timestamp(node["iso"])
        if t == "timedelta":
            return pd.Timedelta(int(node["ns"]), unit="ns")
        if t == "frame":
            columns = self.decode(node["columns"], where)
            data = {i: self._series_values(c, where) for i, c in enumerate(node["data"])}
            index = pd.Index(self._series_values(node["index"], where), name=self.decode(node["index_name"]))
            frame = pd.DataFrame(data, index=index)
            frame.columns = columns
            return frame
        if t == "series":
            index = pd.Index(self._series_values(node["index"], where))
            return pd.Series(
                self._series_values(node["values"], where), index=index, name=self.decode(node["name"])
            )
        if t == "index":
            return pd.Index(self._series_values(node["values"], where), name=self.decode(node["name"]))
        if t == "booster":
            if node["ref"] not in self.state.boosters:
                raise StoreError(f"{where}: the booster {node['ref']!r} is missing")
            return self.state.boosters[node["ref"]]
        if t == "torch":
            ref = node["ref"]
            if ref not in self.state.torch_state:
                raise StoreError(f"{where}: the torch state {ref!r} is missing")
            if self.build_module is None:
                raise StoreError(f"{where}: the model has no _build_module to rebuild its network")
            module = self.build_module(ref.rsplit(".", 1)[-1] if "." in ref else ref)
            module.load_state_dict(self.state.torch_state[ref])
            module.eval()
            return module
        if t == "model":
            return self._nested(node, where)
        if t == "dataclass":
            module = node["module"]
            if not isinstance(module, str) or not module.startswith(_TRUSTED):
                raise StoreError(f"{where}: refusing to rebuild a class from {module!r}")
            cls: Any = importlib.import_module(module)
            for part in str(node["name"]).split("."):
                cls = getattr(cls, part)
            if not (isinstance(cls, type) and dataclasses.is_dataclass(cls)):
                raise StoreError(f"{where}: {node['name']} is not a dataclass")
            return cls(**{k: self.decode(v, f"{where}.{k}") for k, v in node["fields"].items()})
        raise StoreError(f"{where}: unknown stored type {t!r}")

    def _nested(self, node: dict[str, Any], where: str) -> Any:
        from shared.store.registry import resolve_kind

        cls = resolve_kind({"kind": node["kind"], "module": str(node.get("module", ""))}, where)
        if int(node.get("version", 0)) > cls.store_version:
            raise StoreError(f"{where}: saved by a newer {node['kind']}")
        prefix = node["prefix"] + "."
        inner = ModelState(
            params=node["params"],
            arrays={k[len(prefix) :]: v for k, v in self.state.arrays.items() if k.startswith(prefix)},
            boosters={k[len(prefix) :]: v for k, v in self.state.boosters.items() if k.startswith(prefix)},
            torch_state={
                k[len(prefix) :]: v for k, v in self.state.torch_state.items() if k.startswith(prefix)
            },
            training_data=node.get("training_data"),
            metrics=node.get("metrics") or {},
        )
        return cls.from_state(inner)
