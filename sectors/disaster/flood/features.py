"""Inputs the flood models read: antecedent rain and flow features, static catchment attributes.

Everything here is known at the end of the issue day t (flow and forcing up to t); nothing peeks at
t+1 or later.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import xarray as xr

from sectors.disaster.flood.base import scaled_flow

#: The 27 static attributes of Kratzert et al. (HESS 2019), minus none: climate, topography, land cover,
#: soil and geology. Hydrological signatures (q_mean, runoff_ratio, ...) are left out on purpose: they
#: are computed from flow over 1989-2009 and would leak the test period.
STATIC_ATTRIBUTES = (
    "p_mean",
    "pet_mean",
    "aridity",
    "p_seasonality",
    "frac_snow",
    "high_prec_freq",
    "high_prec_dur",
    "low_prec_freq",
    "low_prec_dur",
    "elev_mean",
    "slope_mean",
    "area_gages2",
    "frac_forest",
    "lai_max",
    "lai_diff",
    "gvf_max",
    "gvf_diff",
    "soil_depth_pelletier",
    "soil_depth_statsgo",
    "soil_porosity",
    "soil_conductivity",
    "max_water_content",
    "sand_frac",
    "silt_frac",
    "clay_frac",
    "carbonate_rocks_frac",
    "geol_permeability",
)
#: Daily forcing the models read (NLDAS: Tmax == Tmin, so one temperature; SWE is always 0, so none).
DYNAMIC_INPUTS = ("prcp", "srad", "tmean", "vp", "dayl")


def available_statics(ds: xr.Dataset, candidates: Sequence[str] = STATIC_ATTRIBUTES) -> list[str]:
    """The static attributes of ``candidates`` that ``ds`` has as per-basin variables.

    Example:
        >>> ds = xr.Dataset({"p_mean": ("basin", [1.0, 2.0]), "q_mean": ("basin", [1.0, 1.0])})
        >>> available_statics(ds)
        ['p_mean']
    """
    return [a for a in candidates if a in ds and ds[a].dims == ("basin",)]


def static_matrix(
    ds: xr.Dataset, basins: Sequence[str], names: Sequence[str], fill: np.ndarray
) -> np.ndarray:
    """(basin, attribute) values; attributes a basin lacks take ``fill`` (the training mean)."""
    if not names:
        return np.zeros((len(basins), 0))
    out = np.stack([ds[a].sel(basin=list(basins)).values.astype(float) for a in names], axis=1)
    return np.where(np.isfinite(out), out, np.asarray(fill, float)[None, :])


def static_fill(ds: xr.Dataset, basins: Sequence[str], names: Sequence[str]) -> np.ndarray:
    """Mean of each attribute over ``basins`` (0 when no basin has it): what a missing value is replaced by.

    Example:
        >>> ds = xr.Dataset({"a": ("basin", [1.0, np.nan, 3.0])}, coords={"basin": ["x", "y", "z"]})
        >>> static_fill(ds, ["x", "y", "z"], ["a"]).tolist()
        [2.0]
    """
    raw = static_matrix(ds, basins, names, np.full(len(names), np.nan))
    if raw.shape[1] == 0:
        return np.zeros(0)
    with np.errstate(invalid="ignore"):
        return np.nan_to_num(np.nanmean(raw, axis=0)) if len(raw) else np.zeros(len(names))


def _rolling(values: np.ndarray, window: int, how: str) -> np.ndarray:
    frame = pd.DataFrame(values.T)
    roll = frame.rolling(window, min_periods=1)
    return getattr(roll, how)().to_numpy().T


def dynamic_features(ds: xr.Dataset, stats: pd.DataFrame, variable: str = "qobs") -> dict[str, np.ndarray]:
    """Antecedent flow, rain, temperature and season features, each (basin, time) on the full time axis.

    Flow features are scaled per basin (see :func:`scaled_flow`); rain is divided by the basin's mean rain.

    Example:
        >>> from sectors.disaster.synthetic import synthetic_camels
        >>> from sectors.disaster.flood.protocol import SAMPLE_PROTOCOL, basin_stats
        >>> ds = synthetic_camels(2, seed=0)
        >>> feats = dynamic_features(ds, basin_stats(ds, SAMPLE_PROTOCOL))
        >>> feats["rain_sum_7"].shape == ds["prcp"].shape
        True
    """
    basins = list(stats.index)
    z = scaled_flow(ds, stats, variable)
    z_filled = pd.DataFrame(z.T).ffill().to_numpy().T
    rain = ds["prcp"].sel(basin=basins).values / stats["p_mean"].to_numpy()[:, None]
    temp = ds["tmean"].sel(basin=basins).values if "tmean" in ds else ds["tmax"].sel(basin=basins).values
    threshold_z = ((stats["threshold"] - stats["q_mean"]) / stats["q_std"]).to_numpy()[:, None]
    doy = np.asarray(pd.DatetimeIndex(ds["time"].values).dayofyear, float)
    feats: dict[str, np.ndarray] = {
        "z0": z,
        "z1": np.roll(z, 1, axis=1),
        "z2": np.roll(z, 2, axis=1),
        "z_mean_7": _rolling(z, 7, "mean"),
        "z_mean_30": _rolling(z, 30, "mean"),
        "z_max_7": _rolling(z, 7, "max"),
        "z_filled": z_filled,
        "z_above_threshold": z_filled - threshold_z,
        "threshold_z": np.broadcast_to(threshold_z, z.shape),
        "rain0": rain,
        "rain1": np.roll(rain, 1, axis=1),
        "rain2": np.roll(rain, 2, axis=1),
        "rain_sum_3": _rolling(rain, 3, "sum"),
        "rain_sum_7": _rolling(rain, 7, "sum"),
        "rain_sum_30": _rolling(rain, 30, "sum"),
        "cold_rain_90": _rolling(np.where(temp < 0, rain, 0.0), 90, "sum"),
        "warm_degrees_7": _rolling(np.clip(temp, 0, None), 7, "mean"),
        "tmean0": temp,
        "doy_sin": np.broadcast_to(np.sin(2 * np.pi * doy / 365.25), z.shape),
        "doy_cos": np.broadcast_to(np.cos(2 * np.pi * doy / 365.25), z.shape),
    }
    for name in ("srad", "vp", "dayl"):
        if name in ds:
            feats[f"{name}0"] = ds[name].sel(basin=basins).values.astype(float)
    for name in ("z1", "z2", "rain1", "rain2"):  # np.roll wraps around: the first days have no past
        lag = int(name[-1])
        feats[name] = feats[name].copy()
        feats[name][:, :lag] = np.nan
    feats["dz1"] = feats["z0"] - feats["z1"]
    return feats


def feature_table(
    feats: dict[str, np.ndarray], tidx: np.ndarray, statics: np.ndarray, static_names: Sequence[str]
) -> tuple[np.ndarray, list[str]]:
    """Rows (basin-major: every issue day of basin 0, then basin 1, ...) of dynamic and static features.

    Example:
        >>> feats = {"a": np.arange(6.0).reshape(2, 3)}
        >>> X, names = feature_table(feats, np.array([1, 2]), np.array([[10.0], [20.0]]), ["s"])
        >>> X.tolist(), names
        ([[1.0, 10.0], [2.0, 10.0], [4.0, 20.0], [5.0, 20.0]], ['a', 's'])
    """
    names = list(feats)
    dyn = np.stack([feats[n][:, tidx] for n in names], axis=-1)  # (basin, t, F)
    n_b, n_t = dyn.shape[:2]
    stat = np.repeat(np.asarray(statics, float)[:, None, :], n_t, axis=1)
    table = np.concatenate([dyn, stat], axis=-1).reshape(n_b * n_t, -1)
    return table, names + list(static_names)
