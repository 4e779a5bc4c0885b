"""What every flood forecaster shares: fit on the training period, calibrate on validation, predict a forecast.

A subclass implements ``_fit`` and ``_predict_z``: the forecast of *scaled* flow
z = (q - mean) / std of the basin's training-period flow, and the probability of exceeding the
basin's flood threshold, for given issue days. This class turns z back into mm/day, adds an
uncertainty band from the validation residuals (:class:`shared.forecast.intervals.ResidualBands`),
picks the warning probability that maximises the critical success index on validation, and returns
the suite's forecast Dataset (:func:`sectors.disaster.flood.output.flood_forecast`).

The flow and its band come from the regression head, the exceedance probability from its own
(classification) head, so the two can disagree: a 95% flood chance under a band that never reaches the
threshold. ``predict`` therefore makes them coherent (``coherent_with_probability``): the flow and every
band quantile sit on the side of the threshold that the probability implies.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any, ClassVar

import numpy as np
import pandas as pd
import xarray as xr

from sectors.disaster.flood.output import flood_forecast
from sectors.disaster.flood.protocol import (
    DEFAULT_PROTOCOL,
    FloodProtocol,
    basin_stats,
    check_flood_dataset,
    period_mask,
)
from shared.errors import DataError
from shared.estimator import Estimator
from shared.forecast.intervals import ResidualBands
from shared.forecast.metrics import csi
from shared.forecast.windows import gather

BAND_QUANTILES = (0.05, 0.5, 0.95)


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

    The target windows of :func:`shared.forecast.windows.gather` (issue day t is the last input step, so
    the window starts at t + 1); positions past the end of the series are NaN.

    Example:
        >>> lead_targets(np.arange(5.0)[None], np.array([2, 3]), [1, 2])[0].tolist()
        [[3.0, 4.0], [4.0, nan]]
    """
    leads = [int(h) for h in leads]
    horizon = max(leads)
    values = np.asarray(values, float)
    padded = np.concatenate([values, np.full((values.shape[0], horizon), np.nan)], axis=1).T  # (time, basin)
    windows = gather(padded, np.asarray(tidx, dtype=np.int64), 1, horizon)  # (t, step, basin)
    return np.moveaxis(windows[:, [h - 1 for h in leads]], 2, 0)


class FloodModel(Estimator):
    """Base of the flood forecasters (persistence, climatology, LightGBM, LSTM).

    ``fit(ds)`` learns from the protocol's training period and calibrates on its validation period;
    ``predict(ds, start, end)`` returns a forecast Dataset (see :mod:`sectors.disaster.flood.output`) for
    every issue day from ``start`` to ``end`` (default: the days whose forecasts fall in the test period).
    Fitted state: ``stats_`` (scale and threshold per training basin), ``band_offsets_`` (validation
    residual quantiles of scaled flow, (quantile, lead, 1)) and ``warn_probability_`` (per lead).
    """

    name = "base"

    def __init__(self, protocol: FloodProtocol = DEFAULT_PROTOCOL) -> None:
        self.protocol = protocol

    # -- to implement -------------------------------------------------------------------------------------
    def _fit(self, ds: xr.Dataset, stats: pd.DataFrame) -> None:
        raise NotImplementedError

    def _predict_z(
        self, ds: xr.Dataset, stats: pd.DataFrame, tidx: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """(scaled flow, exceedance probability), each (basin, len(tidx), lead)."""
        raise NotImplementedError

    @classmethod
    def _conformance_params(cls) -> dict:
        """Small settings for the conformance check (subclasses with costly training override this)."""
        return {}

    @classmethod
    def _conformance_case(cls):
        """Fit on two synthetic basins over three years (:func:`sectors.disaster.synthetic.tiny_basins`)."""
        from sectors.disaster.synthetic import TINY_PROTOCOL, tiny_basins
        from shared.estimator_checks import ConformanceCase

        ds = tiny_basins()
        return ConformanceCase(
            make=lambda: cls(TINY_PROTOCOL, **cls._conformance_params()),
            fit=lambda m: m.fit(ds),
            predict=lambda m: m.predict(ds),
            schema="forecast",
            bad_input=lambda m: m.predict(ds.drop_vars("qobs")),
        )

    # -- shared ------------------------------------------------------------------------------------------
    #: Whether ``fit(..., client=...)`` can train on a Dask cluster (LightGBM through lightgbm.dask).
    distributed: ClassVar[bool] = False

    def fit(self, ds: xr.Dataset, basins: Sequence[str] | None = None, *, client: Any = None) -> FloodModel:
        """Learn from the training period of ``basins`` (default all), then calibrate on validation.

        ``client`` (a ``distributed.Client``) trains on a Dask cluster where the model supports it.
        """
        check_flood_dataset(ds, self.protocol.variable)
        if client is not None and not self.distributed:
            raise DataError(
                f"{self.name} cannot train on a Dask cluster", expected="the lightgbm flood model"
            )
        self.stats_ = basin_stats(ds, self.protocol, basins)
        if client is not None:
            self._fit(ds, self.stats_, client=client)
        else:
            self._fit(ds, self.stats_)
        self._calibrate(ds, self.stats_)
        synthetic = ds.attrs.get("source") == "synthetic"
        self.training_data_ = "synthetic CAMELS-format basins" if synthetic else "disaster/camels"
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
        """Band offsets and warning probabilities from the validation period.

        The band is :class:`~shared.forecast.intervals.ResidualBands` on scaled flow with every basin
        pooled into one series (``(basin x day, lead, 1)``): unlike traffic sensors, a flood band must
        also serve basins the model never saw (leave-basins-out), and scaled flow makes basins comparable.
        """
        leads = self.protocol.leads
        times = issue_days(self.protocol.valid, self.protocol.max_lead)
        times = times[(times >= ds["time"].values[0]) & (times <= ds["time"].values[-1])]
        self.band_offsets_ = np.zeros((len(BAND_QUANTILES), len(leads), 1), np.float32)
        self.warn_probability_ = np.full(len(leads), 0.5)
        if len(times) == 0:
            return
        tidx = time_indices(ds, times)
        z, p = self._predict_z(ds, stats, tidx)
        z_obs = lead_targets(scaled_flow(ds, stats, self.protocol.variable), tidx, leads)
        e_obs = lead_targets(events(ds, stats, self.protocol.variable), tidx, leads)
        target_days = times.values[:, None] + np.array([np.timedelta64(int(h), "D") for h in leads])[None]
        inside = period_mask(target_days.ravel(), self.protocol.valid).reshape(target_days.shape)
        z_obs = np.where(inside[None] & np.isfinite(z), z_obs, np.nan)
        for j in range(len(leads)):
            if np.isfinite(z_obs[:, :, j]).sum() <= 10:  # too few residuals: no band at this lead
                z_obs[:, :, j] = np.nan
            ok = inside[None, :, j] & np.isfinite(e_obs[:, :, j]) & np.isfinite(p[:, :, j])
            self.warn_probability_[j] = best_warning_probability(p[:, :, j][ok], e_obs[:, :, j][ok])
        with warnings.catch_warnings():  # a lead without residuals gives an all-NaN slice: offsets 0
            warnings.simplefilter("ignore", RuntimeWarning)
            bands = ResidualBands(BAND_QUANTILES, min_windows_per_series=1).fit(
                z.reshape(-1, len(leads), 1), z_obs.reshape(-1, len(leads), 1), null_value=None
            )
        self.band_offsets_ = bands.offsets_

    def _bands(self) -> ResidualBands:
        bands = ResidualBands(BAND_QUANTILES)
        bands.offsets_ = self.band_offsets_
        return bands

    def predict(
        self,
        ds: xr.Dataset,
        start: str | pd.Timestamp | None = None,
        end: str | pd.Timestamp | None = None,
        basins: Sequence[str] | None = None,
    ) -> xr.Dataset:
        """Forecasts issued on every day from ``start`` to ``end`` for ``basins`` (default all in ``ds``)."""
        self._check_fitted()
        check_flood_dataset(ds, self.protocol.variable)
        default = issue_days(self.protocol.test, self.protocol.max_lead)
        times = pd.date_range(start or default[0], end or default[-1], freq="D")
        stats = self.stats_for(ds, basins)
        tidx = time_indices(ds, times)
        z, p = self._predict_z(ds, stats, tidx)
        n_basin, n_time, n_lead = z.shape
        mean, std = stats["q_mean"].to_numpy()[:, None, None], stats["q_std"].to_numpy()[:, None, None]
        flow = np.clip(z * std + mean, 0.0, None)
        band = self._bands().apply(z.reshape(-1, n_lead, 1))[:, :, 0].astype(float)
        band = band.reshape(n_basin, n_time, n_lead, len(BAND_QUANTILES))
        band = np.clip(band * std[..., None] + mean[..., None], 0.0, None)
        p = np.clip(p, 0.0, 1.0)
        thr = stats["threshold"].to_numpy()[:, None, None]
        flow = coherent_with_probability(flow, 0.5, p, thr)
        for k, level in enumerate(BAND_QUANTILES):
            band[..., k] = coherent_with_probability(band[..., k], level, p, thr)
        return flood_forecast(
            list(stats.index),
            times,
            self.protocol.leads,
            flow,
            p,
            threshold=stats["threshold"].to_numpy(),
            flow_quantiles=band,
            quantiles=BAND_QUANTILES,
            warn_probability=self.warn_probability_,
            model=self.name,
        )


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
