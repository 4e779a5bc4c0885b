"""Population files: one row group per partition, and a missing documented column named with the file."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from shared.errors import DataError
from shared.scale.population import check_file_schema, partitions, read_partition, write_synthetic


def make(start: int, rows: int, seed: int | None) -> pd.DataFrame:
    """A tiny seeded population: ids from ``start``, values from (seed, start)."""
    g = np.random.default_rng([seed or 0, start])
    return pd.DataFrame({"id": np.arange(start, start + rows), "x": g.random(rows)})


def test_write_synthetic_makes_one_row_group_per_partition(tmp_path):
    path = tmp_path / "pop.parquet"
    parts = write_synthetic(make, path, 25, partition_rows=10, seed=1)
    assert parts == partitions(input_path=path) == [(0, 10), (10, 10), (20, 5)]
    assert pq.ParquetFile(path).metadata.num_row_groups == 3
    pd.testing.assert_frame_equal(read_partition(path, 1), make(10, 10, 1))


def test_check_file_schema_names_file_and_first_missing_column(tmp_path):
    path = tmp_path / "pop.parquet"
    make(0, 3, 1).to_parquet(path, index=False)
    check_file_schema(path, {"id": "int64", "x": "float"})
    with pytest.raises(DataError) as err:
        check_file_schema(path, {"id": "int64", "y": "float", "z": "float"})
    assert str(err.value).startswith(f"{path}: column 'y': population column is missing")
    with pytest.raises(DataError, match="not a readable Parquet"):
        (tmp_path / "bad.parquet").write_text("no")
        check_file_schema(tmp_path / "bad.parquet", {"id": "int64"})
