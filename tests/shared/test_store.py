import hashlib
import json
import pickle

import lightgbm as lgb
import numpy as np
import pytest
import torch

from shared import store
from shared.errors import StoreError
from shared.store import ModelState


@store.register
class TinyModel:
    """A model with all three safe parts: arrays, a LightGBM booster and a torch module."""

    store_kind = "tests.tiny"
    store_version = 2

    def __init__(self, seed: int = 0):
        self.seed = seed
        self.booster = None
        self.net = torch.nn.Linear(3, 1)
        self.offset = np.zeros(1)

    def fit(self, X, y):
        torch.manual_seed(self.seed)
        self.net = torch.nn.Linear(X.shape[1], 1)
        self.offset = np.array([y.mean()])
        self.booster = lgb.train(
            {"objective": "regression", "verbose": -1, "num_leaves": 7}, lgb.Dataset(X, y), 20
        )
        return self

    def predict(self, X):
        with torch.no_grad():
            nn_part = self.net(torch.as_tensor(X, dtype=torch.float32)).numpy().ravel()
        return self.booster.predict(X) + nn_part + self.offset[0]

    def to_state(self):
        return ModelState(
            params={"seed": self.seed, "features": ["a", "b", "c"]},
            arrays={"offset": self.offset},
            boosters={"gbm": self.booster},
            torch_state={"net": self.net.state_dict()},
            training_data="tests/synthetic",
            metrics={"mae": 0.5},
        )

    @classmethod
    def from_state(cls, state):
        model = cls(state.params["seed"])
        model.offset = state.arrays["offset"]
        model.booster = state.boosters["gbm"]
        model.net.load_state_dict(state.torch_state["net"])
        return model


@pytest.fixture
def fitted():
    g = np.random.default_rng(0)
    X = g.normal(size=(200, 3))
    y = X @ np.array([1.0, -2.0, 0.5]) + g.normal(scale=0.1, size=200)
    return TinyModel(seed=1).fit(X, y), X


def test_round_trip_gives_identical_predictions(fitted, tmp_path):
    model, X = fitted
    folder = store.save(model, tmp_path / "m")
    loaded = store.load(folder)
    np.testing.assert_array_equal(model.predict(X), loaded.predict(X))


def _write_card_and_readme(folder, card):
    """Write an edited card with the README it generates, as a careful attacker would."""
    readme = store.render_readme(card).encode("utf-8")
    (folder / "README.md").write_bytes(readme)
    card["files"]["README.md"] = hashlib.sha256(readme).hexdigest()
    (folder / "card.json").write_text(json.dumps(card))


def test_card_records_what_the_issue_names(fitted, tmp_path):
    model, _ = fitted
    card = json.loads((store.save(model, tmp_path / "m") / "card.json").read_text())
    for key in ("kind", "version", "created", "training_data", "metrics", "parameters", "libraries", "files"):
        assert key in card
    assert card["kind"] == "tests.tiny" and card["version"] == 2
    assert card["training_data"] == "tests/synthetic"
    assert card["metrics"] == {"mae": 0.5}
    assert card["parameters"] == {"seed": 1}
    assert {"numpy", "lightgbm", "torch"} <= set(card["libraries"])
    assert set(card["files"]) == {"params.json", "arrays.npz", "gbm.lgb.txt", "net.safetensors", "README.md"}


def test_tampered_file_is_refused(fitted, tmp_path):
    model, _ = fitted
    folder = store.save(model, tmp_path / "m")
    text = (folder / "gbm.lgb.txt").read_text()
    (folder / "gbm.lgb.txt").write_text(text.replace("num_leaves=7", "num_leaves=8"))
    with pytest.raises(StoreError, match="tampered"):
        store.load(folder)


def test_unknown_kind_is_refused(fitted, tmp_path):
    model, _ = fitted
    folder = store.save(model, tmp_path / "m")
    card = json.loads((folder / "card.json").read_text())
    card["kind"], card["module"] = "nobody.knows", "os"
    _write_card_and_readme(folder, card)
    with pytest.raises(StoreError, match="unknown model kind 'nobody.knows'"):
        store.load(folder)


def test_pickle_file_is_refused(tmp_path):
    path = tmp_path / "model.pkl"
    path.write_bytes(pickle.dumps({"a": 1}))
    with pytest.raises(StoreError, match="pickle"):
        store.load(path)
    disguised = tmp_path / "model.bin"
    disguised.write_bytes(pickle.dumps([1, 2]))
    with pytest.raises(StoreError, match="pickle"):
        store.load(disguised)


def test_pickle_dropped_into_a_model_folder_is_refused(fitted, tmp_path):
    model, _ = fitted
    folder = store.save(model, tmp_path / "m")
    (folder / "extra.pkl").write_bytes(pickle.dumps(object))
    with pytest.raises(StoreError, match="pickle"):
        store.load(folder)


def test_torch_file_with_arbitrary_objects_is_refused(fitted, tmp_path):
    model, _ = fitted
    folder = store.save(model, tmp_path / "m")

    class Evil:
        def __reduce__(self):
            return (print, ("owned",))

    torch.save(
        {"weight": Evil()}, folder / "net.pt"
    )  # an old-style .pt file, as folders before safetensors held
    (folder / "net.safetensors").unlink()
    card = json.loads((folder / "card.json").read_text())
    del card["files"]["net.safetensors"]
    card["files"]["net.pt"] = hashlib.sha256(
        (folder / "net.pt").read_bytes()
    ).hexdigest()  # even with a matching checksum
    _write_card_and_readme(folder, card)
    with pytest.raises(StoreError, match="weights_only"):
        store.load(folder)


def test_object_arrays_cannot_be_saved(tmp_path):
    @store.register
    class Bad:
        store_kind = "tests.bad"
        store_version = 1

        def to_state(self):
            return ModelState(arrays={"x": np.array([{"a": 1}], dtype=object)})

        @classmethod
        def from_state(cls, state):
            return cls()

    with pytest.raises(StoreError, match="dtype object"):
        store.save(Bad(), tmp_path / "bad")


def test_unregistered_model_cannot_be_saved(tmp_path):
    with pytest.raises(StoreError, match="not a registered model kind"):
        store.save(object(), tmp_path / "x")


def test_newer_version_is_refused(fitted, tmp_path):
    model, _ = fitted
    folder = store.save(model, tmp_path / "m")
    card = json.loads((folder / "card.json").read_text())
    card["version"] = 99
    (folder / "card.json").write_text(json.dumps(card))
    with pytest.raises(StoreError, match="newer"):
        store.load(folder)


def test_expected_kind_is_checked(fitted, tmp_path):
    model, _ = fitted
    folder = store.save(model, tmp_path / "m")
    with pytest.raises(StoreError, match="not 'other.kind'"):
        store.load(folder, kind="other.kind")


def test_list_models_finds_saved_cards(fitted, tmp_path):
    model, _ = fitted
    store.save(model, tmp_path / "one")
    found = store.list_models(tmp_path)
    assert [m["kind"] for m in found] == ["tests.tiny"]


def test_save_refuses_to_overwrite_unrelated_folder(fitted, tmp_path):
    model, _ = fitted
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "thesis.txt").write_text("precious")
    with pytest.raises(StoreError, match="refusing to overwrite"):
        store.save(model, tmp_path / "docs")


def test_register_refuses_a_kind_a_card_could_not_carry():
    with pytest.raises(StoreError, match="dotted name"):

        @store.register
        class Spaced:
            store_kind = "has spaces"
            store_version = 1

    with pytest.raises(StoreError, match="store_version >= 0"):

        @store.register
        class Negative:
            store_kind = "tests.negative"
            store_version = -1


def _import_file_as(name, path):
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_module_imported_twice_saves_instances_of_either_class(tmp_path, monkeypatch):
    """pytest's importlib mode imports a module twice when its doctests are collected before tests
    that import it: the kind is then registered by the second class object, and instances of the
    first must still save (the kind is identified by module and qualified name)."""
    from shared.store import registry

    monkeypatch.setattr(registry, "_KINDS", dict(registry._KINDS))
    source = tmp_path / "twice_model.py"
    source.write_text(
        "from shared import store\n"
        "from shared.store import ModelState\n\n"
        "@store.register\n"
        "class Twice:\n"
        "    store_kind = 'tests.twice'\n"
        "    store_version = 1\n\n"
        "    def __init__(self, value=0):\n"
        "        self.value = value\n\n"
        "    def to_state(self):\n"
        "        return ModelState(params={'value': self.value})\n\n"
        "    @classmethod\n"
        "    def from_state(cls, state):\n"
        "        return cls(state.params['value'])\n",
        encoding="utf-8",
    )
    first = _import_file_as("twice_model", source)
    second = _import_file_as("twice_model", source)
    assert first.Twice is not second.Twice
    for n, module in enumerate((first, second)):
        folder = store.save(module.Twice(n + 3), tmp_path / f"saved{n}")
        assert store.load(folder).value == n + 3

    class Twice:  # same name, other module: not the registered kind
        store_kind = "tests.twice"
        store_version = 1

    with pytest.raises(StoreError, match="not a registered model kind"):
        store.save(Twice(), tmp_path / "impostor")
