"""The model kinds the store can rebuild, and the pickle-free state they are rebuilt from.

A model class takes part by declaring ``store_kind``/``store_version``, implementing
``to_state()`` / ``from_state()`` and registering with :func:`register`.
"""

from __future__ import annotations

import contextlib
import importlib
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol, TypeVar, runtime_checkable

import numpy as np

from shared.errors import StoreError
from shared.store.card import KIND_PATTERN

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
    """What :func:`shared.store.save` needs from a model."""

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
    if not isinstance(kind, str) or not KIND_PATTERN.fullmatch(kind):
        raise StoreError(
            f"{cls.__name__} needs a store_kind attribute that is a dotted name, such as 'sector.Model'"
        )
    version = getattr(cls, "store_version", None)
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise StoreError(f"{cls.__name__} needs an integer attribute store_version >= 0")
    _KINDS[kind] = cls
    return cls


def registered_kinds() -> dict[str, type]:
    """The kinds known in this process (a copy)."""
    return dict(_KINDS)


def registered_class(kind: str) -> type | None:
    """The class registered for ``kind``, or None."""
    return _KINDS.get(kind)


def is_registered_instance(value: Any) -> bool:
    """True when ``value`` is an instance of the class registered for its ``store_kind``.

    The class is identified by its module and qualified name, not by object identity: a module
    imported twice (pytest's importlib mode collecting a module's doctests beside tests that import
    it) holds two class objects for one kind, and instances of either are the same model.

    >>> is_registered_instance(object())
    False
    """
    kind = getattr(type(value), "store_kind", None)
    cls = _KINDS.get(kind) if isinstance(kind, str) else None
    if cls is None:
        return False
    mine = type(value)
    return cls is mine or (cls.__module__, cls.__qualname__) == (mine.__module__, mine.__qualname__)


def resolve_kind(card: dict[str, Any], where: str) -> type:
    """The registered class for a checked card's kind, importing only the suite's own modules."""
    kind = card["kind"]
    if kind not in _KINDS:
        module = card["module"]
        # Import only the suite's own modules, never a name a card could point anywhere.
        if module.startswith(_TRUSTED_MODULE_PREFIXES):
            with contextlib.suppress(ImportError):
                importlib.import_module(module)
    if kind not in _KINDS:
        raise StoreError(
            f"{where}: unknown model kind {kind!r}; known kinds: {', '.join(sorted(_KINDS)) or 'none'}"
        )
    return _KINDS[kind]
