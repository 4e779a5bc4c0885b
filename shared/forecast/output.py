"""Panel forecasts as the suite's forecast Dataset (:func:`shared.schema.forecast_dataset`).

The engine's models predict arrays shaped (origin, step, series) or, with bands, (origin, step,
series, quantile). :func:`panel_forecast` turns such an array into the schema's layout: dims
``(site, issue_time, lead[, quantile])``, ``issue_time`` the last observed step of each origin,
``lead`` = step number x the panel's step, ``valid_time`` = issue time + lead, and a ``units``
attribute on the variable.

Example:
    >>> import numpy as np, pandas as pd
    >>> q = np.zeros((1, 2, 3, 3), np.float32)              # (origin, step, series, quantile)
    >>> ds = panel_forecast(q, pd.DatetimeIndex(["2024-01-01 08:00"]), pd.Timedelta("5min"),
    ...                     ["a", "b", "c"], quantiles=(0.1, 0.5, 0.9), name="speed", units="mph")
    >>> ds.speed.dims, str(ds.valid_time.values[0, 1])[:19], ds.speed.attrs["units"]
    (('site', 'issue_time', 'lead', 'quantile'), '2024-01-01T08:10:00', 'mph')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from shared.errors import DataError
from shared.schema import forecast_dataset


def panel_forecast(
    values: np.ndarray,
    issue_times: pd.DatetimeIndex | Sequence[Any],
    step: pd.Timedelta,
    sites: Sequence[str],
    *,
    quantiles: Sequence[float] | None = None,
    name: str = "forecast",
    units: str,
    attrs: Mapping[str, Any] | None = None,
) -> xr.Dataset:
    """Wrap a (origin, step, series[, quantile]) forecast array as a schema forecast Dataset.

    ``quantiles`` names the last axis (None for point forecasts of shape (origin, step, series)).
    """
    arr = np.asarray(values, dtype=np.float32)
    expected_ndim = 3 if quantiles is None else 4
    if arr.ndim != expected_ndim:
        raise DataError(
            f"a forecast array of {arr.ndim} dims",
            column=name,
            expected="(origin, step, series)" + ("" if quantiles is None else " + quantile"),
        )
    n_origin, n_step, n_series = arr.shape[:3]
    if (n_origin, n_series) != (len(issue_times), len(sites)) or (
        quantiles is not None and arr.shape[3] != len(quantiles)
    ):
        raise DataError(
            f"forecast array of shape {arr.shape} does not match {len(issue_times)} issue times, "
            f"{len(sites)} sites" + ("" if quantiles is None else f" and {len(quantiles)} quantiles"),
            column=name,
        )
    leads = pd.to_timedelta(np.arange(1, n_step + 1) * pd.Timedelta(step).value, unit="ns")
    moved = np.moveaxis(arr, 2, 0)  # (site, origin, step[, quantile])
    return forecast_dataset(
        {name: moved},
        sites=[str(s) for s in sites],
        issue_times=issue_times,
        leads=leads,
        quantiles=quantiles,
        units={name: units},
        attrs=attrs,
    )
