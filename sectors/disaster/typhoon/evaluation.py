"""Running the typhoon protocol: track errors per model and lead, and a check of the strike probabilities.

Protocol: forecast cases (see :mod:`sectors.disaster.typhoon.samples`) split by year: train 1980-2014,
validate 2015-2017, test 2018-2021. Track error is the great-circle distance between the forecast and
the best-track position, averaged over the test cases still alive at that lead.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sectors.disaster.typhoon.forecaster import TyphoonForecaster
from sectors.disaster.typhoon.models import track_errors
from sectors.disaster.typhoon.strike import (
    KOREA_LAT,
    KOREA_LON,
    STRIKE_RADIUS_KM,
    strike_probability,
    track_distance_km,
)
from shared.forecast.metrics import brier_score, reliability_table

#: Test cases whose forecast or best track comes this close (degrees) to the Korea box are verified.
NEAR_KOREA_MARGIN_DEG = 3.0


@dataclass
class TyphoonRun:
    """One forecaster on the test years: its per-lead errors, training seconds and device."""

    model: str
    errors: pd.DataFrame
    train_seconds: float
    device: str
    forecaster: TyphoonForecaster


def run_track_model(
    forecaster: TyphoonForecaster,
    tracks: pd.DataFrame,
    parts: dict[str, pd.DataFrame],
    years: dict[str, tuple[int, int]],
) -> TyphoonRun:
    """Fit on the training and validation years, forecast the test cases, and measure the errors."""
    forecaster.fit(tracks, train_years=years["train"], valid_years=years["valid"])
    forecast = forecaster.forecast_wide(parts["test"])
    errors = track_errors(parts["test"], forecast, forecaster.leads)
    device = getattr(forecaster.model_, "device_used_", "cpu")
    return TyphoonRun(forecaster.model_.name, errors, forecaster.fit_seconds_, device, forecaster)


def _near_korea(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    m = NEAR_KOREA_MARGIN_DEG
    return (
        (lat >= KOREA_LAT[0] - m)
        & (lat <= KOREA_LAT[1] + m)
        & (lon >= KOREA_LON[0] - m)
        & (lon <= KOREA_LON[1] + m)
    )


def verify_strike(
    forecaster: TyphoonForecaster,
    cases: pd.DataFrame,
    tracks: pd.DataFrame,
    lat: np.ndarray,
    lon: np.ndarray,
    radius_km: float = STRIKE_RADIUS_KM,
) -> tuple[dict[str, float], pd.DataFrame]:
    """Brier score of strike probabilities over the Korea grid against what the best track did.

    Verified cases: test cases whose forecast members or best track come near the Korea box. The
    observed strike uses every 6-hourly best-track fix of the next 72 h. The reference is the same
    model's single forecast track (probability 0 or 1): the skill shows what the error ensemble adds.
    """
    probs, dets, obs = [], [], []
    horizon = pd.Timedelta(hours=max(forecaster.leads))
    by_storm = {k: g.sort_values("time") for k, g in tracks.groupby("storm")}
    forecasts = forecaster.forecast_wide(cases)
    for i in range(len(cases)):
        case, fc = cases.iloc[i], forecasts.iloc[i]
        m_lat, m_lon = forecaster.members(case, fc)
        truth = by_storm[case["storm"]]
        truth = truth[(truth["time"] >= case["time"]) & (truth["time"] <= case["time"] + horizon)]
        if not (
            _near_korea(m_lat, m_lon).any()
            or _near_korea(truth["lat"].to_numpy(), truth["lon"].to_numpy()).any()
        ):
            continue
        probs.append(strike_probability(m_lat, m_lon, lat, lon, radius_km))
        det_lat = np.array([[case["lat0"]] + [fc[f"lat_{h}"] for h in forecaster.leads]], float)
        det_lon = np.array([[case["lon0"]] + [fc[f"lon_{h}"] for h in forecaster.leads]], float)
        dets.append((track_distance_km(det_lat, det_lon, lat, lon)[0] <= radius_km).astype(float))
        t_lat, t_lon = truth["lat"].to_numpy()[None], truth["lon"].to_numpy()[None]
        if t_lat.shape[1] < 2:  # a single fix: the storm ended; a zero-length segment is that point
            t_lat, t_lon = np.repeat(t_lat, 2, axis=1), np.repeat(t_lon, 2, axis=1)
        obs.append((track_distance_km(t_lat, t_lon, lat, lon)[0] <= radius_km).astype(float))
    if not probs:
        return {"strike_cases": 0.0}, pd.DataFrame()
    p, d, o = (np.stack(a).ravel() for a in (probs, dets, obs))
    bs, bs_det = brier_score(p, o), brier_score(d, o)
    summary = {
        "strike_cases": float(len(probs)),
        "strike_brier": bs,
        "strike_brier_single_track": bs_det,
        "strike_bss_vs_single_track": 1.0 - bs / bs_det if bs_det > 0 else float("nan"),
        "strike_observed_rate": float(o.mean()),
    }
    return summary, reliability_table(p, o, bins=10)
