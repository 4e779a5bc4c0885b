"""Schema checks that fail with a message naming the file, the column and what was expected."""

from __future__ import annotations

import gzip
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd

from shared.errors import DataError

#: Column kinds understood by :func:`check_columns`.
KINDS = ("number", "integer", "text", "datetime", "any")

#: What a reader may raise on a malformed file: bad encoding, truncated or fake gzip/zip, a table
#: pandas cannot parse, an empty file, an unreadable HDF5 or NPZ (h5py and numpy raise OSError or
#: ValueError), dates out of range.
READ_ERRORS: tuple[type[BaseException], ...] = (
    UnicodeDecodeError,
    EOFError,
    gzip.BadGzipFile,
    zipfile.BadZipFile,
    zlib.error,
    pd.errors.ParserError,
    pd.errors.EmptyDataError,
    pd.errors.OutOfBoundsDatetime,
    OverflowError,
    OSError,
    ValueError,
)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return f"not UTF-8 text (byte {exc.object[exc.start : exc.start + 1]!r} at offset {exc.start})"
    if isinstance(exc, (EOFError, gzip.BadGzipFile, zlib.error)):
        return f"compressed data is truncated or corrupt ({type(exc).__name__}: {exc})"
    if isinstance(exc, pd.errors.EmptyDataError):
        return "the file is empty"
    text = " ".join(str(exc).split()) or type(exc).__name__
    return f"cannot be read ({type(exc).__name__}: {text[:300]})"


@contextmanager
def reading(path: str | Path, expected: str) -> Iterator[None]:
    """Turn what a reader raises on a malformed file (:data:`READ_ERRORS`) into a DataError naming it.

    A DataError raised inside passes through unchanged.

    Example:
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.csv"
        >>> _ = p.write_bytes(b"caf\\xe9")
        >>> with reading(p, "a UTF-8 table"):
        ...     p.read_text(encoding="utf-8")
        Traceback (most recent call last):
        ...
        shared.errors.DataError: ...x.csv: not UTF-8 text (byte b'\\xe9' at offset 3) (expected a UTF-8 table)
    """
    try:
        yield
    except DataError:
        raise
    except READ_ERRORS as exc:
        raise DataError(_describe(exc), file=path, expected=expected) from exc


def read_csv(path: str | Path, *, expected: str = "a delimited text table", **read_kwargs) -> pd.DataFrame:
    """:func:`pandas.read_csv` whose failures on a malformed file are DataErrors naming it."""
    with reading(path, expected):
        return pd.read_csv(path, **read_kwargs)


def require_rows(
    frame: pd.DataFrame, *, file: str | Path, minimum: int = 1, expected: str = ""
) -> pd.DataFrame:
    """Fail unless ``frame`` has at least ``minimum`` rows (a header-only file has none)."""
    if len(frame) < minimum:
        what = "no data rows (a header only?)" if len(frame) == 0 else f"only {len(frame)} data row(s)"
        raise DataError(what, file=file, expected=expected or f"at least {minimum} row(s)")
    return frame


def check_finite(
    values, *, file: str | Path, column: str | None = None, expected: str = "finite numbers"
) -> None:
    """Fail on any infinite value, and when every value is missing (NaN).

    Example:
        >>> check_finite(np.array([1.0, np.inf]), file="x.csv", column="q")
        Traceback (most recent call last):
        ...
        shared.errors.DataError: x.csv: column 'q': an infinite value at position 2 (expected finite numbers)
    """
    arr = np.asarray(values, dtype=float)
    infinite = np.isinf(arr)
    if infinite.any():
        where = np.argwhere(infinite)[0]
        position = ", ".join(str(int(i) + 1) for i in where)
        raise DataError(
            f"an infinite value at position {position}", file=file, column=column, expected=expected
        )
    if arr.size and np.isnan(arr).all():
        raise DataError("every value is missing", file=file, column=column, expected=expected)


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
            infinite = np.isinf(converted.to_numpy(dtype=float, na_value=np.nan))
            if infinite.any():
                row = int(np.flatnonzero(infinite)[0])
                raise DataError(
                    f"value {series.iloc[row]!r} in row {row + 1} is infinite",
                    file=file,
                    column=column,
                    expected=f"a finite {kind}",
                )
            frame[column] = converted.astype(float) if kind == "number" else converted
        elif kind == "datetime":
            converted = _to_datetime(series)
            bad = converted.isna() & series.notna()
            if bad.any():
                row = int(np.flatnonzero(bad.to_numpy())[0])
                raise DataError(
                    f"value {series.iloc[row]!r} in row {row + 1} is not a date/time",
                    file=file,
                    column=column,
                    expected="ISO 8601 between 1677 and 2262, e.g. 2024-03-01T08:05:00",
                )
            frame[column] = converted
        elif kind == "text":
            frame[column] = series.astype("string")
    return frame


def _one_datetime(value) -> pd.Timestamp:
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError, OverflowError):
        return pd.NaT
    if stamp is pd.NaT:
        return pd.NaT
    stamp = stamp.tz_convert(None) if stamp.tzinfo is not None else stamp
    return stamp if pd.Timestamp.min <= stamp <= pd.Timestamp.max else pd.NaT


def _to_datetime(series: pd.Series) -> pd.Series:
    """Dates of ``series`` with NaT where a value does not parse or lies outside 1677-2262.

    pandas 3 parses year 3000 at microsecond resolution, but xarray, the forecasting windows and
    most of the suite work in nanoseconds: such a date would overflow later, far from the file.
    """
    try:
        converted = pd.to_datetime(series, errors="coerce")
    except (ValueError, OverflowError):  # pandas may raise OutOfBoundsDatetime even with errors="coerce"
        stamps = [_one_datetime(v) for v in series]
        return pd.Series(pd.DatetimeIndex(stamps).as_unit("ns"), index=series.index)
    if pd.api.types.is_datetime64_any_dtype(converted):
        naive = converted.dt.tz_convert(None) if converted.dt.tz is not None else converted
        outside = naive.notna() & ((naive < pd.Timestamp.min) | (naive > pd.Timestamp.max))
        if outside.any():
            converted = converted.mask(outside)
    return converted


def read_table(
    path: str | Path,
    schema: Mapping[str, str],
    *,
    sep: str = ",",
    encoding: str = "utf-8-sig",
    min_rows: int = 1,
    **read_kwargs,
) -> pd.DataFrame:
    """Read a delimited text file and check it against ``schema`` (column -> kind).

    A file that cannot be decoded or parsed (bad encoding, truncated ``.gz``, ragged rows), an empty
    file and one with fewer than ``min_rows`` data rows raise a DataError naming the file.
    """
    path = Path(path)
    expected = f"a table with columns {', '.join(schema)}"
    if not path.is_file():
        raise DataError("file not found", file=path, expected=expected)
    frame = read_csv(path, expected=expected, sep=sep, encoding=encoding, **read_kwargs)
    frame = check_columns(frame, schema, file=path)
    return require_rows(frame, file=path, minimum=min_rows, expected=expected + " and data rows")
