"""The typhoon forecaster agencies use: a track model, its error ensemble, the forecast cone and strike grid.

Example:
    >>> from sectors.disaster.data import load_tracks, typhoon_folder
    >>> tracks = clean_tracks(load_tracks(typhoon_folder()[0]))            # the bundled 2011-2021 slice
    >>> fc = TyphoonForecaster("cliper").fit(tracks, train_years=(2011, 2014))
    >>> case = fc.cases(tracks, storm="201915").iloc[-12]                  # Lingling, 2019
    >>> grid = fc.strike(case)
    >>> grid["strike_probability"].dims
    ('lat', 'lon')
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr
from sklearn.base import clone

from sectors.disaster.typhoon.models import CliperTrack, LightGBMTrack, MLPTrack, PersistenceTrack, TrackModel
from sectors.disaster.typhoon.samples import split_by_year, track_forecast, track_samples
from sectors.disaster.typhoon.strike import (
    STRIKE_RADIUS_KM,
    TrackErrorEnsemble,
    korea_grid,
    strike_dataset,
    strike_probability,
)
from sectors.disaster.typhoon.tracks import clean_tracks
from shared.estimator import Estimator
from shared.store import register

TRACK_MODELS: dict[str, type[TrackModel]] = {
    "persistence": PersistenceTrack,
    "cliper": CliperTrack,
    "lightgbm": LightGBMTrack,
    "mlp": MLPTrack,
}

__all__ = ["TRACK_MODELS", "TyphoonForecaster", "clean_tracks"]


def _as_frame(case: pd.Series) -> pd.DataFrame:
    """One case (a row of a case table) as a one-row table with numeric columns."""
    return pd.DataFrame([case.to_dict()])


@register
class TyphoonForecaster(Estimator):
    """Track model + error ensemble: 24/48/72 h forecasts, a forecast cone and strike probabilities over Korea.

    ``model`` is a name of :data:`TRACK_MODELS` or an unfitted :class:`TrackModel`; ``fit`` fits a copy of
    it as ``model_`` and the error ensemble as ``ensemble_``.
    """

    store_kind = "disaster.typhoon"
    store_version = 2

    def __init__(
        self, model: str | TrackModel = "lightgbm", *, n_members: int = 500, seed: int | None = None
    ) -> None:
        self.model = model
        self.n_members = n_members
        self.seed = seed

    @classmethod
    def _conformance_case(cls):
        """CLIPER on synthetic storms: train 2001-2002, error ensemble from 2003, forecast 2004."""
        from sectors.disaster.synthetic import tiny_tracks
        from shared.estimator_checks import ConformanceCase

        tracks = tiny_tracks()
        years = {"train_years": (2001, 2002), "valid_years": (2003, 2003)}
        cases = track_samples(tracks[tracks["time"].dt.year == 2004])
        return ConformanceCase(
            make=lambda: cls("cliper", n_members=20, seed=0),
            fit=lambda m: m.fit(tracks, **years),
            predict=lambda m: m.forecast(cases),
            schema="track",
            bad_input=lambda m: m.forecast(cases.drop(columns=["lat0"])),
        )

    def fit(
        self,
        tracks: pd.DataFrame,
        *,
        train_years: tuple[int, int] = (1980, 2014),
        valid_years: tuple[int, int] = (2015, 2017),
    ) -> TyphoonForecaster:
        """Fit the track model on ``train_years`` and its error ensemble on ``valid_years`` (clean tracks in)."""
        if isinstance(self.model, str):
            if self.model not in TRACK_MODELS:
                raise ValueError(
                    f"unknown track model {self.model!r}; choose one of {', '.join(TRACK_MODELS)}"
                )
            model = TRACK_MODELS[self.model]()
        else:
            model = clone(self.model)
        parts = split_by_year(track_samples(tracks), train_years, valid_years, (9999, 9999))
        self.model_ = model.fit(parts["train"], parts["valid"])
        valid = parts["valid"] if len(parts["valid"]) else parts["train"]
        self.ensemble_ = TrackErrorEnsemble(model.leads).fit(valid, model.predict_wide(valid))
        self.training_data_ = "disaster/typhoon"
        return self

    @property
    def leads(self) -> list[int]:
        """The fitted track model's lead times in hours."""
        self._check_fitted()
        return [int(h) for h in self.model_.leads]

    def cases(self, tracks: pd.DataFrame, storm: str | None = None) -> pd.DataFrame:
        """Forecast cases (the last 24 h known) of one storm (by id, or by SN prefix), or of all storms."""
        if storm is not None:
            tracks = tracks[tracks["storm"].astype(str).str.startswith(str(storm))]
        return track_samples(tracks, leads=self.leads)

    def forecast_wide(self, cases: pd.DataFrame) -> pd.DataFrame:
        """One row per case: positions (lat, lon 0-360) and winds (kt) at each lead (``lat_24``, ...)."""
        self._check_fitted()
        return self.model_.predict_wide(cases)

    def forecast(self, cases: pd.DataFrame) -> pd.DataFrame:
        """Track forecasts in the suite's schema (storm, issue_time, lead_hours, lat, lon, vmax, ...)."""
        return track_forecast(cases, self.forecast_wide(cases), self.leads)

    def cone(self, case: pd.Series) -> pd.DataFrame:
        """The forecast track of one case with the cone radius (two thirds of validation errors) at each lead."""
        fc = self.forecast_wide(_as_frame(case))
        rows = [
            {
                "lead_h": 0,
                "lat": float(case["lat0"]),
                "lon": float(case["lon0"]),
                "vmax": float(case["vmax0"]),
                "radius_km": 0.0,
            }
        ]
        for k, h in enumerate(self.leads):
            rows.append(
                {
                    "lead_h": h,
                    "lat": float(fc[f"lat_{h}"].iloc[0]),
                    "lon": float(fc[f"lon_{h}"].iloc[0]),
                    "vmax": float(fc[f"vmax_{h}"].iloc[0]),
                    "radius_km": float(self.ensemble_.cone_radius_km_[k]),
                }
            )
        return pd.DataFrame(rows)

    def members(self, case: pd.Series, forecast: pd.Series | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Ensemble member tracks (member, 1 + lead) of one case (``forecast``: its row of :meth:`forecast_wide`)."""
        fc = self.forecast_wide(_as_frame(case)).iloc[0] if forecast is None else forecast
        return self.ensemble_.members(case, fc, self.n_members, self.seed)

    def strike(
        self,
        case: pd.Series,
        lat: np.ndarray | None = None,
        lon: np.ndarray | None = None,
        radius_km: float = STRIKE_RADIUS_KM,
    ) -> xr.Dataset:
        """Probability that the centre passes within ``radius_km`` of each grid cell in the next 72 h."""
        if lat is None or lon is None:
            lat, lon = korea_grid()
        m_lat, m_lon = self.members(case)
        prob = strike_probability(m_lat, m_lon, lat, lon, radius_km)
        return strike_dataset(
            prob,
            lat,
            lon,
            storm=str(case["storm"]),
            issued=pd.Timestamp(case["time"]),
            members=m_lat.shape[0],
            model=self.model_.name,
            radius_km=radius_km,
            horizon_h=max(self.leads),
        )
