"""``civic score``: every scoring sector writes its tables, a 2-worker cluster writes the same rows as one
process, a population file without a documented column is refused naming file and column (exit 2),
and a rerun after a failed partition computes only that partition."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from apps import cli
from sectors.welfare import scoring as welfare
from shared.scale import PartitionedOutput
from shared.scale.population import write_synthetic

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[2]
TABLES = {
    "welfare": {"top", "blind_spots", "services", "summary"},
    "finance": {"top", "products", "summary"},
    "employment": {"top", "occupations", "summary"},
}
ENTITY = {"welfare": "household_id", "finance": "customer_id", "employment": "seeker_id"}


def _score(*args: str):
    return runner.invoke(cli.app, ["score", *args])


@pytest.mark.parametrize("sector", sorted(TABLES))
def test_each_sector_scores_a_small_synthetic_population(sector, tmp_path):
    result = _score(
        sector,
        "--synthetic",
        "120",
        "--partition-rows",
        "50",
        "--seed",
        "3",
        "--k",
        "3",
        "--output",
        str(tmp_path),
    )
    assert result.exit_code == 0, result.output
    assert "3 partition(s) scored now" in result.output
    out = PartitionedOutput(tmp_path)
    assert out.done() == {0, 1, 2}
    assert set(out.rows()) == TABLES[sector]
    top = out.read("top")
    assert list(top.columns[:3]) == [ENTITY[sector], "rank", top.columns[2]]
    assert top[ENTITY[sector]].between(0, 119).all() and top["rank"].between(1, 3).all()
    assert top.groupby(ENTITY[sector])["rank"].apply(lambda r: r.tolist() == list(range(1, len(r) + 1))).all()
    assert out.read("summary").iloc[:, 0].sum() == 120


def test_input_file_gives_the_same_rows_as_the_synthetic_run(tmp_path):
    path = tmp_path / "households.parquet"
    parts = write_synthetic(welfare.synthetic, path, 120, partition_rows=50, seed=3)
    assert parts == [(0, 50), (50, 50), (100, 20)]
    assert _score("welfare", "--input", str(path), "--output", str(tmp_path / "file")).exit_code == 0
    assert (
        _score(
            "welfare",
            "--synthetic",
            "120",
            "--partition-rows",
            "50",
            "--seed",
            "3",
            "--output",
            str(tmp_path / "synthetic"),
        ).exit_code
        == 0
    )
    for table in TABLES["welfare"]:
        pd.testing.assert_frame_equal(
            PartitionedOutput(tmp_path / "file").read(table),
            PartitionedOutput(tmp_path / "synthetic").read(table),
        )


def test_a_file_without_a_documented_column_is_refused_naming_file_and_column(tmp_path):
    path = tmp_path / "households.parquet"
    frame = welfare.synthetic(0, 20, seed=1).drop(columns=["income"])
    frame.to_parquet(path, index=False)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "apps.cli",
            "score",
            "welfare",
            "--input",
            str(path),
            "--output",
            str(tmp_path / "o"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
    )
    assert done.returncode == 2, done.stderr
    assert str(path) in done.stderr and "income" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "o" / "top").exists()


def test_a_rerun_after_a_failed_partition_computes_only_that_partition(tmp_path):
    path = tmp_path / "households.parquet"
    frames = [welfare.synthetic(start, 30, seed=2) for start in (0, 30, 60)]
    frames[1].loc[4, "income"] = -1.0  # partition 1 holds a negative income
    pd.concat(frames).to_parquet(path, index=False, row_group_size=30)
    first = _score("welfare", "--input", str(path), "--output", str(tmp_path / "o"))
    assert first.exit_code == 1
    assert "partition 1 failed" in first.output and "income" in first.output
    assert PartitionedOutput(tmp_path / "o").done() == {0, 2}
    frames[1].loc[4, "income"] = 1_000_000.0
    pd.concat(frames).to_parquet(path, index=False, row_group_size=30)
    second = _score("welfare", "--input", str(path), "--output", str(tmp_path / "o"))
    assert second.exit_code == 0, second.output
    assert "1 partition(s) scored now, 2 already done" in second.output
    assert PartitionedOutput(tmp_path / "o").read("summary")["households"].tolist() == [30, 30, 30]


@pytest.mark.slow
def test_two_local_workers_write_exactly_the_in_process_rows(tmp_path):
    pytest.importorskip("distributed")
    args = ["--synthetic", "160", "--partition-rows", "40", "--seed", "5"]
    serial = _score("welfare", *args, "--output", str(tmp_path / "serial"))
    assert serial.exit_code == 0, serial.output
    dask = _score("welfare", *args, "--workers", "2", "--output", str(tmp_path / "dask"))
    assert dask.exit_code == 0, dask.output
    assert "4 partition(s) scored now" in dask.output
    for table in TABLES["welfare"]:
        pd.testing.assert_frame_equal(
            PartitionedOutput(tmp_path / "serial").read(table),
            PartitionedOutput(tmp_path / "dask").read(table),
        )
