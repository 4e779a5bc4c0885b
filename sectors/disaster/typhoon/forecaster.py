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

import time
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from sectors.disaster.typhoon.strike import (
    STRIKE_RADIUS_KM,
    TrackErrorEnsemble,
    korea_grid,
    strike_dataset,
    strike_probability,
)
from sectors.disaster.typhoon.models import CliperTrack, LightGBMTrack, MLPTrack, PersistenceTrack, TrackModel
from sectors.disaster.typhoon.samples import split_by_year, track_samples
from sectors.disaster.typhoon.tracks import clean_tracks
from shared.store import ModelState, register, registered_kinds

TRACK_MODELS: dict[str, type[TrackModel]] = {
    "persistence": PersistenceTrack,
    "cliper": CliperTrack,
    "lightgbm": LightGBMTrack,
    "mlp": MLPTrack,
}

__all__ = ["TRACK_MODELS", "TyphoonForecaster", "clean_tracks"]


def _prefixed(state: ModelState, prefix: str) -> dict[str, Any]:
    return {
        "arrays": {f"{prefix}__{k}": v for k, v in state.arrays.items()},
        "boosters": {f"{prefix}__{k}": v for k, v in state.boosters.items()},
        "torch_state": {f"{prefix}__{k}": v for k, v in state.torch_state.items()},
    }


def _unprefixed(state: ModelState, prefix: str, params: dict) -> ModelState:
    cut = len(prefix) + 2
    return ModelState(
        params=params,
        arrays={k[cut:]: v for k, v in state.arrays.items() if k.startswith(prefix + "__")},
        boosters={k[cut:]: v for k, v in state.boosters.items() if k.startswith(prefix + "__")},
        torch_state={k[cut:]: v for k, v in state.torch_state.items() if k.startswith(prefix + "__")},
    )


def _as_frame(case: pd.Series) -> pd.DataFrame:
    """One case (a row of a case table) as a one-row table with numeric columns."""
    return pd.DataFrame([case.to_dict()])


@register
class TyphoonForecaster:
    """Track model + error ensemble: 24/48/72 h forecasts, a forecast cone and strike probabilities over Korea.

    ``model`` is a name of :data:`TRACK_MODELS` or a :class:`TrackModel` instance.
    """

    store_kind = "disaster.typhoon"
    store_version = 1

    def __init__(
        self, model: str | TrackModel = "lightgbm", *, n_members: int = 500, seed: int | None = None
    ) -> None:
        self.model = TRACK_MODELS[model]() if isinstance(model, str) else model
        self.n_members = n_members
        self.seed = seed

    def fit(
        self,
        tracks: pd.DataFrame,
        *,
        train_years: tuple[int, int] = (1980, 2014),
        valid_years: tuple[int, int] = (2015, 2017),
    ) -> TyphoonForecaster:
        """Fit the track model on ``train_years`` and its error ensemble on ``valid_years`` (clean tracks in)."""
        start = time.perf_counter()
        parts = split_by_year(track_samples(tracks), train_years, valid_years, (9999, 9999))
        self.model.fit(parts["train"], parts["valid"])
        valid = parts["valid"] if len(parts["valid"]) else parts["train"]
        self.ensemble_ = TrackErrorEnsemble(self.model.leads).fit(valid, self.model.predict(valid))
        self.train_seconds_ = time.perf_counter() - start
        return self

    def cases(self, tracks: pd.DataFrame, storm: str | None = None) -> pd.DataFrame:
        """Forecast cases (the last 24 h known) of one storm (by id, or by SN prefix), or of all storms."""
        if storm is not None:
            tracks = tracks[tracks["storm"].astype(str).str.startswith(str(storm))]
        return track_samples(tracks, leads=self.model.leads)

    def forecast(self, cases: pd.DataFrame) -> pd.DataFrame:
        """Positions (lat, lon 0-360) and winds (kt) at each lead for each case."""
        return self.model.predict(cases)

    def cone(self, case: pd.Series) -> pd.DataFrame:
        """The forecast track of one case with the cone radius (two thirds of validation errors) at each lead."""
        fc = self.forecast(_as_frame(case))
        rows = [
            {
                "lead_h": 0,
                "lat": float(case["lat0"]),
                "lon": float(case["lon0"]),
                "vmax": float(case["vmax0"]),
                "radius_km": 0.0,
            }
        ]
        for k, h in enumerate(self.model.leads):
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
        """Ensemble member tracks (member, 1 + lead) of one case (``forecast``: its row of :meth:`forecast`)."""
        fc = self.forecast(_as_frame(case)).iloc[0] if forecast is None else forecast
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
            model=self.model.name,
            radius_km=radius_km,
            horizon_h=max(self.model.leads),
        )

    def to_state(self) -> ModelState:
        """The track model's and the ensemble's states, side by side under prefixes."""
        model_state, ens_state = self.model.to_state(), self.ensemble_.to_state()
        parts_m, parts_e = _prefixed(model_state, "model"), _prefixed(ens_state, "ensemble")
        return ModelState(
            params={
                "model_kind": type(self.model).store_kind,
                "model_params": model_state.params,
                "ensemble_params": ens_state.params,
                "n_members": self.n_members,
                "seed": self.seed,
            },
            arrays={**parts_m["arrays"], **parts_e["arrays"]},
            boosters={**parts_m["boosters"], **parts_e["boosters"]},
            torch_state={**parts_m["torch_state"], **parts_e["torch_state"]},
            training_data="disaster/typhoon",
        )

    @classmethod
    def from_state(cls, state: ModelState) -> TyphoonForecaster:
        """Rebuild from :meth:`to_state`."""
        p = state.params
        model_cls = registered_kinds()[p["model_kind"]]
        model = model_cls.from_state(_unprefixed(state, "model", p["model_params"]))
        out = cls(model, n_members=p["n_members"], seed=p["seed"])
        out.ensemble_ = TrackErrorEnsemble.from_state(_unprefixed(state, "ensemble", p["ensemble_params"]))
        return out
