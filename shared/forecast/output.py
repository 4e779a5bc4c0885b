"""Forecasts as xarray: dims (time, horizon, series dim, quantile), with lead and valid times.

``time`` is the issue time (the last observed step); horizon ``h`` is valid at ``time + h * step``.

Example:
    >>> import numpy as np, pandas as pd
    >>> q = np.zeros((1, 2, 3, 3), np.float32)
    >>> ds = forecast_dataset(q, pd.DatetimeIndex(["2024-01-01 08:00"]), pd.Timedelta("5min"),
    ...                       ["a", "b", "c"], (0.1, 0.5, 0.9), name="speed")
    >>> ds.speed.dims, str(ds.valid_time.values[0, 1])[:19]
    (('time', 'horizon', 'sensor', 'quantile'), '2024-01-01T08:10:00')
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import xarray as xr


def forecast_dataset(
    quantiles_array: np.ndarray,
    issue_times: pd.DatetimeIndex,
    step: pd.Timedelta,
    series: Sequence[str],
    quantiles: Sequence[float],
    *,
    name: str = "forecast",
    series_dim: str = "sensor",
    attrs: dict | None = None,
) -> xr.Dataset:
    """Wrap a (time, horizon, series, quantile) array as a Dataset with ``lead_time`` and ``valid_time``."""
    arr = np.asarray(quantiles_array, dtype=np.float32)
    n_t, n_h, n_s, n_q = arr.shape
    if (n_t, n_s, n_q) != (len(issue_times), len(series), len(quantiles)):
        raise ValueError(f"array of shape {arr.shape} does not match times, series and quantiles")
    horizon = np.arange(1, n_h + 1)
    lead = pd.to_timedelta(horizon * step.value, unit="ns")
    valid = pd.DatetimeIndex(issue_times).as_unit("ns").to_numpy()[:, None] + lead.to_numpy()[None, :]
    return xr.Dataset(
        {name: (("time", "horizon", series_dim, "quantile"), arr)},
        coords={
            "time": pd.DatetimeIndex(issue_times).as_unit("ns"),
            "horizon": horizon,
            "lead_time": ("horizon", lead.to_numpy()),
            "valid_time": (("time", "horizon"), valid),
            series_dim: list(series),
            "quantile": [float(q) for q in quantiles],
        },
        attrs=dict(attrs or {}),
    )
