"""Save, verify, load and list model folders (see :mod:`shared.store` for the folder layout)."""

from __future__ import annotations

import datetime as _dt
import importlib
import io
import json
import os
import platform
import re
import stat
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from shared.errors import StoreError
from shared.store import signing
from shared.store.card import (
    ARRAYS,
    CARD,
    FORMAT,
    LGB_SUFFIX,
    MAX_CARD_BYTES,
    PARAMS,
    README,
    RESERVED_FIELDS,
    SAFETENSORS_SUFFIX,
    SIGNATURE,
    TORCH_SUFFIX,
    loads_strict,
    parse_card,
)
from shared.store.folder import FolderReader, read_folder, sha256
from shared.store.lgbtext import check_lightgbm_text
from shared.store.modelcard import dataset_facts, render_readme
from shared.store.registry import ModelState, is_registered_instance, resolve_kind
from shared.store.safetensors_check import check_safetensors

_SAFE_NAME = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9_.-]*$")


class StoreWarning(UserWarning):
    """A model folder loaded with less assurance than it carries (signed, but no key to check it)."""


@dataclass(frozen=True)
class Verified:
    """A model folder that passed every check, held in memory.

    ``files`` holds the listed files' bytes (card and signature excluded); ``signature`` is
    ``'verified'``, ``'unsigned'`` or ``'unverified'`` (signed, but CIVIC_STORE_KEY is not set).
    """

    folder: Path
    card: dict[str, Any]
    files: dict[str, bytes]
    signature: str


def library_versions() -> dict[str, str]:
    """Versions of the libraries a saved model depends on."""
    import shared

    out = {"python": platform.python_version(), "civic-ai-suite": shared.__version__}
    for name in ("numpy", "pandas", "sklearn", "lightgbm", "torch", "safetensors", "xarray", "kiwipiepy"):
        try:
            out[name] = importlib.import_module(name).__version__
        except ImportError:
            continue
    return out


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
    if not isinstance(name, str) or not _SAFE_NAME.fullmatch(name):
        raise StoreError(
            f"{what} name {name!r} must use letters, digits, '.', '_' or '-' only, not starting with '.'"
        )


def _prepare_folder(folder: Path) -> None:
    if folder.is_symlink():
        raise StoreError(f"{folder} is a symbolic link; refusing to write a model through it")
    if folder.exists() and not folder.is_dir():
        raise StoreError(f"{folder} exists and is not a folder")
    if folder.exists() and any(folder.iterdir()) and not (folder / CARD).exists():
        raise StoreError(f"{folder} is not empty and holds no saved model; refusing to overwrite it")
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():  # replacing a saved model: remove its old files (and links) first
        mode = old.lstat().st_mode
        if stat.S_ISREG(mode) or stat.S_ISLNK(mode):
            old.unlink()


def save(model: Any, path: str | Path, *, card_extra: dict[str, Any] | None = None) -> Path:
    """Write ``model`` to the folder ``path`` (created, or replaced if it holds a saved model).

    With ``CIVIC_STORE_KEY`` set, the folder is also signed (``signature.json``).
    Returns the folder. Raises :class:`StoreError` for an unregistered model or unsafe content.
    """
    kind = getattr(model, "store_kind", None)
    if not isinstance(kind, str) or not is_registered_instance(model):
        raise StoreError(
            f"{type(model).__name__} is not a registered model kind; decorate its class with shared.store.register"
        )
    clash = sorted(set(card_extra or {}) & set(RESERVED_FIELDS))
    if clash:
        raise StoreError(f"card_extra may not set the card's own fields {clash}")
    state = model.to_state()
    if not isinstance(state, ModelState):
        raise StoreError(f"{type(model).__name__}.to_state() must return a ModelState")
    folder = Path(path)
    _prepare_folder(folder)

    written: list[Path] = []
    try:
        params_text = json.dumps(
            state.params, default=_json_default, ensure_ascii=False, indent=1, sort_keys=True
        )
    except (TypeError, ValueError) as exc:
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
        target = folder / f"{name}{LGB_SUFFIX}"
        booster.save_model(str(target))
        check_lightgbm_text(target.read_bytes(), str(target))  # never write what load would refuse
        written.append(target)

    for name, sd in state.torch_state.items():
        _check_name(name, "torch state")
        target = folder / f"{name}{SAFETENSORS_SUFFIX}"
        data = _safetensors_bytes(sd, str(target))
        check_safetensors(data, str(target))  # never write what load would refuse
        target.write_bytes(data)
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
        "files": {p.name: sha256(p.read_bytes()) for p in written},
    }
    for field in ("intended_use", "limitations"):
        text = getattr(type(model), field, None)
        if isinstance(text, str) and text.strip():
            card[field] = " ".join(text.split())
    if card_extra:
        card.update(card_extra)
    for key, value in dataset_facts(card).items():  # licence and attribution from the dataset registry
        card.setdefault(key, value)
    try:  # the README is rendered from the card exactly as load will read it back
        card = json.loads(json.dumps(card, default=_json_default, ensure_ascii=False))
    except (TypeError, ValueError) as exc:
        raise StoreError(f"card_extra of {kind} is not JSON: {exc}") from exc
    readme = render_readme(card).encode("utf-8")
    (folder / README).write_bytes(readme)
    card["files"][README] = sha256(readme)
    card_bytes = json.dumps(card, ensure_ascii=False, indent=1).encode("utf-8")
    parse_card(card_bytes, str(folder / CARD))  # never write a card that load would refuse
    (folder / CARD).write_bytes(card_bytes)
    key = signing.store_key()
    if key is not None:
        (folder / SIGNATURE).write_bytes(signing.sign(read_folder(folder), key))
    return folder


def _safetensors_bytes(sd: dict[str, Any], where: str) -> bytes:
    """A state_dict as safetensors bytes (each tensor copied to its own contiguous CPU storage)."""
    import torch
    from safetensors.torch import save as save_tensors

    tensors = {}
    for key, value in sd.items():
        if not isinstance(value, torch.Tensor):
            raise StoreError(
                f"{where}: state_dict entry {key!r} is a {type(value).__name__}, not a tensor "
                "(safetensors holds tensors only)"
            )
        tensors[key] = value.detach().cpu().contiguous().clone()  # clone: tied weights share storage
    return save_tensors(tensors)


def _summary_parameters(params: dict[str, Any]) -> dict[str, Any]:
    """Scalar hyper-parameters for the card (long lists and nested tables stay in params.json)."""
    out: dict[str, Any] = {}
    for key, value in params.items():
        if isinstance(value, (str, int, float, bool)) or value is None:
            if isinstance(value, str) and len(value) > 200:
                continue
            out[key] = value
    return out


def verify(path: str | Path, *, kind: str | None = None) -> Verified:
    """Check a model folder completely without handing any file to a C/C++ loader.

    In order: no links or special files in the folder; the card's schema; exactly the listed
    files (an unlisted one is refused before anything else is read); the signature when
    ``CIVIC_STORE_KEY`` is set; every file's SHA-256; ``kind`` when given; every LightGBM text
    model's and every safetensors file's structure; the README equal to what the card generates
    (when the folder has one: folders saved before model cards do not). Raises
    :class:`StoreError` naming the file and the problem.
    """
    folder = Path(path)
    with FolderReader(folder) as reader:
        if CARD not in reader.names:
            raise StoreError(f"{folder} holds no {CARD}; it is not a saved civic-ai-suite model")
        card_bytes = reader.read(CARD, MAX_CARD_BYTES)
        card = parse_card(card_bytes, str(folder / CARD))
        listed = card["files"]
        for name in reader.names:  # refused before anything else is read
            if name not in listed and name not in (CARD, SIGNATURE):
                raise StoreError(
                    f"{folder / name} is not listed in {CARD}: the folder was changed after saving"
                )
        for name in listed:
            if name not in reader.names:
                raise StoreError(f"{folder / name} is missing: the saved model is incomplete")
        signature = reader.read(SIGNATURE, MAX_CARD_BYTES) if SIGNATURE in reader.names else None
        files = {name: reader.read(name) for name in listed}
    status = signing.check({CARD: card_bytes, **files}, signature, signing.store_key(), str(folder))
    for name, digest in listed.items():
        if sha256(files[name]) != digest:
            raise StoreError(
                f"{folder / name} does not match its checksum in {CARD}: the file was tampered with or corrupted"
            )
    if kind is not None and card["kind"] != kind:
        raise StoreError(f"{folder} holds a {card['kind']!r} model, not {kind!r}")
    for name, data in files.items():
        if name.endswith(LGB_SUFFIX):
            check_lightgbm_text(data, str(folder / name))
        elif name.endswith(SAFETENSORS_SUFFIX):
            check_safetensors(data, str(folder / name))
    if README in files and files[README] != render_readme(card).encode("utf-8"):
        raise StoreError(
            f"{folder / README} differs from the model card that card.json generates: it was edited after saving"
        )
    return Verified(folder, card, files, status)


def read_card(path: str | Path) -> dict[str, Any]:
    """Verify a saved model folder (see :func:`verify`) and return its card, without loading the model."""
    return verify(path).card


def _parse_parts(v: Verified) -> ModelState:
    folder = v.folder
    params = loads_strict(v.files[PARAMS], str(folder / PARAMS))
    if not isinstance(params, dict):
        raise StoreError(f"{folder / PARAMS} must hold a JSON object")
    arrays: dict[str, np.ndarray] = {}
    if ARRAYS in v.files:
        try:
            with np.load(io.BytesIO(v.files[ARRAYS]), allow_pickle=False) as npz:
                arrays = {k: npz[k] for k in npz.files}
        except Exception as exc:  # zipfile, format and pickle refusals all mean the same here
            raise StoreError(f"{folder / ARRAYS} is not a pickle-free NPZ archive: {exc}") from None
    boosters: dict[str, Any] = {}
    torch_state: dict[str, dict[str, Any]] = {}
    for name, data in v.files.items():
        if name.endswith(LGB_SUFFIX):
            import lightgbm as lgb

            text = data.decode("utf-8")  # the very bytes verify() checked, never a second read
            try:
                boosters[name[: -len(LGB_SUFFIX)]] = lgb.Booster(model_str=text)
            except Exception as exc:
                raise StoreError(f"{folder / name}: LightGBM refused the model: {exc}") from None
        elif name.endswith(SAFETENSORS_SUFFIX):
            from safetensors.torch import load as load_tensors

            try:  # the very bytes check_safetensors() accepted
                torch_state[name[: -len(SAFETENSORS_SUFFIX)]] = load_tensors(data)
            except Exception as exc:
                raise StoreError(f"{folder / name}: safetensors refused the file: {exc}") from None
        elif name.endswith(TORCH_SUFFIX):  # folders saved before safetensors only
            import torch

            try:
                sd = torch.load(io.BytesIO(data), map_location="cpu", weights_only=True)
            except Exception as exc:  # torch raises UnpicklingError for anything beyond tensors
                raise StoreError(
                    f"{folder / name} is not a plain state_dict (refused by weights_only=True): {exc}"
                ) from None
            if not isinstance(sd, dict):
                raise StoreError(f"{folder / name} holds a {type(sd).__name__}, not a state_dict")
            torch_state[name[: -len(TORCH_SUFFIX)]] = sd
    metrics = v.card.get("metrics") or {}
    return ModelState(
        params=params,
        arrays=arrays,
        boosters=boosters,
        torch_state=torch_state,
        training_data=v.card.get("training_data"),
        metrics=metrics,
    )


def _loadable_class(v: Verified) -> type:
    cls = resolve_kind(v.card, str(v.folder))
    if v.card["version"] > cls.store_version:
        raise StoreError(
            f"{v.folder} was saved by a newer {v.card['kind']} (version {v.card['version']}); "
            f"this suite reads up to {cls.store_version}"
        )
    return cls


def load(path: str | Path, *, kind: str | None = None) -> Any:
    """Load a model saved with :func:`save`, after :func:`verify` has checked the whole folder.

    ``kind``, when given, must match the card (guards against loading the wrong model).
    Raises :class:`StoreError` for anything malformed, unknown, tampered, missing or a pickle;
    warns (:class:`StoreWarning`) when the folder is signed but no CIVIC_STORE_KEY is set to check it.
    """
    v = verify(path, kind=kind)
    where = str(v.folder)
    cls = _loadable_class(v)
    if v.signature == "unverified":
        warnings.warn(
            f"{where} is signed but CIVIC_STORE_KEY is not set: its signature was not checked",
            StoreWarning,
            stacklevel=2,
        )
    state = _parse_parts(v)
    try:
        return cls.from_state(state)
    except StoreError:
        raise
    except Exception as exc:  # a crafted params.json must not surface as a KeyError deep inside a model
        raise StoreError(
            f"{where}: {v.card['kind']} could not be rebuilt from the saved state ({type(exc).__name__}: {exc})"
        ) from exc


def model_dir() -> Path:
    """Where ``civic`` keeps trained models: CIVIC_MODEL_DIR, else ~/.civic/models."""
    return Path(os.environ.get("CIVIC_MODEL_DIR", Path.home() / ".civic" / "models"))


def list_models(root: str | Path | None = None) -> list[dict[str, Any]]:
    """Every model folder directly under ``root`` (default :func:`model_dir`), verified.

    Each entry has ``path`` and ``status``: ``'ok'`` with the card's kind, version, created,
    training_data, metrics and ``signature``; or ``'broken'`` with ``error``, the one-line reason
    (a folder without a card, a link, a malformed card, a tampered file, a kind this suite does not
    know or a newer version of it). Nothing is handed to LightGBM or torch. Hidden entries and
    plain files beside the folders are skipped.
    """
    base = Path(root) if root is not None else model_dir()
    if not base.is_dir():
        return []
    found = []
    for sub in sorted(base.iterdir()):
        if sub.name.startswith(".") or not (sub.is_symlink() or sub.is_dir()):
            continue
        try:
            v = verify(sub)
            _loadable_class(v)
        except StoreError as exc:
            reason = " ".join(str(exc).split())
            found.append({"path": str(sub), "status": "broken", "kind": None, "error": reason})
            continue
        fields = ("kind", "version", "created", "training_data", "metrics")
        found.append(
            {"path": str(sub), "status": "ok", **{k: v.card.get(k) for k in fields}, "signature": v.signature}
        )
    return found
