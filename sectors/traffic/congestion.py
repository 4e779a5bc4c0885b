"""Which sensors are expected to congest within the forecast horizon.

A sensor is congested when its speed falls below ``ratio`` x its free-flow speed (by default
60%; free flow = the 85th percentile of its observed speeds), or below an absolute ``threshold``
when one is given. An alert lists sensors flowing freely now whose median forecast drops below
that line within the horizon, soonest first.

The forecast is the suite's forecast Dataset (:mod:`shared.schema`: dims site, issue_time, lead,
quantile), as :meth:`sectors.traffic.TrafficForecaster.predict` returns it.

Example:
    >>> import numpy as np, pandas as pd
    >>> from shared.schema import forecast_dataset
    >>> median = np.array([[60, 58, 57], [50, 30, 35.0]]).reshape(2, 1, 3, 1)   # (site, issue, lead, q)
    >>> fc = forecast_dataset({"speed": median}, sites=["a", "b"],
    ...                       issue_times=pd.DatetimeIndex(["2024-01-01 08:00"]),
    ...                       leads=pd.to_timedelta([5, 10, 15], unit="min"), quantiles=[0.5],
    ...                       units={"speed": "mph"})
    >>> alerts = congestion_alerts(fc, now=pd.Series({"a": 62.0, "b": 63.0}), free_flow=pd.Series({"a": 65.0, "b": 65.0}))
    >>> alerts["sensor"].tolist(), alerts["minutes_until"].tolist()
    (['b'], [10.0])
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr


def free_flow_speed(history: xr.Dataset, variable: str = "speed", percentile: float = 85.0) -> pd.Series:
    """Per-sensor free-flow speed: a high percentile of the observed (non-missing, non-zero) speeds."""
    values = history[variable].transpose("time", "sensor").to_numpy().astype(float)
    values = np.where(values > 0, values, np.nan)
    return pd.Series(
        np.nanpercentile(values, percentile, axis=0), index=[str(s) for s in history["sensor"].to_numpy()]
    )


def congestion_alerts(
    forecast: xr.Dataset,
    *,
    now: pd.Series,
    free_flow: pd.Series,
    variable: str = "speed",
    ratio: float = 0.6,
    threshold: float | None = None,
    issue_index: int = -1,
) -> pd.DataFrame:
    """Sensors not congested now whose median forecast falls below the congestion line within the horizon.

    ``now`` and ``free_flow`` are indexed by sensor id. Returns one row per alert with the sensor,
    current speed, lowest forecast, the line, minutes until the first step below it, and
    coordinates when the forecast has them; sorted soonest first.
    """
    da = forecast[variable].isel(issue_time=issue_index)
    median = da.sel(quantile=0.5, method="nearest").transpose("lead", "site").to_numpy()
    sensors = [str(s) for s in da["site"].to_numpy()]
    line = (
        np.full(len(sensors), float(threshold))
        if threshold is not None
        else free_flow.reindex(sensors).to_numpy() * ratio
    )
    current = now.reindex(sensors).to_numpy(float)
    below = median < line[None, :]
    ahead = below.any(axis=0) & (current >= line)
    minutes = pd.to_timedelta(forecast["lead"].to_numpy()).total_seconds().to_numpy() / 60.0
    rows = []
    for j in np.flatnonzero(ahead):
        first = int(np.argmax(below[:, j]))
        row = {
            "sensor": sensors[j],
            "now": float(current[j]),
            "lowest_forecast": float(median[:, j].min()),
            "congestion_line": float(line[j]),
            "minutes_until": float(minutes[first]),
        }
        for c in ("lat", "lon"):
            if c in forecast.coords:
                row[c] = float(forecast[c].to_numpy()[j])
        rows.append(row)
    cols = ["sensor", "now", "lowest_forecast", "congestion_line", "minutes_until"]
    frame = pd.DataFrame(rows, columns=cols + [c for c in ("lat", "lon") if c in forecast.coords])
    return frame.sort_values(["minutes_until", "lowest_forecast"]).reset_index(drop=True)
