"""Every registered model kind states its intended use and limitations, so every saved card carries them.

The kinds are found as in tests/test_conformance.py (every module of ``shared`` and ``sectors`` imported),
so a new model without these two class attributes fails here before it ships a card saying "Not stated".
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import sectors
import shared
from shared.store import registered_kinds
from shared.store.card import RESERVED_FIELDS


def _import_everything() -> dict[str, type]:
    for package in (shared, sectors):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if info.name.rsplit(".", 1)[-1] != "__main__":
                importlib.import_module(info.name)
    return {k: c for k, c in registered_kinds().items() if c.__module__.startswith(("shared.", "sectors."))}


KINDS = _import_everything()


def test_cards_cover_every_sector():
    assert len(KINDS) >= 30


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_model_kind_states_intended_use_and_limitations(kind):
    cls = KINDS[kind]
    for field in ("intended_use", "limitations"):
        assert field in RESERVED_FIELDS  # copied into card.json by shared.store.save
        text = cls.__dict__.get(field)
        assert isinstance(text, str), f"{cls.__name__} does not declare {field} itself"
        words = text.split()
        assert len(words) >= 8 and text.strip().endswith("."), f"{cls.__name__}.{field} is not a sentence"
        assert "Not stated" not in text
    assert cls.__dict__["intended_use"] != cls.__dict__["limitations"]
