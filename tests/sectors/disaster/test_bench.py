"""``civic bench disaster`` on a generated CAMELS folder and the bundled JTWC slice (quick settings)."""

from __future__ import annotations

import json
import shutil

import pytest

from sectors.disaster import synthetic_camels, write_camels_folder
from sectors.disaster.bench import FLOOD_KEYS, run
from sectors.disaster.data import typhoon_folder
from shared.bench import BenchOptions
from shared.errors import DataError


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    root = tmp_path_factory.mktemp("data")
    write_camels_folder(
        synthetic_camels(3, start="2000-10-01", end="2005-09-30", seed=11), root / "disaster" / "camels"
    )
    (root / "disaster" / "typhoon").mkdir(parents=True)
    shutil.copy(typhoon_folder()[0] / "JTWC.csv", root / "disaster" / "typhoon" / "JTWC.csv")
    return run(BenchOptions(data_dir=root, quick=True, seed=0))


def test_rows_use_the_issue_keys(report):
    flood = [r for r in report.rows if r["task"] == "flood"]
    typhoon = [r for r in report.rows if r["task"] == "typhoon"]
    assert {r["model"] for r in flood} == {"persistence", "climatology", "lightgbm", "lstm"}
    assert {r["model"] for r in typhoon} == {"persistence", "cliper", "lightgbm", "mlp"}
    for row in flood:
        assert set(FLOOD_KEYS) <= set(row) and "train_s" in row
    for row in typhoon:
        assert {"track_km_24h", "track_km_48h", "track_km_72h", "train_s"} <= set(row)
    assert {r["split"] for r in flood} == {"temporal", "basins_out"}


def test_report_has_tables_headline_and_writes_json(report, tmp_path):
    assert {"flood_all_leads", "typhoon_errors", "typhoon_published", "strike_check"} <= set(report.tables)
    assert report.headline["model"] == "lstm" and report.device.startswith("cpu")
    data = json.loads(report.write_json(tmp_path / "disaster.json").read_text())
    assert data["sector"] == "disaster" and len(data["rows"]) == len(report.rows)
    assert "== disaster benchmark" in report.render()


def test_without_data_it_says_what_to_pass(tmp_path):
    with pytest.raises(DataError, match="--data"):
        run(BenchOptions(data_dir=None))
    with pytest.raises(DataError, match="neither CAMELS basins nor JTWC tracks"):
        run(BenchOptions(data_dir=tmp_path))
