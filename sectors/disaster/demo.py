"""What the Disaster page shows, computed here so the page only draws: flood and typhoon demos, risk bulletin.

:func:`demo_model` is the one entry point the page, the CLI's attention summary and the tests use: the
flood or typhoon demo, built once per process. On the bundled samples both demos load models shipped
pre-fitted next to the samples (shared.store folders under ``samples/disaster/demo-models``), so no
visitor waits for training; on the folder in CIVIC_DATA_DIR they train small, fast models once.
``python -m sectors.disaster.demo`` rebuilds the shipped folders after a change to a model or a sample.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, overload

import numpy as np
import pandas as pd
import xarray as xr

from sectors.disaster.data import camels_folder, load_camels, load_tracks, typhoon_folder
from sectors.disaster.flood.base import FloodModel
from sectors.disaster.flood.evaluation import protocol_for
from sectors.disaster.flood.gbm import LightGBMFlood
from sectors.disaster.flood.output import lead_days
from sectors.disaster.flood.protocol import SAMPLE_PROTOCOL, FloodProtocol
from sectors.disaster.flood.scores import FloodScores, score_flood
from sectors.disaster.geo import great_circle_km
from sectors.disaster.typhoon.forecaster import TyphoonForecaster
from sectors.disaster.typhoon.models import LightGBMTrack
from sectors.disaster.typhoon.strike import KOREA_LAT, KOREA_LON
from sectors.disaster.typhoon.tracks import clean_tracks
from shared.data.registry import SAMPLES
from shared.store import load, save

#: The shipped pre-fitted demo models (shared.store folders) for the bundled samples.
DEMO_MODELS = SAMPLES / "disaster" / "demo-models"
FLOOD_MODEL = DEMO_MODELS / "flood-lightgbm"
TYPHOON_MODEL = DEMO_MODELS / "typhoon-lightgbm"
DEMO_FLOOD_TREES = 80
DEMO_TYPHOON_TREES = 150

#: Places the bulletin reports strike probabilities for (name in Korean and English, lat, lon).
KOREAN_CITIES = (
    ("서울", "Seoul", 37.57, 126.98),
    ("부산", "Busan", 35.18, 129.08),
    ("제주", "Jeju", 33.50, 126.53),
    ("광주", "Gwangju", 35.16, 126.85),
    ("강릉", "Gangneung", 37.75, 128.90),
)


@dataclass
class FloodDemo:
    """A trained flood model with its data, test forecasts and scores."""

    ds: xr.Dataset
    model: FloodModel
    forecast: xr.Dataset
    scores: FloodScores
    protocol: FloodProtocol
    origin: str


def flood_demo(data_dir: str | None = None, n_estimators: int = DEMO_FLOOD_TREES) -> FloodDemo:
    """Train LightGBM on the CAMELS data found (bundled sample by default) and forecast its test period.

    Example:
        >>> demo = flood_demo(n_estimators=5)
        >>> demo.forecast["p_exceed"].dims
        ('site', 'issue_time', 'lead')
    """
    folder, origin = camels_folder(data_dir)
    ds = load_camels(folder)
    protocol = SAMPLE_PROTOCOL if origin == "bundled" else protocol_for(ds)[0]
    if origin == "bundled" and n_estimators == DEMO_FLOOD_TREES and FLOOD_MODEL.exists():
        model = load(FLOOD_MODEL, kind=LightGBMFlood.store_kind)
    else:
        model = LightGBMFlood(protocol, n_estimators=n_estimators, learning_rate=0.1).fit(ds)
    forecast = model.predict(ds)
    return FloodDemo(ds, model, forecast, score_flood(forecast, ds, protocol.test), protocol, origin)


def basin_risk(demo: FloodDemo, day: pd.Timestamp) -> pd.DataFrame:
    """Per basin on issue ``day``: name, position, highest flood probability over the leads, flow and threshold."""
    f = demo.forecast.sel(issue_time=pd.Timestamp(day))
    ds = demo.ds
    sites = f["site"].values
    names = ds["name"].sel(basin=sites).values if "name" in ds.coords else sites
    return pd.DataFrame(
        {
            "basin": sites,
            "name": names,
            "lat": ds["lat"].sel(basin=sites).values,
            "lon": ds["lon"].sel(basin=sites).values,
            "p_max": f["p_exceed"].max("lead").values,
            "flow_lead1": f["flow"].isel(lead=lead_days(demo.forecast).index(1)).values
            if 1 in lead_days(demo.forecast)
            else f["flow"].isel(lead=0).values,
            "threshold": f["threshold"].values,
        }
    )


def hydrograph(demo: FloodDemo, basin: str, day: pd.Timestamp, history_days: int = 30) -> dict:
    """Observed flow before ``day``, the forecast after it (with its 5-95% band), threshold and probabilities."""
    day = pd.Timestamp(day)
    q = demo.ds[demo.protocol.variable].sel(basin=basin).to_series()
    history = q[(q.index > day - pd.Timedelta(days=history_days)) & (q.index <= day)]
    f = demo.forecast.sel(site=basin, issue_time=day)
    target = pd.DatetimeIndex(f["valid_time"].values)
    leads = lead_days(demo.forecast)
    band = f["flow_quantile"]
    # Each line starts from the issue day's observed flow, so the forecast visibly continues the record.
    now = pd.Series([float(q.get(day, np.nan))], index=[day])

    def joined(values: np.ndarray) -> pd.Series:
        return pd.concat([now, pd.Series(values, index=target)])

    return {
        "history": history,
        "forecast": joined(f["flow"].values),
        "lower": joined(band.sel(quantile=0.05).values),
        "upper": joined(band.sel(quantile=0.95).values),
        "observed": q.reindex(target),
        "threshold": float(f["threshold"]),
        "p_exceed": pd.Series(f["p_exceed"].values, index=leads),
        "warn": pd.Series(demo.forecast["warn_probability"].values, index=leads),
    }


def busiest_day(demo: FloodDemo) -> pd.Timestamp:
    """The issue day in the test forecasts with the highest flood probability anywhere (a telling default)."""
    p = demo.forecast["p_exceed"].max(("site", "lead"))
    return pd.Timestamp(p["issue_time"].values[int(np.nanargmax(p.values))])


@dataclass
class TyphoonDemo:
    """A trained typhoon forecaster with the clean tracks it came from."""

    forecaster: TyphoonForecaster
    tracks: pd.DataFrame
    origin: str


def typhoon_demo(data_dir: str | None = None, n_estimators: int = DEMO_TYPHOON_TREES) -> TyphoonDemo:
    """Train the LightGBM track model and its error ensemble on the JTWC tracks found (bundled 2011-2021 slice)."""
    folder, origin = typhoon_folder(data_dir)
    tracks = clean_tracks(load_tracks(folder))
    first = int(tracks["time"].dt.year.min())
    if origin == "bundled" and n_estimators == DEMO_TYPHOON_TREES and TYPHOON_MODEL.exists():
        return TyphoonDemo(load(TYPHOON_MODEL, kind=TyphoonForecaster.store_kind), tracks, origin)
    forecaster = TyphoonForecaster(LightGBMTrack(n_estimators=n_estimators, learning_rate=0.1), n_members=300)
    forecaster.fit(tracks, train_years=(max(first, 1980), 2014), valid_years=(2015, 2017))
    return TyphoonDemo(forecaster, tracks, origin)


@overload
def demo_model(task: Literal["flood"] = ..., data_dir: str | None = ...) -> FloodDemo: ...
@overload
def demo_model(task: Literal["typhoon"], data_dir: str | None = ...) -> TyphoonDemo: ...


@lru_cache(maxsize=4)
def demo_model(task: str = "flood", data_dir: str | None = None) -> FloodDemo | TyphoonDemo:
    """The sector's demo model, built once per process: ``"flood"`` (:func:`flood_demo`) or ``"typhoon"``.

    The page, the CLI (``civic demo``'s attention summary) and the tests all use this one. Callers must
    not modify what it returns.

    Example:
        >>> demo = demo_model("typhoon")
        >>> demo.origin, type(demo.forecaster).__name__
        ('bundled', 'TyphoonForecaster')
    """
    if task == "flood":
        return flood_demo(data_dir)
    if task == "typhoon":
        return typhoon_demo(data_dir)
    raise ValueError(f"unknown disaster demo {task!r}; choose 'flood' or 'typhoon'")


def korea_storms(
    tracks: pd.DataFrame, years: tuple[int, int] = (2018, 2021), margin_km: float = 300.0
) -> pd.DataFrame:
    """Storms of ``years`` whose centre came within ``margin_km`` of the Korea box, with their closest approach.

    Example:
        >>> from sectors.disaster.data import load_tracks, typhoon_folder
        >>> storms = korea_storms(clean_tracks(load_tracks(typhoon_folder()[0])))
        >>> "201915" in set(storms["storm"])
        True
    """
    t = tracks[tracks["time"].dt.year.between(*years)]
    clat = np.clip(t["lat"].to_numpy(), *KOREA_LAT)
    clon = np.clip(t["lon"].to_numpy(), *KOREA_LON)
    dist = great_circle_km(t["lat"].to_numpy(), t["lon"].to_numpy(), clat, clon)
    t = t.assign(dist_km=dist)
    near = t[t["dist_km"] <= margin_km]
    rows = []
    for storm, g in near.groupby("storm"):
        closest = g.loc[g["dist_km"].idxmin()]
        whole = tracks[tracks["storm"] == storm]
        rows.append(
            {
                "storm": storm,
                "start": whole["time"].min(),
                "closest": closest["time"],
                "vmax_max": float(whole["vmax"].max()),
                "dist_km": float(closest["dist_km"]),
            }
        )
    return pd.DataFrame(rows).sort_values("start").reset_index(drop=True)


def storm_cases(demo: TyphoonDemo, storm: str) -> pd.DataFrame:
    """The storm's forecast cases (needs 24 h of history at >= 35 kt), in time order."""
    return (
        demo.forecaster.cases(demo.tracks[demo.tracks["storm"] == storm])
        .sort_values("time")
        .reset_index(drop=True)
    )


def default_case(cases: pd.DataFrame, closest: pd.Timestamp, hours_before: int = 36) -> int:
    """Index of the case issued closest to ``hours_before`` hours before the storm's closest approach."""
    target = pd.Timestamp(closest) - pd.Timedelta(hours=hours_before)
    return int(np.argmin(np.abs((pd.DatetimeIndex(cases["time"]) - target).total_seconds())))


def city_strike(strike: xr.Dataset, lang: str = "ko") -> pd.DataFrame:
    """Strike probability at the grid cell nearest to each city of :data:`KOREAN_CITIES`."""
    rows = []
    for ko, en, lat, lon in KOREAN_CITIES:
        p = float(strike["strike_probability"].sel(lat=lat, lon=lon, method="nearest"))
        rows.append({"city": ko if lang == "ko" else en, "lat": lat, "lon": lon, "probability": p})
    return pd.DataFrame(rows)


def bulletin_points(
    risk: pd.DataFrame,
    day: pd.Timestamp,
    strike: xr.Dataset | None,
    cities: pd.DataFrame | None,
    lang: str = "ko",
) -> list[str]:
    """Plain statements for the risk bulletin: the basins most at risk and the typhoon's strike chances.

    Example:
        >>> risk = pd.DataFrame({"name": ["A river"], "p_max": [0.6], "threshold": [12.0]})
        >>> bulletin_points(risk, pd.Timestamp("2006-06-01"), None, None, lang="en")[0]
        'Flood risk from 2006-06-02: A river has a 60% chance of flow above its flood threshold (12.0 mm/day) within 3 days.'
    """
    start = (pd.Timestamp(day) + pd.Timedelta(days=1)).strftime("%Y-%m-%d")
    points: list[str] = []
    top = risk.sort_values("p_max", ascending=False)
    for _, row in top.head(2).iterrows():
        pct = int(round(100 * float(row["p_max"])))
        if lang == "ko":
            points.append(
                f"{start}부터 3일 안에 {row['name']} 유량이 홍수 기준({row['threshold']:.1f} mm/일)을 넘을 확률은 {pct}%입니다"
            )
        else:
            points.append(
                f"Flood risk from {start}: {row['name']} has a {pct}% chance of flow above its flood threshold "
                f"({row['threshold']:.1f} mm/day) within 3 days."
            )
    if strike is not None and cities is not None:
        storm = strike.attrs.get("storm", "")
        peak = float(strike["strike_probability"].max())
        hot = cities.sort_values("probability", ascending=False).iloc[0]
        if lang == "ko":
            points.append(
                f"태풍 {storm}의 중심이 72시간 안에 100 km 이내로 지나갈 확률은 {hot['city']} {hot['probability']:.0%}, "
                f"한반도 주변 최고 {peak:.0%}입니다"
            )
        else:
            points.append(
                f"Typhoon {storm}: the chance that its centre passes within 100 km in the next 72 hours is "
                f"{hot['probability']:.0%} at {hot['city']} and at most {peak:.0%} around Korea."
            )
    return points


def main(argv: list[str] | None = None) -> int:
    """Retrain the demo models on the bundled samples and save them to :data:`DEMO_MODELS`."""
    for path in (FLOOD_MODEL, TYPHOON_MODEL):
        if path.exists():  # train, not load
            for f in path.iterdir():
                f.unlink()
            path.rmdir()
    flood = flood_demo()
    save(flood.model, FLOOD_MODEL)
    typhoon = typhoon_demo()
    save(typhoon.forecaster, TYPHOON_MODEL)
    print(f"saved {FLOOD_MODEL} and {TYPHOON_MODEL}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
