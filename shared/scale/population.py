"""Population scoring by partition: the part every sector shares (input partitions, model per worker, timing).

A sector writes three functions (in ``sectors/<sector>/scoring.py``) and one module-level task that
hands them to :func:`score_partition`:

- ``synthetic(start, rows, seed) -> DataFrame``: ``rows`` synthetic entities numbered from ``start``,
  in the sector's documented population schema, seeded by ``seed`` and ``start`` alone (so any
  partition can be rebuilt anywhere);
- ``load_model(folder | None)``: the model from a store folder, or the sector's ``demo_model()``;
- ``score(model, frame, k) -> dict[str, DataFrame]``: the output tables for one partition
  (top-``k`` rows per entity, and blind-spot or summary counts).

Inputs are either a Parquet file, whose row groups are the partitions (write it with
``row_group_size`` = the partition size), or ``n`` synthetic entities cut into partitions of
``partition_rows``. Each worker process loads the model once and keeps it.

Example:
    >>> import pandas as pd
    >>> parts = partitions(synthetic_rows=250_000, partition_rows=100_000)
    >>> parts
    [(0, 100000), (100000, 100000), (200000, 50000)]
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from shared.errors import DataError

_MODELS: dict[tuple[str, str | None], Any] = {}
_LOCK = threading.Lock()


def partitions(
    *, input_path: str | Path | None = None, synthetic_rows: int | None = None, partition_rows: int = 100_000
) -> list[tuple[int, int]]:
    """(start, rows) of every partition: the row groups of ``input_path``, or slices of ``synthetic_rows``."""
    if (input_path is None) == (synthetic_rows is None):
        raise DataError(
            "give either an input file or a number of synthetic entities", expected="one of the two"
        )
    if input_path is not None:
        import pyarrow.parquet as pq

        path = Path(input_path)
        if not path.is_file():
            raise DataError("no such Parquet file", file=str(path))
        try:
            meta = pq.ParquetFile(path).metadata
        except Exception as exc:  # pyarrow raises its own types for a file that is not Parquet
            raise DataError(f"not a readable Parquet file ({type(exc).__name__})", file=str(path)) from None
        out, start = [], 0
        for i in range(meta.num_row_groups):
            n = meta.row_group(i).num_rows
            out.append((start, n))
            start += n
        return out
    if synthetic_rows is None or synthetic_rows < 1 or partition_rows < 1:
        raise DataError("the synthetic population and the partition size must be positive", expected="N >= 1")
    return [(s, min(partition_rows, synthetic_rows - s)) for s in range(0, synthetic_rows, partition_rows)]


def read_partition(input_path: str | Path, index: int, columns: list[str] | None = None) -> pd.DataFrame:
    """Row group ``index`` of a Parquet file (only that group is read)."""
    import pyarrow.parquet as pq

    return pq.ParquetFile(input_path).read_row_group(index, columns=columns).to_pandas()


def model_for(load_model: Callable[[str | None], Any], folder: str | None) -> Any:
    """The model of this worker process for ``folder`` (loaded on first use, then kept)."""
    key = (f"{load_model.__module__}.{load_model.__qualname__}", folder)
    with _LOCK:
        if key not in _MODELS:
            _MODELS[key] = load_model(folder)
        return _MODELS[key]


def check_columns(frame: pd.DataFrame, schema: dict[str, str], where: str) -> pd.DataFrame:
    """``frame`` if it has every column of the documented ``schema``, else DataError naming the first missing."""
    missing = [c for c in schema if c not in frame.columns]
    if missing:
        raise DataError(
            "population column is missing", file=where, column=missing[0], expected=", ".join(schema)
        )
    return frame


def score_partition(
    index: int,
    *,
    synthetic: Callable[[int, int, int | None], pd.DataFrame],
    load_model: Callable[[str | None], Any],
    score: Callable[[Any, pd.DataFrame, int], dict[str, pd.DataFrame]],
    schema: dict[str, str],
    input_path: str | None = None,
    synthetic_rows: int | None = None,
    partition_rows: int = 100_000,
    seed: int | None = None,
    model_dir: str | None = None,
    k: int = 5,
) -> dict[str, pd.DataFrame]:
    """Make or read partition ``index``, score it with the worker's model, return the output tables."""
    if input_path is not None:
        frame = check_columns(read_partition(input_path, index), schema, f"{input_path} (row group {index})")
    else:
        start, rows = partitions(synthetic_rows=synthetic_rows, partition_rows=partition_rows)[index]
        frame = synthetic(start, rows, seed)
    return score(model_for(load_model, model_dir), frame, k)


def check_file_schema(input_path: str | Path, schema: dict[str, str]) -> None:
    """DataError naming the file and the first column of ``schema`` its Parquet schema lacks (reads the footer only)."""
    import pyarrow.parquet as pq

    path = Path(input_path)
    try:
        names = set(pq.read_schema(path).names)
    except FileNotFoundError:
        raise DataError("no such Parquet file", file=str(path)) from None
    except Exception as exc:  # pyarrow raises its own types for a file that is not Parquet
        raise DataError(f"not a readable Parquet file ({type(exc).__name__})", file=str(path)) from None
    missing = [c for c in schema if c not in names]
    if missing:
        raise DataError(
            f"population column is missing ({len(missing)} of {len(schema)} missing)",
            file=str(path),
            column=missing[0],
            expected=", ".join(schema),
        )


def write_synthetic(
    synthetic: Callable[[int, int, int | None], pd.DataFrame],
    path: str | Path,
    rows: int,
    *,
    partition_rows: int = 100_000,
    seed: int | None = None,
) -> list[tuple[int, int]]:
    """Write ``rows`` synthetic entities to one Parquet file, one row group per partition; returns the partitions.

    The file is what ``--input`` reads: partition ``i`` of the file is the same population as
    partition ``i`` of ``--synthetic rows --partition-rows partition_rows --seed seed``.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    parts = partitions(synthetic_rows=rows, partition_rows=partition_rows)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    writer = None
    try:
        for start, n in parts:
            table = pa.Table.from_pandas(synthetic(start, n, seed), preserve_index=False)
            if writer is None:
                writer = pq.ParquetWriter(target, table.schema)
            writer.write_table(table, row_group_size=n)
    finally:
        if writer is not None:
            writer.close()
    return parts
