"""Seeded synthetic basins in the CAMELS layout and synthetic typhoon tracks, for tests and the conformance checks.

:func:`synthetic_camels` simulates rain, temperature, a snow pack and two linear stores (quick and
slow flow) per basin, so flow responds to rain with a delay, as real rivers do. :func:`write_camels_folder`
writes any such Dataset out as CAMELS text files that :func:`sectors.disaster.load_camels` reads back.
:func:`synthetic_tracks` draws recurving storms in the layout of
:func:`sectors.disaster.typhoon.tracks.clean_tracks`. :func:`tiny_basins` (with :data:`TINY_PROTOCOL`)
and :func:`tiny_tracks` are the small, cached data of the models' conformance cases.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import xarray as xr

from sectors.disaster.flood.protocol import FloodProtocol
from shared.data.formats.camels import CFS_TO_CMS
from shared.seeding import resolve_seed, rng

FORCING_HEADER = "Year Mnth Day Hr\tDayl(s)\tPRCP(mm/day)\tSRAD(W/m2)\tSWE(mm)\tTmax(C)\tTmin(C)\tVp(Pa)"


def synthetic_camels(
    n_basins: int = 3,
    *,
    start: str = "2000-10-01",
    end: str = "2007-09-30",
    seed: int | None = None,
) -> xr.Dataset:
    """Simulated daily forcing and flow for ``n_basins`` basins, shaped like :func:`load_camels` output.

    Example:
        >>> ds = synthetic_camels(2, start="2001-01-01", end="2001-12-31", seed=0)
        >>> ds["qobs"].shape, bool((ds["qobs"] >= 0).all())
        ((2, 365), True)
    """
    g = rng(seed)
    time = pd.date_range(start, end, freq="D")
    n = len(time)
    doy = np.asarray(time.dayofyear, float)
    season = np.cos(2 * np.pi * (doy - 200) / 365.25)  # +1 in mid July
    basins = [f"9{k:07d}" for k in range(1, n_basins + 1)]
    out: dict[str, np.ndarray] = {v: np.zeros((n_basins, n)) for v in ("prcp", "tmean", "srad", "vp", "dayl")}
    q = np.zeros((n_basins, n))
    lat = g.uniform(32.0, 48.0, n_basins)
    lon = g.uniform(-120.0, -70.0, n_basins)
    area = g.uniform(1e8, 2e9, n_basins)
    p_mean = np.zeros(n_basins)
    for b in range(n_basins):
        wet = g.uniform(0.2, 0.45)
        rain = g.gamma(0.7, g.uniform(6.0, 14.0), n) * (g.random(n) < wet * (1 + 0.3 * season))
        temp = g.uniform(2.0, 16.0) + g.uniform(6.0, 14.0) * season + g.normal(0, 3.0, n)
        k_quick, k_slow, split = g.uniform(0.3, 0.7), g.uniform(0.01, 0.05), g.uniform(0.3, 0.7)
        snow = quick = slow = 0.0
        for t in range(n):
            if temp[t] < 0:
                snow += rain[t]
                water = 0.0
            else:
                melt = min(snow, 2.5 * temp[t])
                snow -= melt
                water = rain[t] + melt
            quick += split * water
            slow += (1 - split) * water * 0.6  # the rest evaporates
            q_quick, q_slow = k_quick * quick, k_slow * slow
            quick -= q_quick
            slow -= q_slow
            q[b, t] = q_quick + q_slow
        out["prcp"][b] = rain
        out["tmean"][b] = temp
        out["srad"][b] = 200 + 120 * season + g.normal(0, 30, n) - 40 * (rain > 0)
        out["vp"][b] = 900 + 600 * season + g.normal(0, 80, n)
        out["dayl"][b] = 43200 + 12000 * season * np.sign(lat[b])
        p_mean[b] = rain.mean()
    ds = xr.Dataset(
        {
            **{v: (("basin", "time"), a) for v, a in out.items()},
            "tmax": (("basin", "time"), out["tmean"]),
            "tmin": (("basin", "time"), out["tmean"]),
            "swe": (("basin", "time"), np.zeros((n_basins, n))),
            "qobs": (("basin", "time"), q),
            "qobs_cfs": (("basin", "time"), q / 1000.0 * area[:, None] / 86400.0 / CFS_TO_CMS),
            "area_m2": ("basin", area),
            "elev_m": ("basin", g.uniform(50, 2500, n_basins)),
            "p_mean": ("basin", p_mean),
            "aridity": ("basin", g.uniform(0.3, 3.0, n_basins)),
            "frac_forest": ("basin", g.uniform(0, 1, n_basins)),
        },
        coords={
            "basin": basins,
            "time": time,
            "lat": ("basin", lat),
            "lon": ("basin", lon),
            "name": ("basin", [f"Synthetic creek {k + 1}" for k in range(n_basins)]),
        },
        attrs={"source": "synthetic", "seed": resolve_seed(seed)},
    )
    return ds


def write_camels_folder(ds: xr.Dataset, folder: str | Path) -> Path:
    """Write ``ds`` (dims basin, time) as a CAMELS folder: forcing, streamflow, names/topo attributes.

    Missing flow is written as -999.00 with flag M, as USGS files do.

    Example:
        >>> import tempfile
        >>> from sectors.disaster.data import load_camels
        >>> ds = synthetic_camels(2, start="2001-01-01", end="2001-03-31", seed=0)
        >>> back = load_camels(write_camels_folder(ds, tempfile.mkdtemp()))
        >>> bool(np.allclose(back["qobs"], ds["qobs"], rtol=1e-3, atol=1e-3))
        True
    """
    folder = Path(folder)
    time = pd.DatetimeIndex(ds["time"].values)
    names, topo = ["gauge_id;huc_02;gauge_name"], ["gauge_id;gauge_lat;gauge_lon;elev_mean;area_gages2"]
    clim = ["gauge_id;p_mean;aridity"]
    for i, basin in enumerate(ds["basin"].values):
        basin = str(basin)
        huc = f"{i % 18 + 1:02d}"
        area = float(ds["area_m2"].values[i])
        tmean = ds["tmean"].values[i] if "tmean" in ds else ds["tmax"].values[i]
        path = folder / "basin_mean_forcing" / "nldas" / huc / f"{basin}_lump_nldas_forcing_leap.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        lines = [f"{float(ds['lat'].values[i]):.2f}", f"{float(ds['elev_m'].values[i]):.2f}", f"{area:.0f}"]
        lines.append(FORCING_HEADER)
        columns = zip(
            time,
            ds["dayl"].values[i],
            ds["prcp"].values[i],
            ds["srad"].values[i],
            tmean,
            ds["vp"].values[i],
            strict=True,
        )
        lines += [
            f"{t.year} {t.month:02d} {t.day:02d} 12\t{dl:.2f}\t{p:.4f}\t{sr:.2f}\t0.00\t{tm:.4f}\t{tm:.4f}\t{vp:.2f}"
            for t, dl, p, sr, tm, vp in columns
        ]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        cfs = np.asarray(ds["qobs"].values[i]) / 1000.0 * area / 86400.0 / CFS_TO_CMS
        flow_path = folder / "usgs_streamflow" / huc / f"{basin}_streamflow_qc.txt"
        flow_path.parent.mkdir(parents=True, exist_ok=True)
        rows = [
            f"{basin} {t.year} {t.month:02d} {t.day:02d} {v:10.4f} A"
            if np.isfinite(v)
            else f"{basin} {t.year} {t.month:02d} {t.day:02d}    -999.00 M"
            for t, v in zip(time, cfs, strict=True)
        ]
        flow_path.write_text("\n".join(rows) + "\n", encoding="utf-8")
        name = str(ds["name"].values[i]) if "name" in ds.coords else basin
        names.append(f"{basin};{huc};{name}")
        topo.append(
            f"{basin};{float(ds['lat'].values[i])};{float(ds['lon'].values[i])};"
            f"{float(ds['elev_m'].values[i])};{area / 1e6}"
        )
        p_mean = float(ds["p_mean"].values[i]) if "p_mean" in ds else float(np.nanmean(ds["prcp"].values[i]))
        aridity = float(ds["aridity"].values[i]) if "aridity" in ds else 1.0
        clim.append(f"{basin};{p_mean};{aridity}")
    attrs = folder / "camels_attributes_v2.0"
    attrs.mkdir(parents=True, exist_ok=True)
    (attrs / "camels_name.txt").write_text("\n".join(names) + "\n", encoding="utf-8")
    (attrs / "camels_topo.txt").write_text("\n".join(topo) + "\n", encoding="utf-8")
    (attrs / "camels_clim.txt").write_text("\n".join(clim) + "\n", encoding="utf-8")
    return folder


#: The flood protocol on :func:`tiny_basins` (2001-2003): 15 months to train, 6 to validate, 3 to test.
TINY_PROTOCOL = FloodProtocol(
    train=("2001-04-01", "2002-06-30"), valid=("2002-07-01", "2002-12-31"), test=("2003-01-01", "2003-03-31")
)


@lru_cache(maxsize=1)
def tiny_basins() -> xr.Dataset:
    """Two synthetic basins over 2001-2003 (seed 0): the data of the flood models' conformance cases.

    Cached per process: callers must not modify it.
    """
    return synthetic_camels(2, start="2001-01-01", end="2003-12-31", seed=0)


def synthetic_tracks(
    n_storms: int = 12, *, years: tuple[int, int] = (2001, 2004), seed: int | None = None
) -> pd.DataFrame:
    """Seeded 6-hourly tracks of storms that drift west-north-west and recurve, as :func:`clean_tracks` returns.

    Storms are dealt over ``years`` in turn; winds stay at tropical-storm strength or more (>= 40 kt), so
    every fix with 24 h of history is a forecast case.

    Example:
        >>> t = synthetic_tracks(4, years=(2001, 2002), seed=0)
        >>> list(t.columns), t["storm"].nunique(), bool(t["lon"].between(0, 360).all())
        (['storm', 'sn', 'time', 'lat', 'lon', 'vmax', 'mslp'], 4, True)
    """
    g = rng(seed)
    frames = []
    n_years = years[1] - years[0] + 1
    for k in range(n_storms):
        year = years[0] + k % n_years
        n = int(g.integers(18, 30))
        start = pd.Timestamp(year, 6, 1) + pd.Timedelta(hours=6 * int(g.integers(0, 500)))
        turn = np.linspace(0.0, 1.0, n) ** 2 * g.uniform(0.5, 1.5)
        dlat = g.uniform(0.15, 0.35) + 0.4 * turn + g.normal(0.0, 0.05, n)
        dlon = -g.uniform(0.3, 0.7) + 0.9 * turn + g.normal(0.0, 0.08, n)
        vmax = 40.0 + g.uniform(30.0, 90.0) * np.sin(np.pi * np.arange(n) / n) + g.normal(0.0, 2.0, n)
        sn = f"{year}{k + 1:02d}"
        frames.append(
            pd.DataFrame(
                {
                    "storm": sn,
                    "sn": sn,
                    "time": pd.date_range(start, periods=n, freq="6h"),
                    "lat": g.uniform(10.0, 20.0) + np.cumsum(dlat),
                    "lon": (g.uniform(130.0, 150.0) + np.cumsum(dlon)) % 360.0,
                    "vmax": np.maximum(vmax, 40.0),
                    "mslp": np.nan,
                }
            )
        )
    return pd.concat(frames, ignore_index=True).sort_values(["storm", "time"]).reset_index(drop=True)


@lru_cache(maxsize=1)
def tiny_tracks() -> pd.DataFrame:
    """Twenty synthetic storms over 2001-2004 (seed 0): the data of the typhoon models' conformance cases.

    Cached per process: callers must not modify it.
    """
    return synthetic_tracks(20, years=(2001, 2004), seed=0)
