"""Three-valued (Kleene) logic for eligibility: True, False and "needs review".

A rule that cannot be decided from the data it is given must say so instead of guessing. Truth
values are stored as small integers ordered ``FALSE < UNKNOWN < TRUE`` so that, over numpy arrays,
``and`` is the element-wise minimum and ``or`` the element-wise maximum (Kleene's strong logic).

Example:
    >>> import numpy as np
    >>> both = all_of([np.array([TRUE, TRUE, FALSE]), np.array([UNKNOWN, TRUE, UNKNOWN])])
    >>> [from_code(c) for c in both]
    [None, True, False]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

FALSE = np.int8(0)
UNKNOWN = np.int8(1)
TRUE = np.int8(2)
DTYPE = np.int8


def to_code(value: bool | None) -> np.int8:
    """The code of a Python truth value (None means "needs review").

    Example:
        >>> int(to_code(True)), int(to_code(None)), int(to_code(False))
        (2, 1, 0)
    """
    if value is None:
        return UNKNOWN
    return TRUE if bool(value) else FALSE


def from_code(code: int | np.integer) -> bool | None:
    """The Python truth value of a code: True, False or None.

    Example:
        >>> from_code(1) is None
        True
    """
    code = int(code)
    if code == int(TRUE):
        return True
    if code == int(FALSE):
        return False
    if code == int(UNKNOWN):
        return None
    raise ValueError(f"not a truth code: {code}")


def codes_from_bool(values: np.ndarray, known: np.ndarray | None = None) -> np.ndarray:
    """Codes from a boolean array, UNKNOWN wherever ``known`` is False.

    Example:
        >>> codes_from_bool(np.array([True, False, True]), known=np.array([True, True, False])).tolist()
        [2, 0, 1]
    """
    out = np.where(np.asarray(values, dtype=bool), TRUE, FALSE).astype(DTYPE)
    if known is not None:
        out[~np.asarray(known, dtype=bool)] = UNKNOWN
    return out


def all_of(codes: Iterable[np.ndarray], size: int | None = None) -> np.ndarray:
    """Kleene AND over arrays of codes (TRUE when there is nothing to check).

    Example:
        >>> all_of([], size=2).tolist()
        [2, 2]
    """
    out: np.ndarray | None = None
    for c in codes:
        out = np.array(c, dtype=DTYPE, copy=True) if out is None else np.minimum(out, c, out=out)
    if out is None:
        if size is None:
            raise ValueError("all_of over no arrays needs a size")
        return np.full(size, TRUE, dtype=DTYPE)
    return out


def any_of(codes: Iterable[np.ndarray], size: int | None = None) -> np.ndarray:
    """Kleene OR over arrays of codes (FALSE when there is nothing to check).

    Example:
        >>> any_of([np.array([0, 1]), np.array([0, 2])]).tolist()
        [0, 2]
    """
    out: np.ndarray | None = None
    for c in codes:
        out = np.array(c, dtype=DTYPE, copy=True) if out is None else np.maximum(out, c, out=out)
    if out is None:
        if size is None:
            raise ValueError("any_of over no arrays needs a size")
        return np.full(size, FALSE, dtype=DTYPE)
    return out


def negate(codes: np.ndarray) -> np.ndarray:
    """Kleene NOT: TRUE <-> FALSE, UNKNOWN stays UNKNOWN.

    Example:
        >>> negate(np.array([0, 1, 2], dtype=np.int8)).tolist()
        [2, 1, 0]
    """
    return (TRUE - np.asarray(codes, dtype=DTYPE)).astype(DTYPE)


def any_by_group(codes: np.ndarray, group_starts: np.ndarray, n_groups: int) -> np.ndarray:
    """Kleene OR of the rows of each group (rows sorted by group; ``group_starts`` from :func:`group_starts`).

    Groups with no rows are FALSE.

    Example:
        >>> starts = group_starts(np.array([0, 0, 2]), 3)
        >>> any_by_group(np.array([0, 2, 1], dtype=np.int8), starts, 3).tolist()
        [2, 0, 1]
    """
    out = np.full(n_groups, FALSE, dtype=DTYPE)
    if len(codes) == 0:
        return out
    nonempty = np.flatnonzero(np.diff(np.append(group_starts, len(codes))) > 0)
    if len(nonempty):
        out[nonempty] = np.maximum.reduceat(np.asarray(codes, dtype=DTYPE), group_starts[nonempty])
    return out


def group_starts(group_index: Sequence[int] | np.ndarray, n_groups: int) -> np.ndarray:
    """Start offset of each group in rows sorted by ``group_index`` (0..n_groups-1).

    Example:
        >>> group_starts(np.array([0, 0, 1, 3]), 4).tolist()
        [0, 2, 3, 3]
    """
    index = np.asarray(group_index)
    if len(index) and np.any(np.diff(index) < 0):
        raise ValueError("rows must be sorted by group")
    return np.searchsorted(index, np.arange(n_groups), side="left")
