"""Schema checks that fail with a message naming the file, the column and what was expected."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from shared.errors import DataError

#: Column kinds understood by :func:`check_columns`.
KINDS = ("number", "integer", "text", "datetime", "any")


def require_files(folder: str | Path, names: Iterable[str]) -> None:
    """Fail unless every file in ``names`` exists in ``folder``."""
    folder = Path(folder)
    if not folder.is_dir():
        raise DataError("folder not found", file=folder, expected="a folder holding the dataset")
    missing = [n for n in names if not (folder / n).exists()]
    if missing:
        raise DataError(f"missing file(s): {', '.join(missing)}", file=folder, expected="the dataset's files")


def check_columns(frame: pd.DataFrame, schema: Mapping[str, str], *, file: str | Path) -> pd.DataFrame:
    """Check that ``frame`` has each column of ``schema`` with values of the given kind.

    Numbers and dates are converted in place; a value that does not convert is reported with
    its row. Returns the (converted) frame.

    Example:
        >>> check_columns(pd.DataFrame({"a": ["1", "2"]}), {"a": "number"}, file="x.csv")["a"].tolist()
        [1.0, 2.0]
    """
    for column, kind in schema.items():
        if kind not in KINDS:
            raise ValueError(f"unknown column kind {kind!r}; use one of {KINDS}")
        if column not in frame.columns:
            raise DataError(
                "column is missing",
                file=file,
                column=column,
                expected=f"a header with {', '.join(schema)}; found {', '.join(map(str, frame.columns[:12]))}",
            )
        series = frame[column]
        if kind in ("number", "integer"):
            converted = pd.to_numeric(series, errors="coerce")
            bad = converted.isna() & series.notna() & (series.astype(str).str.strip() != "")
            if bad.any():
                row = int(np.flatnonzero(bad.to_numpy())[0])
                raise DataError(
                    f"value {series.iloc[row]!r} in row {row + 1} is not a number",
                    file=file,
                    column=column,
                    expected=kind,
                )
            if kind == "integer" and converted.notna().any():
                nonint = converted.notna() & (converted != np.round(converted))
                if nonint.any():
                    row = int(np.flatnonzero(nonint.to_numpy())[0])
                    raise DataError(
                        f"value {series.iloc[row]!r} in row {row + 1} is not a whole number",
                        file=file,
                        column=column,
                        expected="integer",
                    )
            frame[column] = converted.astype(float) if kind == "number" else converted
        elif kind == "datetime":
            converted = pd.to_datetime(series, errors="coerce")
            bad = converted.isna() & series.notna()
            if bad.any():
                row = int(np.flatnonzero(bad.to_numpy())[0])
                raise DataError(
                    f"value {series.iloc[row]!r} in row {row + 1} is not a date/time",
                    file=file,
                    column=column,
                    expected="ISO 8601, e.g. 2024-03-01T08:05:00",
                )
            frame[column] = converted
        elif kind == "text":
            frame[column] = series.astype("string")
    return frame


def read_table(
    path: str | Path,
    schema: Mapping[str, str],
    *,
    sep: str = ",",
    encoding: str = "utf-8-sig",
    **read_kwargs,
) -> pd.DataFrame:
    """Read a delimited text file and check it against ``schema`` (column -> kind)."""
    path = Path(path)
    if not path.is_file():
        raise DataError("file not found", file=path, expected=f"a table with columns {', '.join(schema)}")
    try:
        frame = pd.read_csv(path, sep=sep, encoding=encoding, **read_kwargs)
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise DataError(f"cannot be parsed: {exc}", file=path, expected="a delimited text table") from exc
    return check_columns(frame, schema, file=path)
