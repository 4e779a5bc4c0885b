"""`civic bench traffic` on a generated folder in the plain format, and its data resolution."""

import json

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from apps import cli
from sectors.traffic.bench import ROW_KEYS, resolve_network
from sectors.traffic.synthetic import synthetic_network
from shared.data.formats.traffic import write_plain_folder
from shared.errors import DataError


def test_bench_runs_on_any_plain_folder_and_writes_the_agreed_keys(tmp_path):
    folder = write_plain_folder(synthetic_network(12, 3 * 288, seed=4), tmp_path / "mynet")
    out = tmp_path / "traffic.json"
    result = CliRunner().invoke(
        cli.app, ["bench", "traffic", "--data", str(folder), "--quick", "--json", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "civic_stid" in result.output and "seasonal_naive" in result.output and "device" in result.output
    report = json.loads(out.read_text())
    models = [r["model"] for r in report["rows"]]
    assert models == ["historical_average", "last_value", "seasonal_naive", "lightgbm", "nhits", "civic_stid"]
    for row in report["rows"]:
        assert tuple(row) == ROW_KEYS
        assert all(np.isfinite(row[k]) and row[k] >= 0 for k in ROW_KEYS[1:])
    assert report["headline"]["model"] == "civic_stid" and report["headline"]["unit"] == "mph"
    assert "horizons" in report["tables"] and any("12 in, 12 out" in n for n in report["notes"])


def test_bench_needs_a_data_folder_and_prefers_the_metr_la_slice(tmp_path):
    with pytest.raises(DataError, match="--data DIR"):
        resolve_network(None)
    slice_dir = tmp_path / "traffic" / "metr-la-7d"
    slice_dir.mkdir(parents=True)
    pd.DataFrame(np.full((400, 3), 60.0), columns=["1", "2", "3"]).to_csv(
        slice_dir / "los_speed.csv", index=False
    )
    ds, described = resolve_network(tmp_path)
    assert "metr-la-7d" in described and ds.sizes == {"time": 400, "sensor": 3}
    with pytest.raises(DataError, match="no traffic network"):
        resolve_network(tmp_path / "traffic")
