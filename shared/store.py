"""Save and load the suite's models without pickle.

A saved model is a folder::

    card.json        kind, version, created, training data id, metrics, parameters,
                     library versions, and the SHA-256 of every other file
    params.json      JSON state (hyper-parameters, vocabularies, small tables)
    arrays.npz       numpy arrays, saved and loaded with allow_pickle=False
    <name>.lgb.txt   LightGBM boosters in LightGBM's own text format
    <name>.pt        torch state_dicts, loaded with ``weights_only=True``

A model class takes part by declaring ``store_kind``/``store_version``, implementing
``to_state()`` / ``from_state()`` and registering with :func:`register`.

Example:
    >>> import numpy as np, tempfile
    >>> @register
    ... class Mean:
    ...     store_kind = "doc.mean"
    ...     store_version = 1
    ...     def __init__(self, mu=0.0): self.mu = mu
    ...     def to_state(self): return ModelState(arrays={"mu": np.array([self.mu])})
    ...     @classmethod
    ...     def from_state(cls, s): return cls(float(s.arrays["mu"][0]))
    >>> folder = save(Mean(2.5), tempfile.mkdtemp() + "/m")
    >>> load(folder).mu
    2.5
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import importlib
import json
import os
import platform
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Protocol, TypeVar, runtime_checkable

import numpy as np

from shared.errors import StoreError

CARD = "card.json"
PARAMS = "params.json"
ARRAYS = "arrays.npz"
FORMAT = 1
_SAFE_NAME = re.compile(r"^[A-Za-z0-9_.-]+$")
_PICKLE_SUFFIXES = {".pkl", ".pickle", ".joblib", ".dill", ".sav"}
_TRUSTED_MODULE_PREFIXES = ("shared.", "sectors.")


@dataclass
class ModelState:
    """Everything a model needs to be rebuilt, in pickle-free parts."""

    params: dict[str, Any] = field(default_factory=dict)
    arrays: dict[str, np.ndarray] = field(default_factory=dict)
    boosters: dict[str, Any] = field(default_factory=dict)  # name -> lightgbm.Booster
    torch_state: dict[str, dict[str, Any]] = field(default_factory=dict)  # name -> state_dict
    training_data: str | None = None
    metrics: dict[str, float] = field(default_factory=dict)


@runtime_checkable
class Storable(Protocol):
    """What :func:`save` needs from a model."""

    store_kind: ClassVar[str]
    store_version: ClassVar[int]

    def to_state(self) -> ModelState: ...

    @classmethod
    def from_state(cls, state: ModelState) -> Any: ...


_KINDS: dict[str, type] = {}
T = TypeVar("T", bound=type)


def register(cls: T) -> T:
    """Class decorator: make ``cls`` loadable by its ``store_kind``."""
    kind = getattr(cls, "store_kind", None)
    if not isinstance(kind, str) or not kind:
        raise StoreError(f"{cls.__name__} needs a non-empty string attribute store_kind")
    if not isinstance(getattr(cls, "store_version", None), int):
        raise StoreError(f"{cls.__name__} needs an integer attribute store_version")
    _KINDS[kind] = cls
    return cls


def registered_kinds() -> dict[str, type]:
    """The kinds known in this process (a copy)."""
    return dict(_KINDS)


def library_versions() -> dict[str, str]:
    """Versions of the libraries a saved model depends on."""
    import shared

    out = {"python": platform.python_version(), "civic-ai-suite": shared.__version__}
    for name in ("numpy", "pandas", "sklearn", "lightgbm", "torch", "xarray"):
        try:
            out[name] = importlib.import_module(name).__version__
        except ImportError:
            continue
    return out


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _json_default(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (np.ndarray,)):
        raise TypeError("numpy arrays belong in ModelState.arrays, not params")
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _check_name(name: str, what: str) -> None:
    if not _SAFE_NAME.match(name):
        raise StoreError(f"{what} name {name!r} must use letters, digits, '.', '_' or '-' only")


def save(model: Any, path: str | Path, *, card_extra: dict[str, Any] | None = None) -> Path:
    """Write ``model`` to the folder ``path`` (created, or replaced if it holds a saved model).

    Returns the folder. Raises :class:`StoreError` for an unregistered model or unsafe content.
    """
    kind = getattr(model, "store_kind", None)
    if kind is None or _KINDS.get(kind) is not type(model):
        raise StoreError(
            f"{type(model).__name__} is not a registered model kind; decorate its class with shared.store.register"
        )
    state = model.to_state()
    if not isinstance(state, ModelState):
        raise StoreError(f"{type(model).__name__}.to_state() must return a ModelState")
    folder = Path(path)
    if folder.exists() and not folder.is_dir():
        raise StoreError(f"{folder} exists and is not a folder")
    if folder.exists() and any(folder.iterdir()) and not (folder / CARD).exists():
        raise StoreError(f"{folder} is not empty and holds no saved model; refusing to overwrite it")
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():  # replacing a saved model: remove its old files first
        if old.is_file():
            old.unlink()

    written: list[Path] = []
    try:
        params_text = json.dumps(
            state.params, default=_json_default, ensure_ascii=False, indent=1, sort_keys=True
        )
    except TypeError as exc:
        raise StoreError(f"params of {kind} are not JSON: {exc}") from exc
    (folder / PARAMS).write_text(params_text, encoding="utf-8")
    written.append(folder / PARAMS)

    if state.arrays:
        for name, arr in state.arrays.items():
            _check_name(name, "array")
            if np.asarray(arr).dtype == object:
                raise StoreError(
                    f"array {name!r} has dtype object, which would need pickle; convert it first"
                )
        np.savez_compressed(folder / ARRAYS, **{k: np.asarray(v) for k, v in state.arrays.items()})
        written.append(folder / ARRAYS)

    for name, booster in state.boosters.items():
        _check_name(name, "booster")
        target = folder / f"{name}.lgb.txt"
        booster.save_model(str(target))
        written.append(target)

    if state.torch_state:
        import torch

        for name, sd in state.torch_state.items():
            _check_name(name, "torch state")
            target = folder / f"{name}.pt"
            torch.save({k: (v.detach().cpu() if hasattr(v, "detach") else v) for k, v in sd.items()}, target)
            written.append(target)

    card: dict[str, Any] = {
        "format": FORMAT,
        "kind": kind,
        "module": type(model).__module__,
        "version": type(model).store_version,
        "created": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        "training_data": state.training_data,
        "metrics": {k: (float(v) if v is not None else None) for k, v in state.metrics.items()},
        "parameters": _summary_parameters(state.params),
        "libraries": library_versions(),
        "files": {p.name: _sha256(p) for p in written},
    }
    if card_extra:
        card.update(card_extra)
    (folder / CARD).write_text(
        json.dumps(card, default=_json_default, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return folder


def _summary_parameters(params: dict[str, Any]) -> dict[str, Any]:
    """Scalar hyper-parameters for the card (long lists and nested tables stay in params.json)."""
    out: dict[str, Any] = {}
    for key, value in params.items():
        if isinstance(value, (str, int, float, bool)) or value is None:
            if isinstance(value, str) and len(value) > 200:
                continue
            out[key] = value
    return out


def _looks_like_pickle(path: Path) -> bool:
    with path.open("rb") as f:
        head = f.read(2)
    # Protocol 2+ pickles start with 0x80 followed by the protocol number.
    return len(head) == 2 and head[0] == 0x80 and 2 <= head[1] <= 5


def read_card(path: str | Path) -> dict[str, Any]:
    """Read and check a saved model's card without loading the model."""
    folder = Path(path)
    if folder.is_file():
        if folder.suffix.lower() in _PICKLE_SUFFIXES or _looks_like_pickle(folder):
            raise StoreError(
                f"{folder} is a pickle; civic-ai-suite never loads pickles (save models with shared.store.save)"
            )
        raise StoreError(f"{folder} is a file; a saved model is a folder with {CARD}")
    card_path = folder / CARD
    if not card_path.exists():
        raise StoreError(f"{folder} holds no {CARD}; it is not a saved civic-ai-suite model")
    try:
        card = json.loads(card_path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise StoreError(f"{card_path} is not valid JSON: {exc}") from exc
    for key in ("kind", "version", "files"):
        if key not in card:
            raise StoreError(f"{card_path} lacks the field {key!r}")
    return card


def _verify(folder: Path, card: dict[str, Any]) -> None:
    listed = card["files"]
    for entry in folder.iterdir():
        if entry.name == CARD:
            continue
        if entry.suffix.lower() in _PICKLE_SUFFIXES or (entry.is_file() and _looks_like_pickle(entry)):
            raise StoreError(f"{entry} is a pickle; civic-ai-suite never loads pickles")
        if entry.name not in listed:
            raise StoreError(f"{entry} is not listed in {CARD}: the folder was changed after saving")
    for name, digest in listed.items():
        _check_name(name, "file")
        target = folder / name
        if not target.exists():
            raise StoreError(f"{target} is missing: the saved model is incomplete")
        if _sha256(target) != digest:
            raise StoreError(
                f"{target} does not match its checksum in {CARD}: the file was tampered with or corrupted"
            )


def _resolve_kind(card: dict[str, Any]) -> type:
    kind = card["kind"]
    if kind not in _KINDS:
        module = str(card.get("module", ""))
        # Import only the suite's own modules, never a name a card could point anywhere.
        if module.startswith(_TRUSTED_MODULE_PREFIXES):
            with contextlib.suppress(ImportError):
                importlib.import_module(module)
    if kind not in _KINDS:
        raise StoreError(f"unknown model kind {kind!r}; known kinds: {', '.join(sorted(_KINDS)) or 'none'}")
    return _KINDS[kind]


def load(path: str | Path, *, kind: str | None = None) -> Any:
    """Load a model saved with :func:`save`, checking every file's checksum first.

    ``kind``, when given, must match the card (guards against loading the wrong model).
    Raises :class:`StoreError` for an unknown kind, a tampered or missing file, or a pickle.
    """
    folder = Path(path)
    card = read_card(folder)
    if kind is not None and card["kind"] != kind:
        raise StoreError(f"{folder} holds a {card['kind']!r} model, not {kind!r}")
    cls = _resolve_kind(card)
    if int(card["version"]) > int(cls.store_version):
        raise StoreError(
            f"{folder} was saved by a newer {card['kind']} (version {card['version']}); this suite reads up to {cls.store_version}"
        )
    _verify(folder, card)

    params = json.loads((folder / PARAMS).read_text(encoding="utf-8")) if (folder / PARAMS).exists() else {}
    arrays: dict[str, np.ndarray] = {}
    if (folder / ARRAYS).exists():
        try:
            with np.load(folder / ARRAYS, allow_pickle=False) as npz:
                arrays = {k: npz[k] for k in npz.files}
        except ValueError as exc:
            raise StoreError(
                f"{folder / ARRAYS} holds object arrays, which would need pickle: {exc}"
            ) from exc
    boosters: dict[str, Any] = {}
    torch_state: dict[str, dict[str, Any]] = {}
    for name in card["files"]:
        if name.endswith(".lgb.txt"):
            import lightgbm as lgb

            boosters[name[: -len(".lgb.txt")]] = lgb.Booster(model_file=str(folder / name))
        elif name.endswith(".pt"):
            import torch

            try:
                torch_state[name[:-3]] = torch.load(folder / name, map_location="cpu", weights_only=True)
            except Exception as exc:  # torch raises UnpicklingError for anything beyond tensors
                raise StoreError(
                    f"{folder / name} is not a plain state_dict (refused by weights_only=True): {exc}"
                ) from exc
    state = ModelState(
        params=params,
        arrays=arrays,
        boosters=boosters,
        torch_state=torch_state,
        training_data=card.get("training_data"),
        metrics=card.get("metrics", {}),
    )
    model = cls.from_state(state)
    return model


def model_dir() -> Path:
    """Where ``civic`` keeps trained models: CIVIC_MODEL_DIR, else ~/.civic/models."""
    return Path(os.environ.get("CIVIC_MODEL_DIR", Path.home() / ".civic" / "models"))


def list_models(root: str | Path | None = None) -> list[dict[str, Any]]:
    """Cards of the saved models directly under ``root`` (default :func:`model_dir`), with their path."""
    base = Path(root) if root is not None else model_dir()
    if not base.is_dir():
        return []
    found = []
    for sub in sorted(base.iterdir()):
        if (sub / CARD).is_file():
            try:
                card = read_card(sub)
            except StoreError as exc:
                found.append({"path": str(sub), "kind": "unreadable", "error": str(exc)})
                continue
            found.append(
                {
                    "path": str(sub),
                    **{k: card.get(k) for k in ("kind", "version", "created", "training_data", "metrics")},
                }
            )
    return found
