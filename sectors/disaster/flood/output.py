"""Flood forecasts in the suite's forecast schema (:mod:`shared.schema`), and the observations they refer to.

A flood forecast is built with :func:`shared.schema.forecast_dataset`: ``flow`` (mm/day) and
``p_exceed`` (the chance that flow exceeds the basin's flood threshold) over ``(site, issue_time,
lead)``, and the uncertainty band ``flow_quantile`` over ``(site, issue_time, lead, quantile)``.
``site`` is the basin (gauge id), ``issue_time`` the issue day (flow and forcing known up to its
end), ``lead`` a whole number of days, and ``valid_time = issue_time + lead`` the day forecast.
Coordinates that are not forecasts: ``threshold`` (site) in mm/day, and ``warn_probability``
(lead, or site x lead after a leave-basins-out run): the probability at which to warn, chosen on
validation.

Example:
    >>> f = flood_forecast(["a"], pd.date_range("2000-01-01", periods=2), [1], np.ones((1, 2, 1)),
    ...                    np.zeros((1, 2, 1)), threshold=np.array([5.0]))
    >>> f["flow"].dims, f["flow"].attrs["units"], lead_days(f)
    (('site', 'issue_time', 'lead'), 'mm/day', [1])
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import xarray as xr

from shared.schema import check_forecast, forecast_dataset

FLOW_UNITS = "mm/day"


def lead_timedeltas(leads: Sequence[int]) -> pd.TimedeltaIndex:
    """Lead times in whole days as the schema's ``lead`` coordinate (timedelta64)."""
    return pd.to_timedelta([int(h) for h in leads], unit="D")


def lead_days(forecast: xr.Dataset) -> list[int]:
    """The forecast's leads as whole days (``[1, 2, 3]`` for the standard protocol)."""
    return [int(h) for h in forecast["lead"].values // np.timedelta64(1, "D")]


def flood_forecast(
    basins: Sequence[str],
    times: pd.DatetimeIndex,
    leads: Sequence[int],
    flow: np.ndarray,
    p_exceed: np.ndarray,
    *,
    threshold: np.ndarray,
    flow_quantiles: np.ndarray | None = None,
    quantiles: Sequence[float] = (),
    warn_probability: np.ndarray | None = None,
    model: str = "",
) -> xr.Dataset:
    """A flood forecast Dataset: arrays shaped (basin, issue day, lead[, quantile]) -> the forecast schema."""
    common = dict(
        sites=[str(b) for b in basins], issue_times=pd.DatetimeIndex(times), leads=lead_timedeltas(leads)
    )
    attrs = {"model": model, "lead_units": "days after the issue day"}
    ds = forecast_dataset(
        {"flow": np.asarray(flow, float), "p_exceed": np.asarray(p_exceed, float)},
        quantiles=None,
        units={"flow": FLOW_UNITS, "p_exceed": "1"},
        attrs=attrs,
        **common,
    )
    if flow_quantiles is not None:
        band = forecast_dataset(
            {"flow_quantile": np.asarray(flow_quantiles, float)},
            quantiles=list(quantiles),
            units={"flow_quantile": FLOW_UNITS},
            **common,
        )
        ds["flow_quantile"] = band["flow_quantile"]
    ds = ds.assign_coords(threshold=("site", np.asarray(threshold, float), {"units": FLOW_UNITS}))
    if warn_probability is not None:
        ds = ds.assign_coords(warn_probability=("lead", np.asarray(warn_probability, float)))
    return check_forecast(ds)


def observed_at_leads(ds: xr.Dataset, forecast: xr.Dataset, variable: str = "qobs") -> xr.DataArray:
    """The observed flow each forecast in ``forecast`` refers to (at its valid time), shape (site, issue_time, lead).

    Example:
        >>> t = pd.date_range("2000-01-01", periods=4)
        >>> ds = xr.Dataset({"qobs": (("basin", "time"), np.arange(4.0)[None])}, coords={"basin": ["a"], "time": t})
        >>> f = flood_forecast(["a"], t[:2], [1, 2], np.zeros((1, 2, 2)), np.zeros((1, 2, 2)), threshold=np.ones(1))
        >>> observed_at_leads(ds, f).values[0].tolist()
        [[1.0, 2.0], [2.0, 3.0]]
    """
    obs = ds[variable].sel(basin=forecast["site"].values)
    out = np.full(forecast["flow"].shape, np.nan)
    for j in range(forecast.sizes["lead"]):
        out[:, :, j] = obs.reindex(time=forecast["valid_time"].values[:, j]).values
    return xr.DataArray(
        out, dims=("site", "issue_time", "lead"), coords=forecast["flow"].coords, name="observed"
    )
