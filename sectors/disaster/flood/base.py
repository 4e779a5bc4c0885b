"""What every flood forecaster shares: fit on the training period, calibrate on validation, predict as xarray.

A subclass implements ``_fit`` and ``_predict_z``: the forecast of *scaled* flow
z = (q - mean) / std of the basin's training-period flow, and the probability of exceeding the
basin's flood threshold, for given issue days. This class turns z back into mm/day, adds an
uncertainty band from the validation residuals, and picks the warning probability that maximises
the critical success index on validation.

The flow and its band come from the regression head, the exceedance probability from its own
(classification) head, so the two can disagree: a 95% flood chance under a band that never reaches the
threshold. ``predict`` therefore makes them coherent (``coherent_with_probability``): the flow and every
band quantile sit on the side of the threshold that the probability implies.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from sectors.disaster.flood.protocol import (
    FloodProtocol,
    basin_stats,
    check_flood_dataset,
    forecast_dataset,
    period_mask,
)
from shared.errors import DataError
from shared.forecast.metrics import csi
from shared.store import ModelState

BAND_QUANTILES = (0.05, 0.5, 0.95)
STATS_COLUMNS = ("q_mean", "q_std", "threshold", "event_rate", "p_mean")


def issue_days(period: tuple[str, str], max_lead: int) -> pd.DatetimeIndex:
    """The issue days whose forecasts (at some lead up to ``max_lead``) fall inside ``period``.

    Example:
        >>> issue_days(("2000-01-10", "2000-01-12"), 3)[[0, -1]].strftime("%m-%d").tolist()
        ['01-07', '01-11']
    """
    start = pd.Timestamp(period[0]) - pd.Timedelta(days=max_lead)
    end = pd.Timestamp(period[1]) - pd.Timedelta(days=1)
    return pd.date_range(start, end, freq="D")


def time_indices(ds: xr.Dataset, times: pd.DatetimeIndex) -> np.ndarray:
    """Positions of ``times`` on the dataset's daily time axis (DataError if a day is outside it)."""
    axis = pd.DatetimeIndex(ds["time"].values)
    idx = axis.get_indexer(pd.DatetimeIndex(times))
    if (idx < 0).any():
        missing = pd.DatetimeIndex(times)[idx < 0]
        raise DataError(
            f"{len(missing)} issue day(s) outside the data, first {missing[0].date()}",
            column="time",
            expected=f"days within {axis[0].date()}..{axis[-1].date()}",
        )
    return idx


def scaled_flow(ds: xr.Dataset, stats: pd.DataFrame, variable: str = "qobs") -> np.ndarray:
    """Flow of the basins in ``stats`` scaled per basin: (q - q_mean) / q_std, shape (basin, time)."""
    q = ds[variable].sel(basin=list(stats.index)).values.astype(float)
    return (q - stats["q_mean"].to_numpy()[:, None]) / stats["q_std"].to_numpy()[:, None]


def events(ds: xr.Dataset, stats: pd.DataFrame, variable: str = "qobs") -> np.ndarray:
    """1.0 where flow exceeds the basin's threshold, 0.0 where not, NaN where flow is missing."""
    q = ds[variable].sel(basin=list(stats.index)).values.astype(float)
    out = (q > stats["threshold"].to_numpy()[:, None]).astype(float)
    out[~np.isfinite(q)] = np.nan
    return out


def lead_targets(values: np.ndarray, tidx: np.ndarray, leads: Sequence[int]) -> np.ndarray:
    """``values[:, t + lead]`` for each issue index t and lead, shape (basin, len(tidx), len(leads)).

    Positions past the end of the series are NaN.

    Example:
        >>> lead_targets(np.arange(5.0)[None], np.array([2, 3]), [1, 2])[0].tolist()
        [[3.0, 4.0], [4.0, nan]]
    """
    n_time = values.shape[1]
    out = np.full((values.shape[0], len(tidx), len(leads)), np.nan)
    for j, lead in enumerate(leads):
        pos = tidx + int(lead)
        ok = pos < n_time
        out[:, ok, j] = values[:, pos[ok]]
    return out


class FloodModel:
    """Base of the flood forecasters (persistence, climatology, LightGBM, LSTM).

    ``fit(ds)`` learns from the protocol's training period and calibrates on its validation period;
    ``predict(ds, start, end)`` returns a forecast Dataset (see :func:`forecast_dataset`) for every issue
    day from ``start`` to ``end`` (default: the days whose forecasts fall in the test period).
    """

    name = "base"

    def __init__(self, protocol: FloodProtocol | None = None) -> None:
        self.protocol = protocol or FloodProtocol()

    # -- to implement -------------------------------------------------------------------------------------
    def _fit(self, ds: xr.Dataset, stats: pd.DataFrame) -> None:
        raise NotImplementedError

    def _predict_z(
        self, ds: xr.Dataset, stats: pd.DataFrame, tidx: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """(scaled flow, exceedance probability), each (basin, len(tidx), lead)."""
        raise NotImplementedError

    # -- shared ------------------------------------------------------------------------------------------
    def fit(self, ds: xr.Dataset, basins: Sequence[str] | None = None) -> FloodModel:
        """Learn from the training period of ``basins`` (default all), then calibrate on validation."""
        check_flood_dataset(ds, self.protocol.variable)
        self.stats_ = basin_stats(ds, self.protocol, basins)
        self._fit(ds, self.stats_)
        self._calibrate(ds, self.stats_)
        return self

    def stats_for(self, ds: xr.Dataset, basins: Sequence[str] | None = None) -> pd.DataFrame:
        """Scale and threshold of each basin: as learnt for training basins, from ``ds`` for new ones."""
        names = [str(b) for b in (ds["basin"].values if basins is None else basins)]
        known = [b for b in names if b in self.stats_.index]
        new = [b for b in names if b not in self.stats_.index]
        parts = [self.stats_.loc[known]] if known else []
        if new:
            parts.append(basin_stats(ds, self.protocol, new))
        return pd.concat(parts).loc[names]

    def _calibrate(self, ds: xr.Dataset, stats: pd.DataFrame) -> None:
        leads = self.protocol.leads
        times = issue_days(self.protocol.valid, self.protocol.max_lead)
        times = times[(times >= ds["time"].values[0]) & (times <= ds["time"].values[-1])]
        self.residual_quantiles_ = np.zeros((len(leads), len(BAND_QUANTILES)))
        self.warn_probability_ = np.full(len(leads), 0.5)
        if len(times) == 0:
            return
        tidx = time_indices(ds, times)
        z, p = self._predict_z(ds, stats, tidx)
        z_obs = lead_targets(scaled_flow(ds, stats, self.protocol.variable), tidx, leads)
        e_obs = lead_targets(events(ds, stats, self.protocol.variable), tidx, leads)
        target_days = times.values[:, None] + np.array([np.timedelta64(int(h), "D") for h in leads])[None]
        inside = period_mask(target_days.ravel(), self.protocol.valid).reshape(target_days.shape)
        for j in range(len(leads)):
            ok = inside[None, :, j] & np.isfinite(z_obs[:, :, j]) & np.isfinite(z[:, :, j])
            if ok.sum() > 10:
                self.residual_quantiles_[j] = np.quantile(z_obs[:, :, j][ok] - z[:, :, j][ok], BAND_QUANTILES)
            ok = inside[None, :, j] & np.isfinite(e_obs[:, :, j]) & np.isfinite(p[:, :, j])
            self.warn_probability_[j] = best_warning_probability(p[:, :, j][ok], e_obs[:, :, j][ok])

    def predict(
        self,
        ds: xr.Dataset,
        start: str | pd.Timestamp | None = None,
        end: str | pd.Timestamp | None = None,
        basins: Sequence[str] | None = None,
    ) -> xr.Dataset:
        """Forecasts issued on every day from ``start`` to ``end`` for ``basins`` (default all in ``ds``)."""
        check_flood_dataset(ds, self.protocol.variable)
        default = issue_days(self.protocol.test, self.protocol.max_lead)
        times = pd.date_range(start or default[0], end or default[-1], freq="D")
        stats = self.stats_for(ds, basins)
        tidx = time_indices(ds, times)
        z, p = self._predict_z(ds, stats, tidx)
        mean, std = stats["q_mean"].to_numpy()[:, None, None], stats["q_std"].to_numpy()[:, None, None]
        flow = np.clip(z * std + mean, 0.0, None)
        band = z[..., None] + self.residual_quantiles_[None, None]
        band = np.clip(band * std[..., None] + mean[..., None], 0.0, None)
        p = np.clip(p, 0.0, 1.0)
        thr = stats["threshold"].to_numpy()[:, None, None]
        flow = coherent_with_probability(flow, 0.5, p, thr)
        for k, level in enumerate(BAND_QUANTILES):
            band[..., k] = coherent_with_probability(band[..., k], level, p, thr)
        out = forecast_dataset(
            list(stats.index),
            times,
            self.protocol.leads,
            flow,
            p,
            threshold=stats["threshold"].to_numpy(),
            flow_quantiles=band,
            quantiles=BAND_QUANTILES,
            model=self.name,
        )
        out["warn_probability"] = ("lead", self.warn_probability_)
        return out

    # -- storage helpers -----------------------------------------------------------------------------------
    def _base_state(self) -> ModelState:
        arrays: dict[str, Any] = {
            "stats_basin": np.asarray(self.stats_.index, dtype=str),
            "residual_quantiles": self.residual_quantiles_,
            "warn_probability": self.warn_probability_,
        }
        for col in STATS_COLUMNS:
            arrays[f"stats_{col}"] = self.stats_[col].to_numpy(float)
        return ModelState(
            params={"protocol": self.protocol.to_dict(), "model": self.name},
            arrays=arrays,
            training_data="disaster/camels",
        )

    def _restore_base(self, state: ModelState) -> None:
        a = state.arrays
        self.stats_ = pd.DataFrame(
            {col: a[f"stats_{col}"] for col in STATS_COLUMNS},
            index=pd.Index([str(b) for b in a["stats_basin"]], name="basin"),
        )
        self.residual_quantiles_ = np.asarray(a["residual_quantiles"], float)
        self.warn_probability_ = np.asarray(a["warn_probability"], float)


def best_warning_probability(prob: np.ndarray, event: np.ndarray) -> float:
    """The warning probability (0.05..0.95 by 0.05) that maximises CSI; 0.5 when there is no event.

    Example:
        >>> best_warning_probability(np.array([0.1, 0.3, 0.8, 0.9]), np.array([0, 1, 1, 1]))
        0.15
    """
    prob, event = np.asarray(prob, float), np.asarray(event, float)
    if len(event) == 0 or event.sum() == 0:
        return 0.5
    grid = np.round(np.arange(0.05, 0.951, 0.05), 2)
    scores = [csi(prob >= g, event > 0.5) for g in grid]
    scores = [s if np.isfinite(s) else -1.0 for s in scores]
    return float(grid[int(np.argmax(scores))])


def coherent_with_probability(
    values: np.ndarray, level: float, p_exceed: np.ndarray, threshold: np.ndarray | float
) -> np.ndarray:
    """Move a forecast quantile to the side of the threshold its exceedance probability implies.

    The ``level`` quantile of a forecast lies above the threshold exactly when the chance of exceeding
    it is above ``1 - level``: a median (level 0.5) under the threshold with a 95% flood chance is a
    contradiction, and so is a 95% upper bound under it with a 30% chance. Where the two disagree, the
    quantile is set to the threshold (the smallest change that removes the contradiction); elsewhere it
    is unchanged. NaN probabilities leave the value as it is.

    Example:
        >>> coherent_with_probability(np.array([6.0, 6.0, 9.0]), 0.95, np.array([0.9, 0.01, 0.01]), 8.0)
        array([8., 6., 8.])
    """
    values = np.asarray(values, float)
    p = np.asarray(p_exceed, float)
    above = p > 1.0 - level
    below = p < 1.0 - level
    out = np.where(above, np.maximum(values, threshold), values)
    return np.where(below, np.minimum(out, threshold), out)
