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
