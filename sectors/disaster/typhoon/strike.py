"""Typhoon strike probability over Korea from a track model's error distribution.

:class:`TrackErrorEnsemble` remembers how a track model erred on validation cases: each case's whole
error trajectory (24, 48, 72 h) in the frame of the storm's motion (along and across track). For a new
forecast it adds every remembered trajectory, rotated to the new storm's motion, to the forecast
track: an ensemble of plausible tracks with realistic, correlated errors. :func:`strike_probability`
counts, for every cell of a 0.25-degree grid, the share of members whose centre passes within 100 km
in the next 72 hours. :func:`strike_dataset` wraps it as an xarray Dataset; :func:`write_strike_netcdf`
stores it as NetCDF.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import xarray as xr

from sectors.disaster.geo import EARTH_RADIUS_KM, offset_position, wrap_lon_difference
from sectors.disaster.typhoon.samples import LEADS_H, require_columns
from shared.errors import DataError
from shared.estimator import Estimator
from shared.seeding import rng
from shared.store import register

#: The Korean peninsula and nearby seas (Yellow Sea, Korea Strait, western East Sea), in degrees.
KOREA_LAT = (32.0, 43.0)
KOREA_LON = (122.0, 132.0)
STRIKE_RADIUS_KM = 100.0
CONE_QUANTILE = 2.0 / 3.0  # as the operational cones: two thirds of past errors fall inside


def korea_grid(step: float = 0.25) -> tuple[np.ndarray, np.ndarray]:
    """Latitudes and longitudes of the grid over Korea and its seas.

    Example:
        >>> lat, lon = korea_grid()
        >>> len(lat), len(lon), float(lat[1] - lat[0])
        (45, 41, 0.25)
    """
    lat = np.round(np.arange(KOREA_LAT[0], KOREA_LAT[1] + step / 2, step), 4)
    lon = np.round(np.arange(KOREA_LON[0], KOREA_LON[1] + step / 2, step), 4)
    return lat, lon


def motion_frame(dx12: np.ndarray, dy12: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unit vectors along the storm's last-12-hour motion and 90 degrees to its left (north if stationary).

    Example:
        >>> along, left = motion_frame(np.array([10.0]), np.array([0.0]))
        >>> along.tolist(), left.tolist()
        ([[1.0, 0.0]], [[-0.0, 1.0]])
    """
    v = np.stack([np.asarray(dx12, float), np.asarray(dy12, float)], axis=-1)
    norm = np.linalg.norm(v, axis=-1, keepdims=True)
    along = np.where(norm > 1.0, v / np.maximum(norm, 1e-9), np.array([0.0, 1.0]))
    left = np.stack([-along[..., 1], along[..., 0]], axis=-1)
    return along, left


@register
class TrackErrorEnsemble(Estimator):
    """Error trajectories of a track model on validation cases, used to spread its forecasts into members.

    Example:
        >>> cases = pd.DataFrame({"dx12": [100.0, 100.0], "dy12": [0.0, 0.0], "lat0": [20.0, 20.0], "lon0": [130.0, 130.0]})
        >>> for h in (24, 48, 72):
        ...     cases[f"dx_{h}"] = [h * 10.0, h * 10.0]; cases[f"dy_{h}"] = [50.0, -50.0]
        >>> fc = cases[[c for c in cases if c.startswith(("dx_", "dy_"))]].assign(**{f"dy_{h}": 0.0 for h in (24, 48, 72)})
        >>> ens = TrackErrorEnsemble().fit(cases, fc)
        >>> ens.errors_[:, 0].tolist()                    # (along, left) error at 24 h of each case
        [[0.0, 50.0], [0.0, -50.0]]
    """

    store_kind = "disaster.track.ensemble"
    store_version = 2

    def __init__(self, leads: Sequence[int] = LEADS_H) -> None:
        self.leads = leads

    @classmethod
    def _conformance_case(cls):
        """Errors of persistence on synthetic storms of 2003, members of a 2004 case."""
        from sectors.disaster.synthetic import tiny_tracks
        from sectors.disaster.typhoon.models import PersistenceTrack
        from sectors.disaster.typhoon.samples import split_by_year, track_samples
        from shared.estimator_checks import ConformanceCase

        parts = split_by_year(track_samples(tiny_tracks()), (2001, 2002), (2003, 2003), (2004, 2004))
        track = PersistenceTrack().fit(parts["train"])
        valid, case = parts["valid"], parts["test"].iloc[0]
        forecast = track.predict_wide(parts["test"].iloc[:1]).iloc[0]
        return ConformanceCase(
            make=cls,
            fit=lambda m: m.fit(valid, track.predict_wide(valid)),
            predict=lambda m: np.stack(m.members(case, forecast, n_members=20, seed=0)),
            schema="array",
            bad_input=lambda m: m.members(case.drop("dx12"), forecast),
        )

    def fit(self, cases: pd.DataFrame, forecast: pd.DataFrame) -> TrackErrorEnsemble:
        """Keep the (along, left) errors in km of every case observed at all leads."""
        targets = [f"{k}_{h}" for h in self.leads for k in ("dx", "dy")]
        require_columns(cases, ["dx12", "dy12", *targets], "validation cases")
        require_columns(forecast, targets, "validation forecasts (TrackModel.predict_wide)")
        along, left = motion_frame(cases["dx12"].to_numpy(), cases["dy12"].to_numpy())
        errs = []
        for h in self.leads:
            ex = cases[f"dx_{h}"].to_numpy(float) - forecast[f"dx_{h}"].to_numpy(float)
            ey = cases[f"dy_{h}"].to_numpy(float) - forecast[f"dy_{h}"].to_numpy(float)
            e = np.stack([ex, ey], axis=-1)
            errs.append(np.stack([(e * along).sum(-1), (e * left).sum(-1)], axis=-1))
        errors = np.stack(errs, axis=1)  # (case, lead, 2)
        self.errors_ = errors[np.isfinite(errors).all(axis=(1, 2))]
        if len(self.errors_) == 0:
            raise DataError(
                "no validation case is observed at every lead; cannot build the ensemble",
                expected=f"cases with a best-track fix at {', '.join(f'{h} h' for h in self.leads)}",
            )
        self.cone_radius_km_ = np.quantile(np.linalg.norm(self.errors_, axis=-1), CONE_QUANTILE, axis=0)
        return self

    def members(
        self, case: pd.Series, forecast: pd.Series, n_members: int | None = 500, seed: int | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Member tracks (member, 1 + lead) of latitudes and longitudes, starting at the current position."""
        self._check_fitted()
        missing = [c for c in ("lat0", "lon0", "dx12", "dy12") if c not in case.index]
        if missing:
            raise DataError(
                "forecast case: field is missing", column=missing[0], expected="a row of track_samples"
            )
        errors = self.errors_
        if n_members is not None and n_members < len(errors):
            errors = errors[rng(seed).choice(len(errors), n_members, replace=False)]
        along, left = motion_frame(np.array([case["dx12"]]), np.array([case["dy12"]]))
        lats = [np.full(len(errors), float(case["lat0"]))]
        lons = [np.full(len(errors), float(case["lon0"]))]
        for k, h in enumerate(self.leads):
            dx = forecast[f"dx_{h}"] + errors[:, k, 0] * along[0, 0] + errors[:, k, 1] * left[0, 0]
            dy = forecast[f"dy_{h}"] + errors[:, k, 0] * along[0, 1] + errors[:, k, 1] * left[0, 1]
            lat, lon = offset_position(float(case["lat0"]), float(case["lon0"]), dx, dy)
            lats.append(lat)
            lons.append(lon)
        return np.stack(lats, axis=1), np.stack(lons, axis=1)


def track_distance_km(
    track_lat: np.ndarray, track_lon: np.ndarray, lat: np.ndarray, lon: np.ndarray
) -> np.ndarray:
    """Shortest distance (km) from each grid point to each track drawn as straight segments between fixes.

    ``track_lat``/``track_lon``: (track, fix). ``lat``/``lon``: 1-D grid axes. Returns (track, lat, lon).
    Distances use the tangent plane at each grid point (accurate to well under 1% within 1,000 km).

    Example:
        >>> d = track_distance_km(np.array([[30.0, 30.0]]), np.array([[125.0, 127.0]]), np.array([31.0]), np.array([126.0]))
        >>> round(float(d[0, 0, 0]), 1)
        111.2
    """
    k = np.pi / 180.0 * EARTH_RADIUS_KM
    glat, glon = np.meshgrid(np.asarray(lat, float), np.asarray(lon, float), indexing="ij")
    clat, clon = glat.ravel(), glon.ravel()
    scale_x = (k * np.cos(np.radians(clat)))[:, None, None].astype(np.float32)
    dlon = np.asarray(track_lon, np.float32)[None] - clon[:, None, None].astype(np.float32)
    if np.abs(dlon).max() > 180.0:  # only tracks near the antimeridian need the fold
        dlon = wrap_lon_difference(dlon).astype(np.float32)
    x = dlon * scale_x  # (cell, track, fix) km east of the cell
    y = (np.asarray(track_lat, np.float32)[None] - clat[:, None, None].astype(np.float32)) * np.float32(k)
    ax, ay = x[..., :-1], y[..., :-1]
    vx, vy = x[..., 1:] - ax, y[..., 1:] - ay
    seg2 = vx * vx + vy * vy
    t = np.clip(-(ax * vx + ay * vy) / np.where(seg2 > 0, seg2, 1.0), 0.0, 1.0)
    px, py = ax + t * vx, ay + t * vy
    dist = np.sqrt(px * px + py * py).min(axis=-1)  # (cell, track)
    return dist.T.reshape(np.shape(track_lat)[0], len(lat), len(lon)).astype(float)


def _reaches_grid(
    member_lat: np.ndarray, member_lon: np.ndarray, lat: np.ndarray, lon: np.ndarray, radius_km: float
) -> np.ndarray:
    """Members with at least one segment whose bounding box, widened by the radius, overlaps the grid."""
    pad_lat = radius_km / 111.0 + 0.1
    pad_lon = radius_km / (111.0 * np.cos(np.radians(min(abs(lat.max()), 80.0)))) + 0.1
    lo_lat = np.minimum(member_lat[:, :-1], member_lat[:, 1:]) - pad_lat
    hi_lat = np.maximum(member_lat[:, :-1], member_lat[:, 1:]) + pad_lat
    lo_lon = np.minimum(member_lon[:, :-1], member_lon[:, 1:]) - pad_lon
    hi_lon = np.maximum(member_lon[:, :-1], member_lon[:, 1:]) + pad_lon
    overlap = (hi_lat >= lat.min()) & (lo_lat <= lat.max()) & (hi_lon >= lon.min()) & (lo_lon <= lon.max())
    return overlap.any(axis=1)


def strike_probability(
    member_lat: np.ndarray,
    member_lon: np.ndarray,
    lat: np.ndarray,
    lon: np.ndarray,
    radius_km: float = STRIKE_RADIUS_KM,
    chunk: int = 100,
) -> np.ndarray:
    """Share of member tracks passing within ``radius_km`` of each grid point, shape (lat, lon).

    Members whose track never comes near the grid count as misses without the distance computation.

    Example:
        >>> lat, lon = np.array([30.0, 35.0]), np.array([125.0])
        >>> strike_probability(np.array([[30.0, 30.5], [40.0, 40.5]]), np.array([[125.0, 125.0]] * 2), lat, lon).tolist()
        [[0.5], [0.0]]
    """
    lat, lon = np.asarray(lat, float), np.asarray(lon, float)
    hits = np.zeros((len(lat), len(lon)))
    near = _reaches_grid(member_lat, member_lon, lat, lon, radius_km)
    m_lat, m_lon = member_lat[near], member_lon[near]
    for start in range(0, m_lat.shape[0], chunk):
        d = track_distance_km(m_lat[start : start + chunk], m_lon[start : start + chunk], lat, lon)
        hits += (d <= radius_km).sum(axis=0)
    return hits / max(member_lat.shape[0], 1)


def strike_dataset(
    probability: np.ndarray,
    lat: np.ndarray,
    lon: np.ndarray,
    *,
    storm: str,
    issued: pd.Timestamp,
    members: int,
    model: str,
    radius_km: float = STRIKE_RADIUS_KM,
    horizon_h: int = 72,
) -> xr.Dataset:
    """The strike-probability grid as an xarray Dataset (dims lat, lon) with its provenance in attributes.

    Example:
        >>> ds = strike_dataset(np.zeros((2, 3)), np.array([33.0, 33.25]), np.array([126.0, 126.25, 126.5]),
        ...                     storm="201909", issued=pd.Timestamp("2019-09-05 00:00"), members=10, model="cliper")
        >>> ds["strike_probability"].dims, ds.attrs["radius_km"]
        (('lat', 'lon'), 100.0)
    """
    return xr.Dataset(
        {
            "strike_probability": (
                ("lat", "lon"),
                np.asarray(probability, np.float32),
                {
                    "long_name": f"probability that the storm centre passes within {radius_km:g} km in the next {horizon_h} h",
                    "units": "1",
                },
            )
        },
        coords={
            "lat": ("lat", np.asarray(lat, float), {"units": "degrees_north"}),
            "lon": ("lon", np.asarray(lon, float), {"units": "degrees_east"}),
        },
        attrs={
            "storm": str(storm),
            "issued": pd.Timestamp(issued).isoformat(),
            "members": int(members),
            "model": str(model),
            "radius_km": float(radius_km),
            "horizon_h": int(horizon_h),
            "method": "forecast track plus validation error trajectories rotated to the storm's motion",
            "source": "civic-ai-suite sectors.disaster; JTWC best tracks",
        },
    )


def write_strike_netcdf(ds: xr.Dataset, path: str | Path) -> Path:
    """Write a strike-probability Dataset to NetCDF-4 (h5netcdf engine, no netCDF C library needed)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    ds.to_netcdf(path, engine="h5netcdf")
    return path


def read_strike_netcdf(path: str | Path) -> xr.Dataset:
    """Read a strike-probability Dataset written by :func:`write_strike_netcdf` (loaded into memory)."""
    with xr.open_dataset(path, engine="h5netcdf") as ds:
        return ds.load()
