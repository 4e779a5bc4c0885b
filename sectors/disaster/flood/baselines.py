"""The two no-skill references for flood forecasting: persistence and day-of-year climatology."""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

from sectors.disaster.flood.base import FloodModel, events, scaled_flow
from sectors.disaster.flood.protocol import period_mask
from shared.store import register

#: Half-width in days of the moving window that smooths the day-of-year climatology.
DOY_HALF_WINDOW = 15


@register
class PersistenceFlood(FloodModel):
    """Tomorrow's flow is today's; the flood probability is 1 if today is above the threshold, else 0.

    Example:
        >>> from sectors.disaster.synthetic import synthetic_camels
        >>> from sectors.disaster.flood.protocol import SAMPLE_PROTOCOL
        >>> ds = synthetic_camels(n_basins=2, seed=1)
        >>> f = PersistenceFlood(SAMPLE_PROTOCOL).fit(ds).predict(ds)
        >>> bool((f["flow"].isel(lead=0) == f["flow"].isel(lead=2)).all())
        True
    """

    name = "persistence"
    store_kind = "disaster.flood.persistence"
    store_version = 2

    def _fit(self, ds: xr.Dataset, stats: pd.DataFrame) -> None:
        return None  # nothing to learn beyond the scales, thresholds and calibration of FloodModel.fit

    def _predict_z(self, ds, stats, tidx):
        z = scaled_flow(ds, stats, self.protocol.variable)[:, tidx]
        e = events(ds, stats, self.protocol.variable)[:, tidx]
        n = len(self.protocol.leads)
        return np.repeat(z[..., None], n, axis=2), np.repeat(e[..., None], n, axis=2)


def doy_table(values: np.ndarray, time: pd.DatetimeIndex, half_window: int = DOY_HALF_WINDOW) -> np.ndarray:
    """Mean of ``values`` (basin, time) for each day of year 1..366, smoothed over +-``half_window`` days.

    Returns (basin, 366); index 0 is 1 January. NaNs are ignored; a day with no data at all is NaN.

    Example:
        >>> t = pd.date_range("2001-01-01", "2002-12-31")
        >>> table = doy_table(np.ones((1, len(t))), t)
        >>> table.shape, float(table[0, 100])
        ((1, 366), 1.0)
    """
    doy = np.asarray(pd.DatetimeIndex(time).dayofyear) - 1
    sums = np.zeros((values.shape[0], 366))
    counts = np.zeros((values.shape[0], 366))
    finite = np.isfinite(values)
    for d in range(366):
        sel = doy == d
        sums[:, d] = np.where(finite[:, sel], values[:, sel], 0.0).sum(axis=1)
        counts[:, d] = finite[:, sel].sum(axis=1)
    kernel = np.ones(2 * half_window + 1)
    wrap = lambda a: np.concatenate([a[:, -half_window:], a, a[:, :half_window]], axis=1)  # noqa: E731
    smooth_s = np.stack([np.convolve(row, kernel, mode="valid") for row in wrap(sums)])
    smooth_c = np.stack([np.convolve(row, kernel, mode="valid") for row in wrap(counts)])
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(smooth_c > 0, smooth_s / np.maximum(smooth_c, 1), np.nan)


@register
class ClimatologyFlood(FloodModel):
    """The basin's mean flow and flood frequency for the target's day of year, from the training period.

    Example:
        >>> from sectors.disaster.synthetic import synthetic_camels
        >>> from sectors.disaster.flood.protocol import SAMPLE_PROTOCOL
        >>> ds = synthetic_camels(n_basins=2, seed=1)
        >>> f = ClimatologyFlood(SAMPLE_PROTOCOL).fit(ds).predict(ds)
        >>> bool((f["p_exceed"] >= 0).all() and (f["p_exceed"] <= 1).all())
        True
    """

    name = "climatology"
    store_kind = "disaster.flood.climatology"
    store_version = 2

    def _tables(self, ds: xr.Dataset, stats: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        mask = period_mask(ds["time"].values, self.protocol.train)
        time = pd.DatetimeIndex(ds["time"].values)[mask]
        z = scaled_flow(ds, stats, self.protocol.variable)[:, mask]
        e = events(ds, stats, self.protocol.variable)[:, mask]
        return doy_table(z, time), doy_table(e, time)

    def _fit(self, ds: xr.Dataset, stats: pd.DataFrame) -> None:
        self.z_table_, self.p_table_ = self._tables(ds, stats)

    def _predict_z(self, ds, stats, tidx):
        known = [b for b in stats.index if b in self.stats_.index]
        z_table = np.full((len(stats), 366), np.nan)
        p_table = np.full((len(stats), 366), np.nan)
        pos = {b: i for i, b in enumerate(self.stats_.index)}
        for i, b in enumerate(stats.index):
            if b in pos:
                z_table[i], p_table[i] = self.z_table_[pos[b]], self.p_table_[pos[b]]
        if len(known) < len(stats):
            new = stats.loc[[b for b in stats.index if b not in pos]]
            zt, pt = self._tables(ds, new)
            for k, b in enumerate(new.index):
                i = list(stats.index).index(b)
                z_table[i], p_table[i] = zt[k], pt[k]
        time = pd.DatetimeIndex(ds["time"].values)[tidx]
        leads = self.protocol.leads
        z = np.empty((len(stats), len(tidx), len(leads)))
        p = np.empty_like(z)
        for j, lead in enumerate(leads):
            doy = np.asarray((time + pd.Timedelta(days=int(lead))).dayofyear) - 1
            z[:, :, j], p[:, :, j] = z_table[:, doy], p_table[:, doy]
        return z, p
