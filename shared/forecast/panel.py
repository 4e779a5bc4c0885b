"""A panel of regularly sampled series (time x series) with its calendar, as the models see it.

Models in :mod:`shared.forecast` read numpy arrays, not xarray: :class:`SeriesPanel` is the one
place where an xarray ``DataArray`` (dims ``time`` and one place dimension such as ``sensor`` or
``basin``) becomes those arrays, the step length is read from the timestamps, and missing values
are marked as NaN.

Example:
    >>> import numpy as np, pandas as pd, xarray as xr
    >>> t = pd.date_range("2024-01-01", periods=6, freq="5min")
    >>> da = xr.DataArray(np.array([[50, 0], [51, 40], [0, 41], [53, 42], [54, 43], [55, 44.0]]),
    ...                   dims=("time", "sensor"), coords={"time": t, "sensor": ["a", "b"]})
    >>> p = SeriesPanel.from_dataarray(da, missing_value=0)
    >>> p.steps_per_day, int(np.isnan(p.values).sum())
    (288, 2)
    >>> p.filled()[:, 0].tolist()                        # forward-filled for model inputs
    [50.0, 51.0, 51.0, 53.0, 54.0, 55.0]
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import xarray as xr

from shared.errors import DataError

DAY = pd.Timedelta("1D")


def infer_step(
    time: pd.DatetimeIndex | np.ndarray, *, file: str | None = None, min_share: float = 0.9
) -> pd.Timedelta:
    """The sampling step of a time axis, read from the timestamps (the most common difference).

    Raises DataError when the timestamps are not increasing or when fewer than ``min_share`` of
    the gaps equal the step (an irregular series must be resampled first).

    Example:
        >>> infer_step(pd.date_range("2024-01-01", periods=4, freq="15min"))
        Timedelta('0 days 00:15:00')
    """
    t = pd.DatetimeIndex(time).as_unit("ns")  # pandas 3 may hold microseconds; compare in ns
    if len(t) < 2:
        raise DataError("need at least two timestamps to read the step", file=file, column="timestamp")
    diffs = np.diff(t.asi8)
    if (diffs <= 0).any():
        row = int(np.flatnonzero(diffs <= 0)[0]) + 1
        raise DataError(
            f"timestamps are not strictly increasing at row {row + 1} ({t[row]})",
            file=file,
            column="timestamp",
            expected="one row per time step, in time order, without duplicates",
        )
    values, counts = np.unique(diffs, return_counts=True)
    step = int(values[np.argmax(counts)])
    if counts.max() < min_share * len(diffs):
        raise DataError(
            f"irregular timestamps: only {counts.max()} of {len(diffs)} gaps equal the most common step "
            f"{pd.Timedelta(step, 'ns')}",
            file=file,
            column="timestamp",
            expected="a regular step (missing readings as empty cells, not missing rows)",
        )
    return pd.Timedelta(step, "ns")


def forward_fill(values: np.ndarray) -> np.ndarray:
    """Fill NaNs along time with the last valid value (then the next valid one, then 0).

    Returns ``values`` itself, uncopied, when nothing is missing.

    Example:
        >>> forward_fill(np.array([[np.nan], [2.0], [np.nan]]))[:, 0].tolist()
        [2.0, 2.0, 2.0]
    """
    if not np.isnan(values).any():
        return values
    frame = pd.DataFrame(values)
    return frame.ffill().bfill().fillna(0.0).to_numpy(values.dtype)


@dataclass
class SeriesPanel:
    """Values (time, series) in float32 with NaN for missing, their timestamps and series names.

    ``adjacency`` (series, series), when known, is a weighted graph (row i -> column j).
    """

    values: np.ndarray
    time: pd.DatetimeIndex
    series: list[str]
    adjacency: np.ndarray | None = None
    _filled: np.ndarray | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.values = np.asarray(self.values, dtype=np.float32)
        self.time = pd.DatetimeIndex(self.time)
        if self.values.ndim != 2 or self.values.shape != (len(self.time), len(self.series)):
            raise ValueError(
                f"values of shape {self.values.shape} do not match {len(self.time)} times x {len(self.series)} series"
            )

    @classmethod
    def from_dataarray(
        cls,
        da: xr.DataArray,
        *,
        missing_value: float | None = None,
        adjacency: np.ndarray | None = None,
    ) -> SeriesPanel:
        """Build a panel from a DataArray with dims ``time`` and one place dimension.

        ``missing_value`` (for example 0 for loop detectors) is turned into NaN.
        """
        if "time" not in da.dims or da.ndim != 2:
            raise DataError(
                f"variable {da.name!r} has dims {da.dims}", expected="two dims: time and a place dim"
            )
        if not np.issubdtype(da["time"].dtype, np.datetime64):
            raise DataError(
                f"the time coordinate of {da.name!r} holds {da['time'].dtype}", expected="timestamps"
            )
        place = next(d for d in da.dims if d != "time")
        da = da.transpose("time", place)
        values = da.to_numpy().astype(np.float32, copy=False)
        if missing_value is not None:
            mask = values == missing_value
            if mask.any():
                values = np.where(mask, np.float32(np.nan), values)
        return cls(
            values, pd.DatetimeIndex(da["time"].to_numpy()), [str(s) for s in da[place].to_numpy()], adjacency
        )

    @property
    def n_time(self) -> int:
        """Number of time steps."""
        return self.values.shape[0]

    @property
    def n_series(self) -> int:
        """Number of series (sensors, basins)."""
        return self.values.shape[1]

    @property
    def step(self) -> pd.Timedelta:
        """The sampling step, read from the timestamps."""
        return infer_step(self.time)

    @property
    def steps_per_day(self) -> int | None:
        """Steps in a day when the step divides a day evenly (288 at 5 minutes), else None."""
        step = self.step
        return int(DAY / step) if DAY % step == pd.Timedelta(0) and step <= DAY else None

    def slot_of_day(self) -> np.ndarray:
        """Index of each step within its day (0..steps_per_day-1); zeros when days do not divide evenly."""
        spd = self.steps_per_day
        if spd is None:
            return np.zeros(self.n_time, dtype=np.int64)
        t = self.time.as_unit("ns")
        since_midnight = (t - t.normalize()).asi8
        return (since_midnight // self.step.as_unit("ns").value).astype(np.int64) % spd

    def day_of_week(self) -> np.ndarray:
        """Day of the week of each step (Monday = 0)."""
        return np.asarray(self.time.dayofweek, dtype=np.int64)

    def filled(self) -> np.ndarray:
        """Values with missing steps forward-filled, for model inputs (cached; not a copy when complete)."""
        if self._filled is None:
            self._filled = forward_fill(self.values)
        return self._filled

    def slice_time(self, start: int, stop: int) -> SeriesPanel:
        """The panel restricted to time steps ``start:stop`` (views of the arrays)."""
        return SeriesPanel(self.values[start:stop], self.time[start:stop], self.series, self.adjacency)
