"""Merging the medical rows into a welfare report keeps every other row, table and note."""

import json

import pandas as pd

from sectors.welfare.medical.bench import TASK, merge_into


def test_merge_replaces_only_the_medical_part(tmp_path):
    path = tmp_path / "welfare.json"
    path.write_text(
        json.dumps(
            {
                "sector": "welfare",
                "rows": [
                    {"model": "lambdarank", "task": "rank", "ndcg@5": 0.7},
                    {"model": "old", "task": TASK},
                ],
                "tables": {"coverage": {"columns": [], "index": [], "data": []}, "medical_old": {}},
                "notes": ["ranking note", "medical_risk old note"],
            }
        ),
        encoding="utf-8",
    )
    rows = [{"model": "lightgbm", "task": TASK, "auroc": 0.7, "auprc": float("nan"), "brier": 0.2}]
    merged = merge_into(
        path, rows, {"medical_calibration": pd.DataFrame({"bin": [1]})}, ["medical_risk new note"]
    )
    assert [r["model"] for r in merged["rows"]] == ["lambdarank", "lightgbm"]
    assert merged["rows"][1]["auprc"] is None  # NaN is written as null
    assert set(merged["tables"]) == {"coverage", "medical_calibration"}
    assert merged["notes"] == ["ranking note", "medical_risk new note"]
    assert json.loads(path.read_text(encoding="utf-8")) == merged
