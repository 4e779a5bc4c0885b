"""Forecast cases from clean tracks: the last 24 hours of a storm in, its position and wind 24/48/72 h later out.

A case is a fix t0 of a storm of at least tropical-storm strength (35 kt by default, as the agencies
verify) with fixes at t0-6, -12, -18 and -24 h. Predictors are known at t0: position, the motion over
the past 6/12/18/24 h (km east and north), wind and its change over 12 and 24 h, and the season.
Targets are the displacement (km east and north of the t0 position) and the wind at each lead; a
lead is NaN when the best track has no fix then (the storm has dissipated).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from sectors.disaster.geo import local_offset_km
from shared.errors import DataError
from shared.schema import check_track

LEADS_H = (24, 48, 72)
HISTORY_H = (6, 12, 18, 24)
FEATURES = (
    "lat0",
    "lon0",
    "vmax0",
    "dx6",
    "dy6",
    "dx12",
    "dy12",
    "dx18",
    "dy18",
    "dx24",
    "dy24",
    "dv12",
    "dv24",
    "doy_sin",
    "doy_cos",
)
#: The classic CLIPER predictors: position, 12 and 24 h motion, intensity, day of year.
CLIPER_FEATURES = ("lat0", "lon0", "vmax0", "dx12", "dy12", "dx24", "dy24", "doy_sin", "doy_cos")


def target_columns(leads: Sequence[int] = LEADS_H) -> list[str]:
    """Names of the learned targets: ``dx_24``, ``dy_24``, ``dv_24``, ... for every lead.

    Example:
        >>> target_columns((24,))
        ['dx_24', 'dy_24', 'dv_24']
    """
    return [f"{k}_{h}" for h in leads for k in ("dx", "dy", "dv")]


def _lookup(tracks: pd.DataFrame, keys: pd.MultiIndex, cols: Sequence[str]) -> pd.DataFrame:
    return tracks.set_index(["storm", "time"])[list(cols)].reindex(keys)


def track_samples(
    tracks: pd.DataFrame, *, min_wind_kt: float = 35.0, leads: Sequence[int] = LEADS_H
) -> pd.DataFrame:
    """Every forecast case of ``tracks`` (from :func:`clean_tracks`) with its predictors and targets.

    Columns: ``storm``, ``time`` (t0), ``year``, the :data:`FEATURES`, and per lead h ``lat_h``, ``lon_h``,
    ``vmax_h`` (the best track then) and the targets ``dx_h``, ``dy_h``, ``dv_h``.

    Example:
        >>> t = pd.date_range("2019-08-01", periods=20, freq="6h")
        >>> tr = pd.DataFrame({"storm": "x", "sn": "201901", "time": t, "lat": np.linspace(15, 25, 20),
        ...                    "lon": np.linspace(135, 125, 20), "vmax": 50.0, "mslp": np.nan})
        >>> s = track_samples(tr)
        >>> len(s), int(s["lat_72"].notna().sum())
        (16, 4)
    """
    tracks = tracks.drop_duplicates(["storm", "time"])
    base = tracks[np.isfinite(tracks["vmax"]) & (tracks["vmax"] >= min_wind_kt)]
    keys = pd.MultiIndex.from_arrays([base["storm"], base["time"]])
    out = pd.DataFrame(
        {
            "storm": base["storm"].to_numpy(),
            "time": base["time"].to_numpy(),
            "year": base["time"].dt.year.to_numpy(),
            "lat0": base["lat"].to_numpy(),
            "lon0": base["lon"].to_numpy(),
            "vmax0": base["vmax"].to_numpy(),
        }
    )
    keep = np.ones(len(out), bool)
    for h in HISTORY_H:
        past = _lookup(
            tracks,
            pd.MultiIndex.from_arrays(
                [keys.get_level_values(0), keys.get_level_values(1) - pd.Timedelta(hours=h)]
            ),
            ("lat", "lon", "vmax"),
        )
        dx, dy = local_offset_km(past["lat"].to_numpy(), past["lon"].to_numpy(), out["lat0"], out["lon0"])
        out[f"dx{h}"], out[f"dy{h}"] = dx, dy
        keep &= np.isfinite(past["lat"].to_numpy())
        if h in (12, 24):
            out[f"dv{h}"] = out["vmax0"].to_numpy() - past["vmax"].to_numpy()
            keep &= np.isfinite(out[f"dv{h}"].to_numpy())
    doy = pd.DatetimeIndex(out["time"]).dayofyear.to_numpy()
    out["doy_sin"], out["doy_cos"] = np.sin(2 * np.pi * doy / 365.25), np.cos(2 * np.pi * doy / 365.25)
    for h in leads:
        fut = _lookup(
            tracks,
            pd.MultiIndex.from_arrays(
                [keys.get_level_values(0), keys.get_level_values(1) + pd.Timedelta(hours=h)]
            ),
            ("lat", "lon", "vmax"),
        )
        out[f"lat_{h}"], out[f"lon_{h}"], out[f"vmax_{h}"] = (
            fut[c].to_numpy() for c in ("lat", "lon", "vmax")
        )
        dx, dy = local_offset_km(out["lat0"], out["lon0"], out[f"lat_{h}"], out[f"lon_{h}"])
        out[f"dx_{h}"], out[f"dy_{h}"] = dx, dy
        out[f"dv_{h}"] = out[f"vmax_{h}"] - out["vmax0"]
    return out[keep].reset_index(drop=True)


def split_by_year(
    samples: pd.DataFrame,
    train: tuple[int, int] = (1980, 2014),
    valid: tuple[int, int] = (2015, 2017),
    test: tuple[int, int] = (2018, 2021),
) -> dict[str, pd.DataFrame]:
    """The cases of each part by the year of the forecast time (inclusive year ranges).

    Training starts in 1980 by default: earlier intensities are unreliable (before routine satellites).

    Example:
        >>> s = pd.DataFrame({"year": [1979, 2000, 2016, 2020]})
        >>> {k: len(v) for k, v in split_by_year(s).items()}
        {'train': 1, 'valid': 1, 'test': 1}
    """
    parts = {"train": train, "valid": valid, "test": test}
    return {k: samples[samples["year"].between(*v)].reset_index(drop=True) for k, v in parts.items()}


def require_columns(frame: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    """Raise a DataError naming the first of ``columns`` missing from ``frame`` (``what`` says which table)."""
    if not isinstance(frame, pd.DataFrame):
        raise DataError(f"{what} must be a pandas DataFrame", expected=", ".join(columns))
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise DataError(f"{what}: column is missing", column=missing[0], expected=", ".join(columns))


def track_forecast(cases: pd.DataFrame, wide: pd.DataFrame, leads: Sequence[int] = LEADS_H) -> pd.DataFrame:
    """A per-case forecast (``lat_24``, ``lon_24``, ``vmax_24``, ``dx_24``, ...) in the suite's track schema.

    One row per case and lead, case by case: ``storm``, ``issue_time`` (the case's t0), ``lead_hours``,
    ``lat``, ``lon`` (0-360 east), ``vmax`` (kt), ``dx_km`` and ``dy_km`` (displacement east and north
    of the t0 position). See :func:`shared.schema.check_track`.

    Example:
        >>> cases = pd.DataFrame({"storm": ["x"], "time": [pd.Timestamp("2019-09-01")]})
        >>> wide = pd.DataFrame({"lat_24": [21.0], "lon_24": [130.0], "vmax_24": [60.0], "dx_24": [0.0], "dy_24": [111.0]})
        >>> track_forecast(cases, wide, (24,))[["storm", "lead_hours", "lat", "lon"]].values.tolist()
        [['x', 24, 21.0, 130.0]]
    """
    leads = [int(h) for h in leads]
    n, k = len(cases), len(leads)
    storm = cases["storm"].astype(str).to_numpy() if "storm" in cases else cases.index.astype(str).to_numpy()
    issue = pd.DatetimeIndex(cases["time"]) if "time" in cases else pd.DatetimeIndex([pd.NaT] * n)

    def stacked(name: str) -> np.ndarray:
        return np.stack([wide[f"{name}_{h}"].to_numpy(float) for h in leads], axis=1).ravel()

    frame = pd.DataFrame(
        {
            "storm": np.repeat(storm, k),
            "issue_time": np.repeat(issue.to_numpy(), k),
            "lead_hours": np.tile(np.asarray(leads, dtype=np.int64), n),
            "lat": stacked("lat"),
            "lon": stacked("lon") % 360.0,
            "vmax": stacked("vmax"),
            "dx_km": stacked("dx"),
            "dy_km": stacked("dy"),
        }
    )
    return check_track(frame)
