"""Sliding windows over a (time, ...) array as strided views, never as copies.

A forecast *origin* ``t0`` is the index of the first step to forecast: the input window is
``values[t0 - n_in : t0]`` and the target window ``values[t0 : t0 + n_out]``. Over a contiguous
run of origins (a ``range``, as the splits of :mod:`shared.forecast.splits` give) the windows are
strided views of the one series array: 12 steps in and 12 out cost no extra memory. Only
:func:`gather` copies, and only the batch it is asked for.

Example:
    >>> import numpy as np
    >>> series = np.arange(20.0).reshape(10, 2)          # (time, sensor)
    >>> x = input_windows(series, 3, range(3, 8))        # (origin, step, sensor)
    >>> x.shape, np.shares_memory(x, series)
    ((5, 3, 2), True)
    >>> target_windows(series, 2, range(3, 8))[0, :, 0].tolist()
    [6.0, 8.0]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

Origins = range | Sequence[int] | np.ndarray


def sliding_windows(values: np.ndarray, length: int) -> np.ndarray:
    """Every run of ``length`` consecutive steps along axis 0, as a read-only view.

    The result has shape ``(n_time - length + 1, length, *values.shape[1:])``; element ``[i, j]``
    is ``values[i + j]``. No data is copied.

    Example:
        >>> w = sliding_windows(np.arange(5), 3)
        >>> w.tolist(), np.shares_memory(w, np.arange(5)) is False
        ([[0, 1, 2], [1, 2, 3], [2, 3, 4]], True)
    """
    values = np.asarray(values)
    if length < 1 or length > values.shape[0]:
        raise ValueError(f"window length {length} must be between 1 and the {values.shape[0]} time steps")
    view = np.lib.stride_tricks.sliding_window_view(values, length, axis=0)
    return np.moveaxis(view, -1, 1)  # numpy puts the window axis last; we want (window, step, ...)


def _as_slice(origins: Origins, offset: int) -> slice | np.ndarray:
    """A slice into the window view when ``origins`` is a step-1 range (a view), else an index array."""
    if isinstance(origins, range) and origins.step == 1:
        return slice(origins.start + offset, origins.stop + offset)
    return np.asarray(origins, dtype=np.int64) + offset


def _check(values: np.ndarray, origins: Origins, before: int, after: int) -> None:
    o = np.asarray(origins if not isinstance(origins, range) else [origins.start, origins.stop - 1])
    if len(o) == 0 or (isinstance(origins, range) and len(origins) == 0):
        return
    if o.min() - before < 0 or o.max() + after > values.shape[0]:
        raise IndexError(
            f"origins {int(o.min())}..{int(o.max())} need steps {int(o.min()) - before}..{int(o.max()) + after - 1}, "
            f"but the series has {values.shape[0]} steps"
        )


def input_windows(values: np.ndarray, n_in: int, origins: Origins, *, lag: int = 0) -> np.ndarray:
    """Inputs ``values[t0 - lag - n_in : t0 - lag]`` for each origin, shape (origin, n_in, ...).

    ``lag`` shifts the window back, e.g. ``lag=288`` for the same window one day earlier at
    5-minute steps. A view when ``origins`` is a ``range`` with step 1; a copy otherwise.

    Example:
        >>> input_windows(np.arange(10), 2, range(5, 7)).tolist()
        [[3, 4], [4, 5]]
        >>> input_windows(np.arange(10), 2, [5, 9], lag=3).tolist()
        [[0, 1], [4, 5]]
    """
    _check(values, origins, n_in + lag, -lag)
    return sliding_windows(values, n_in)[_as_slice(origins, -n_in - lag)]


def target_windows(values: np.ndarray, n_out: int, origins: Origins, *, lag: int = 0) -> np.ndarray:
    """Targets ``values[t0 - lag : t0 - lag + n_out]`` for each origin, shape (origin, n_out, ...).

    With ``lag=0`` these are the steps to forecast. A view for a step-1 ``range`` of origins.

    Example:
        >>> target_windows(np.arange(10), 3, range(7, 8)).tolist()
        [[7, 8, 9]]
    """
    _check(values, origins, lag, n_out - lag)
    return sliding_windows(values, n_out)[_as_slice(origins, -lag)]


def gather(values: np.ndarray, origins: Origins, start: int, length: int) -> np.ndarray:
    """Copy the windows ``values[t0 + start : t0 + start + length]`` for a batch of origins.

    This is what a training loop calls per batch: the copy is the size of the batch, not of the
    dataset. ``start=-12, length=12`` gives the inputs, ``start=0, length=12`` the targets.

    Example:
        >>> gather(np.arange(10), [4, 8], -2, 2).tolist()
        [[2, 3], [6, 7]]
    """
    o = np.asarray(origins, dtype=np.int64)
    _check(values, o, -start, start + length)
    return np.asarray(values)[o[:, None] + np.arange(start, start + length)]


def window_nbytes(n_windows: int, n_in: int, n_out: int, n_series: int, itemsize: int = 4) -> int:
    """Bytes that materialised (copied) input and target windows would take: what the views avoid.

    Example:
        >>> window_nbytes(100, 12, 12, 10)
        96000
    """
    return int(n_windows) * (n_in + n_out) * int(n_series) * itemsize
