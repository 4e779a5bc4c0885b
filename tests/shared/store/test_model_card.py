"""Every saved folder carries a README.md model card generated from card.json; an edited one is refused."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from shared import store
from shared.errors import StoreError
from shared.estimator import Estimator


@store.register
class CardedModel(Estimator):
    """A tiny estimator that states its intended use and limitations and fingerprints its data."""

    store_kind = "tests.store.carded"
    intended_use = "Ranking test items.\n Nothing else."
    limitations = "Knows only two numbers."

    def __init__(self, shrink: float = 0.0):
        self.shrink = shrink

    def fit(self, X: pd.DataFrame, y: np.ndarray):
        self.mean_ = float(np.mean(y)) * (1 - self.shrink)
        self.training_data_ = store.fingerprint(X, y)
        self.metrics_ = {"mae": 0.25, "recall@5": 0.5}
        return self


EXTRA = {
    "datasets": ["traffic/metr-la-7d"],
    "data_licence": "MIT; cite DCRNN",
    "data_attribution": "Li et al. (2018)",
    "evaluation": {"data": "METR-LA last 20%", "split": "chronological 70/10/20"},
    "device": "cpu",
}


@pytest.fixture
def carded(tmp_path, monkeypatch):
    monkeypatch.delenv("CIVIC_STORE_KEY", raising=False)
    X = pd.DataFrame({"a": [1.0, 2.0, 3.0]})
    model = CardedModel(shrink=0.5).fit(X, np.array([1.0, 2.0, 3.0]))
    return model, store.save(model, tmp_path / "m", card_extra=EXTRA)


def test_the_readme_is_listed_checksummed_and_equal_to_what_the_card_generates(carded):
    model, folder = carded
    card = store.read_card(folder)
    text = (folder / "README.md").read_text(encoding="utf-8")
    assert "README.md" in card["files"]
    assert text == store.render_readme(card)
    front = text.split("---\n")[1]
    for line in (
        'license: "apache-2.0"',
        'library_name: "civic-ai-suite"',
        '- "traffic/metr-la-7d"',
        '- "mae"',
    ):
        assert line in front
    for heading in ("## Model details", "## Intended use", "## Limitations", "## Training data",
                    "### Training-data fingerprint", "## Evaluation", "## Library versions"):  # fmt: skip
        assert heading in text
    assert "Ranking test items. Nothing else." in text and "Knows only two numbers." in text
    assert f"`{model.training_data_}`" in text and model.training_data_.startswith("sha256:")
    assert "MIT; cite DCRNN" in text and "Li et al. (2018)" in text
    assert "chronological 70/10/20" in text and "| recall@5 | 0.5 |" in text
    assert "| kiwipiepy |" in text and "| device | cpu |" in text
    assert card["intended_use"] == "Ranking test items. Nothing else."


def test_a_tampered_readme_is_refused_even_with_its_checksum_updated(carded, folder_tools):
    _, folder = carded
    text = (folder / "README.md").read_text(encoding="utf-8")
    folder_tools.replace_file(folder, "README.md", text.replace("Knows only", "Knows all").encode())
    with pytest.raises(StoreError, match="README.md differs from the model card"):
        store.load(folder)


def test_an_edited_card_is_refused_because_its_readme_no_longer_matches(carded, folder_tools):
    _, folder = carded
    card = folder_tools.read_card(folder)
    card["data_licence"] = "public domain"
    (folder / "card.json").write_text(__import__("json").dumps(card))
    with pytest.raises(StoreError, match="README.md differs"):
        store.load(folder)


def test_a_folder_saved_before_readmes_still_loads(carded, folder_tools):
    model, folder = carded
    card = folder_tools.read_card(folder)
    del card["files"]["README.md"]
    (folder / "README.md").unlink()
    folder_tools.write_card(folder, card)
    assert store.load(folder).mean_ == model.mean_


def test_a_model_without_stated_facts_says_so(parts_model, tmp_path):
    folder = store.save(parts_model[0], tmp_path / "p")
    text = (folder / "README.md").read_text(encoding="utf-8")
    assert text.count("Not stated by the model class.") == 2
    assert "Licence: not recorded" in text and "- pytorch" not in text and '- "pytorch"' in text


def test_library_versions_include_kiwipiepy():
    versions = store.library_versions()
    assert {"kiwipiepy", "lightgbm", "torch", "numpy"} <= set(versions)


def test_fingerprint_follows_values_names_and_order_not_layout():
    X = pd.DataFrame({"a": [1, 2, 3], "b": ["x", "y", None]})
    base = store.fingerprint(X)
    assert base == store.fingerprint(X.copy())
    assert base != store.fingerprint(X.rename(columns={"b": "c"}))
    assert base != store.fingerprint(X.iloc[::-1])
    assert base != store.fingerprint(X.assign(a=[1, 2, 4]))
    arr = np.arange(12.0).reshape(3, 4)
    assert store.fingerprint(arr) == store.fingerprint(np.asfortranarray(arr))
    assert store.fingerprint(arr) != store.fingerprint(arr.reshape(4, 3))
    assert store.fingerprint(arr, X) != store.fingerprint(X, arr)
