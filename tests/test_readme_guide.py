"""The README's "Adding a model or a sector" example runs, and the model it builds passes the conformance checks."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from shared.errors import DataError
from shared.estimator_checks import ConformanceCase, check_model

README = Path(__file__).resolve().parents[1] / "README.md"


def _guide_code() -> str:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Adding a model or a sector", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)\n```", section, flags=re.S)
    assert blocks, "the guide needs its python example"
    return blocks[0]


def test_the_guide_example_runs_and_conforms(tmp_path):
    code = _guide_code().replace("/tmp/civic-guide-model", str(tmp_path / "guide-model"))
    scope: dict = {"__name__": "readme_guide"}
    exec(compile(code, str(README), "exec"), scope)
    cls, taken, homes = scope["RegionPopularity"], scope["taken"], scope["homes"]
    out = scope["model"].recommend(homes)
    assert out[["entity_id", "item_id", "rank"]].values.tolist() == [["h1", "s1", 1], ["h2", "s2", 1]]
    case = ConformanceCase(
        make=lambda: cls(k=2),
        fit=lambda m: m.fit(taken),
        predict=lambda m: m.recommend(homes),
        schema="ranked",
        bad_input=lambda m: m.fit(pd.DataFrame({"area": ["x"], "service": ["s"]})),
    )
    check_model(case, tmp_path)
    assert np.isfinite(scope["model"].fit_seconds_)
    with pytest.raises(DataError, match="region"):
        cls().fit(pd.DataFrame({"x": [1]}))
