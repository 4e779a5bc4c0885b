"""Partitioned Parquet output that a crashed or repeated run can finish without losing or doubling rows.

Layout under the output folder::

    <table>/part-00042.parquet     one file per table and partition (written to a temporary name, then renamed)
    _done/part-00042.json          written last: the partition's row count per table

A partition is complete when its ``_done`` marker exists; a rerun computes only the partitions
without one, and rewriting a partition replaces its files (the rename is atomic), so a task run
twice (a retried or duplicated Dask task) still leaves exactly one copy of each row.

Example:
    >>> import pandas as pd, tempfile
    >>> out = PartitionedOutput(tempfile.mkdtemp())
    >>> out.write(3, {"top": pd.DataFrame({"x": [1, 2]})})
    {'top': 2}
    >>> out.missing(5), out.read("top")["x"].tolist()
    ([0, 1, 2, 4], [1, 2])
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path

import pandas as pd

from shared.errors import DataError

DONE = "_done"
_TABLE = re.compile(r"^[a-z][a-z0-9_]{0,40}$")


def part_name(index: int) -> str:
    """The file stem of partition ``index`` (``part-00042``)."""
    return f"part-{int(index):05d}"


class PartitionedOutput:
    """A folder of partitioned Parquet tables with completion markers (see the module docstring)."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    @staticmethod
    def _replace(target: Path, write: Callable[[Path], object]) -> None:
        """``write`` a temporary file beside ``target``, then rename it into place (atomic on one file system)."""
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        write(tmp)
        os.replace(tmp, target)

    def write(self, index: int, tables: Mapping[str, pd.DataFrame]) -> dict[str, int]:
        """Write partition ``index`` of every table, then its completion marker; returns the row counts."""
        counts: dict[str, int] = {}
        for name, frame in tables.items():
            if not _TABLE.fullmatch(name):
                raise DataError(
                    f"table name {name!r} is not a plain lower-case name", expected="[a-z][a-z0-9_]*"
                )
            target = self.folder / name / f"{part_name(index)}.parquet"
            self._replace(
                target, lambda tmp, frame=frame: frame.to_parquet(tmp, engine="pyarrow", index=False)
            )
            counts[name] = len(frame)
        marker = json.dumps({"partition": int(index), "rows": counts}).encode()
        self._replace(self.folder / DONE / f"{part_name(index)}.json", lambda tmp: tmp.write_bytes(marker))
        return counts

    def done(self) -> set[int]:
        """Indices of the complete partitions."""
        folder = self.folder / DONE
        if not folder.is_dir():
            return set()
        return {int(p.stem.split("-")[1]) for p in folder.glob("part-*.json")}

    def missing(self, n_partitions: int) -> list[int]:
        """Indices in ``range(n_partitions)`` still to compute."""
        done = self.done()
        return [i for i in range(n_partitions) if i not in done]

    def rows(self) -> dict[str, int]:
        """Rows per table over the complete partitions (from the markers)."""
        total: dict[str, int] = {}
        for p in sorted((self.folder / DONE).glob("part-*.json")):
            for name, n in json.loads(p.read_text())["rows"].items():
                total[name] = total.get(name, 0) + int(n)
        return total

    def read(self, table: str) -> pd.DataFrame:
        """One table, every complete partition in partition order."""
        done = sorted(self.done())
        parts = [self.folder / table / f"{part_name(i)}.parquet" for i in done]
        parts = [p for p in parts if p.exists()]
        if not parts:
            raise DataError("no complete partition holds this table", file=str(self.folder / table))
        return pd.concat([pd.read_parquet(p, engine="pyarrow") for p in parts], ignore_index=True)
