"""Error types the suite raises on bad input, so callers can catch them precisely."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class CivicError(Exception):
    """Base class of every error the suite raises on purpose."""


class DataError(CivicError, ValueError):
    """Bad or missing input data.

    The message names the file, the column (when there is one) and what was expected.

    Example:
        >>> str(DataError("speed is not numeric", file="speeds.csv", column="s1", expected="numbers"))
        "speeds.csv: column 's1': speed is not numeric (expected numbers)"
    """

    def __init__(
        self,
        problem: str,
        *,
        file: str | Path | None = None,
        column: str | None = None,
        expected: str | None = None,
    ) -> None:
        self.problem = problem
        self.file = str(file) if file is not None else None
        self.column = column
        self.expected = expected
        parts = []
        if self.file:
            parts.append(self.file)
        if column is not None:
            parts.append(f"column {column!r}")
        text = ": ".join(parts + [problem])
        if expected:
            text += f" (expected {expected})"
        super().__init__(text)


@contextmanager
def data_from(file: str | Path | None) -> Iterator[None]:
    """Name ``file`` in any DataError raised inside that does not name a file yet.

    For code that works on data already read (a split, a protocol) and so cannot know its file.

    Example:
        >>> with data_from("speeds.csv"):
        ...     raise DataError("24 steps are too few", expected="more rows")
        Traceback (most recent call last):
        ...
        shared.errors.DataError: speeds.csv: 24 steps are too few (expected more rows)
    """
    try:
        yield
    except DataError as exc:
        if exc.file is not None or file is None:
            raise
        raise DataError(exc.problem, file=file, column=exc.column, expected=exc.expected) from exc


class StoreError(CivicError):
    """A saved model folder could not be written or trusted (unknown kind, tampered file, pickle)."""
