"""Read interaction logs: a CSV with header ``user,item,rating,timestamp`` or MovieLens' tab-separated u.data.

Both become the engine's interaction table with columns ``user``, ``item``, ``time`` (datetime) and
``weight`` (the rating, or 1.0 when there is none). MovieLens' ``u.data`` has no header: its four
tab-separated columns are user id, item id, rating and a Unix timestamp in seconds.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from shared.data.validate import check_columns, reading, require_rows
from shared.errors import DataError

INTERACTION_COLUMNS = ("user", "item", "time", "weight")
CSV_HEADER = ("user", "item", "rating", "timestamp")


def _sniff(path: Path) -> str:
    with path.open(encoding="utf-8-sig", errors="replace") as f:
        first = f.readline()
    if not first.strip():
        raise DataError("the file is empty", file=path, expected="an interaction log")
    if "\t" in first:
        return "udata"
    return "csv"


def _to_time(values: pd.Series, path: Path, column: str) -> pd.Series:
    """Unix seconds when the column is numeric, otherwise ISO dates."""
    numeric = pd.to_numeric(values, errors="coerce")
    if numeric.notna().all():
        seconds = numeric.to_numpy(dtype=float)
        # Unix seconds that pandas (nanoseconds, 1677-2262) can hold
        outside = ~np.isfinite(seconds) | (np.abs(seconds) > 9.2e9)
        if outside.any():
            row = int(np.flatnonzero(outside)[0])
            raise DataError(
                f"value {values.iloc[row]!r} in row {row + 1} is out of range",
                file=path,
                column=column,
                expected="Unix seconds of a date between 1677 and 2262, or an ISO date",
            )
        return pd.to_datetime(numeric.astype("int64"), unit="s")
    checked = check_columns(pd.DataFrame({column: values}), {column: "datetime"}, file=path)
    return checked[column]


def read_interactions(path: str | Path) -> pd.DataFrame:
    """Read an interaction log (CSV ``user,item,rating,timestamp`` or MovieLens ``u.data``).

    Returns columns ``user``, ``item`` (strings), ``time`` (datetime64) and ``weight`` (float),
    sorted by user then time. ``timestamp`` may be Unix seconds or an ISO date; ``rating`` may be
    empty (weight 1.0).

    Example:
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "u.data"
        >>> _ = p.write_text("196\\t242\\t3\\t881250949\\n186\\t302\\t3\\t891717742\\n")
        >>> read_interactions(p)[["user", "item", "weight"]].values.tolist()
        [['186', '302', 3.0], ['196', '242', 3.0]]
    """
    path = Path(path)
    if not path.is_file():
        raise DataError(
            "file not found", file=path, expected="a CSV user,item,rating,timestamp or a u.data file"
        )
    with reading(path, "a CSV user,item,rating,timestamp or a u.data file"):
        kind = _sniff(path)
    with reading(path, "a CSV user,item,rating,timestamp or a u.data file (UTF-8)"):
        if kind == "udata":
            frame = pd.read_csv(path, sep="\t", header=None, dtype=str, encoding="utf-8-sig")
            if frame.shape[1] != 4:
                raise DataError(
                    f"{frame.shape[1]} tab-separated columns",
                    file=path,
                    expected="MovieLens u.data: user id, item id, rating, timestamp",
                )
            frame.columns = list(CSV_HEADER)
        else:
            frame = pd.read_csv(path, dtype=str, encoding="utf-8-sig")
    require_rows(frame, file=path, expected="one interaction per row after the header")
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    for column in ("user", "item", "timestamp"):
        if column not in frame.columns:
            raise DataError(
                "column is missing",
                file=path,
                column=column,
                expected="a header user,item,rating,timestamp (or MovieLens u.data)",
            )
        if frame[column].isna().any():
            row = int(frame[column].isna().to_numpy().argmax())
            raise DataError(f"empty value in row {row + 1}", file=path, column=column, expected="a value")
    if "rating" in frame.columns and frame["rating"].notna().any():
        weight = check_columns(frame[["rating"]].copy(), {"rating": "number"}, file=path)["rating"].fillna(
            1.0
        )
    else:
        weight = pd.Series(1.0, index=frame.index)
    out = pd.DataFrame(
        {
            "user": frame["user"].str.strip(),
            "item": frame["item"].str.strip(),
            "time": _to_time(frame["timestamp"], path, "timestamp"),
            "weight": weight.astype(float),
        }
    )
    return out.sort_values(["user", "time"], kind="stable").reset_index(drop=True)
