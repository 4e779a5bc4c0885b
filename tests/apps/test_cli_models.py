"""`civic info` lists every folder in the model directory, a broken one as broken with its reason."""

from __future__ import annotations

import hashlib
import json

import numpy as np
from typer.testing import CliRunner

from apps import cli
from shared import store
from shared.store import ModelState

runner = CliRunner()


@store.register
class MeanModel:
    """A one-number model, enough to fill a model folder."""

    store_kind = "tests.cli.mean"
    store_version = 1

    def __init__(self, mu: float = 0.0) -> None:
        self.mu = mu

    def to_state(self) -> ModelState:
        return ModelState(arrays={"mu": np.array([self.mu])})

    @classmethod
    def from_state(cls, state: ModelState) -> MeanModel:
        return cls(float(state.arrays["mu"][0]))


def _lines_for(output: str, name: str) -> list[str]:
    return [line for line in output.splitlines() if line.strip().startswith(name + " ")]


def test_info_lists_broken_model_folders_with_their_reason(tmp_path, monkeypatch):
    monkeypatch.setenv("CIVIC_MODEL_DIR", str(tmp_path))
    monkeypatch.delenv("CIVIC_STORE_KEY", raising=False)
    good = store.save(MeanModel(2.0), tmp_path / "good")
    (store.save(MeanModel(1.0), tmp_path / "nullcard") / "card.json").write_text("null")
    (tmp_path / "linked").symlink_to(good, target_is_directory=True)
    (tmp_path / "nocard").mkdir()
    crafted = store.save(MeanModel(1.0), tmp_path / "crafted")
    garbage = b"tree\nversion=v4\nnum_leaves=99999999999\n"
    (crafted / "gbm.lgb.txt").write_bytes(garbage)
    card = json.loads((crafted / "card.json").read_text())
    card["files"]["gbm.lgb.txt"] = hashlib.sha256(garbage).hexdigest()
    (crafted / "card.json").write_text(json.dumps(card))

    result = runner.invoke(cli.app, ["info"])

    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert f"stored models in {tmp_path}: 5" in result.output
    expected = {
        "nullcard": "must be a JSON object (found null)",
        "linked": "is a symbolic link",
        "nocard": "holds no card.json",
        "crafted": "gbm.lgb.txt: LightGBM model",
    }
    for name, reason in expected.items():
        [line] = _lines_for(result.output, name)
        assert "BROKEN: " in line and reason in line, line
    [line] = _lines_for(result.output, "good")
    assert "tests.cli.mean" in line and "BROKEN" not in line
