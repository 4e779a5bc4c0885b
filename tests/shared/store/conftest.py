"""A small model with every part the store writes (params, arrays, LightGBM, torch) and folder helpers.

The child processes of the LightGBM tests load this file by path to register the same kind.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from types import SimpleNamespace

import lightgbm as lgb
import numpy as np
import pytest
import torch

from shared import store
from shared.store import ModelState


@store.register
class PartsModel:
    """Arrays, one LightGBM booster and one torch module; predictions combine all three."""

    store_kind = "tests.store.parts"
    store_version = 1

    def __init__(self, booster=None, net=None, offset=0.0):
        self.booster = booster
        self.net = net or torch.nn.Linear(3, 1)
        self.offset = offset

    def predict(self, X):
        with torch.no_grad():
            nn_part = self.net(torch.as_tensor(X, dtype=torch.float32)).numpy().ravel()
        return self.booster.predict(X) + nn_part + self.offset

    def to_state(self):
        return ModelState(
            params={"offset": self.offset},
            arrays={"offset": np.array([self.offset])},
            boosters={"gbm": self.booster},
            torch_state={"net": self.net.state_dict()},
            metrics={"mae": 0.25},
        )

    @classmethod
    def from_state(cls, state):
        net = torch.nn.Linear(3, 1)
        net.load_state_dict(state.torch_state["net"])
        return cls(state.boosters["gbm"], net, float(state.params["offset"]))


@store.register
class OtherModel:
    """A second registered kind, to swap into a card."""

    store_kind = "tests.store.other"
    store_version = 1

    def to_state(self):
        return ModelState(params={"other": True})

    @classmethod
    def from_state(cls, state):
        assert state.params["other"] is True
        return cls()


def training_data():
    """A small regression problem with three features."""
    g = np.random.default_rng(0)
    X = g.normal(size=(200, 3))
    return X, X @ np.array([1.0, -2.0, 0.5]) + g.normal(scale=0.1, size=200)


@pytest.fixture(scope="session")
def parts_model():
    """A fitted :class:`PartsModel` and its inputs."""
    X, y = training_data()
    torch.manual_seed(0)
    booster = lgb.train({"objective": "regression", "verbose": -1, "num_leaves": 5}, lgb.Dataset(X, y), 4)
    return PartsModel(booster, torch.nn.Linear(3, 1), 0.5), X


@pytest.fixture
def saved(parts_model, tmp_path, monkeypatch) -> Path:
    """A freshly saved, unsigned model folder."""
    monkeypatch.delenv("CIVIC_STORE_KEY", raising=False)
    return store.save(parts_model[0], tmp_path / "model")


def read_card_json(folder: Path) -> dict:
    """The card as a dict (bypassing the store's checks)."""
    return json.loads((folder / "card.json").read_text())


def write_card_json(folder: Path, card) -> None:
    """Overwrite the card with any JSON value, regenerating README.md to match when the card allows it.

    A careful attacker keeps the README in step with an edited card, so the checks behind it are reached.
    """
    if isinstance(card, dict) and isinstance(card.get("files"), dict) and "README.md" in card["files"]:
        try:
            readme = store.render_readme(card).encode("utf-8")
        except (KeyError, TypeError, AttributeError):
            readme = None
        if readme is not None:
            (folder / "README.md").write_bytes(readme)
            card["files"]["README.md"] = hashlib.sha256(readme).hexdigest()
    (folder / "card.json").write_text(json.dumps(card))


def replace_file(folder: Path, name: str, data: bytes) -> None:
    """Replace a file and update its checksum in the card, as a careful attacker would."""
    (folder / name).write_bytes(data)
    card = read_card_json(folder)
    card["files"][name] = hashlib.sha256(data).hexdigest()
    if name == "README.md":
        (folder / "card.json").write_text(json.dumps(card))
    else:
        write_card_json(folder, card)


@pytest.fixture
def folder_tools():
    """The card and file helpers above, for test modules (conftest is not importable as a module)."""
    return SimpleNamespace(read_card=read_card_json, write_card=write_card_json, replace_file=replace_file)
