"""Forecast bands from validation residuals: empirical quantiles per horizon step and series.

Any point forecaster gets quantiles this way (a split-conformal style band): the residuals
``truth - forecast`` on the validation windows give, for each horizon step and series, the offsets
of the lower and upper quantiles. The 0.5 quantile is the point forecast itself, so the metrics of
the median are those of the model, and a band never excludes it (a lower offset above zero, from a
biased model, is clipped to zero). With few validation windows the residuals are pooled over
series.

Example:
    >>> import numpy as np
    >>> g = np.random.default_rng(0)
    >>> truth = g.normal(size=(500, 2, 3)); pred = np.zeros_like(truth)
    >>> bands = ResidualBands((0.1, 0.5, 0.9)).fit(pred, truth)
    >>> q = bands.apply(np.zeros((1, 2, 3)))
    >>> q.shape, bool(q[0, 0, 0, 0] < 0 < q[0, 0, 0, 2])
    ((1, 2, 3, 3), True)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


class ResidualBands:
    """Quantile offsets (quantile, horizon, series) learned from validation residuals."""

    def __init__(
        self, quantiles: Sequence[float] = (0.1, 0.5, 0.9), *, min_windows_per_series: int = 30
    ) -> None:
        q = [float(x) for x in quantiles]
        if any(not 0 < x < 1 for x in q) or sorted(q) != q:
            raise ValueError(f"quantiles must be increasing numbers in (0, 1), got {quantiles}")
        self.quantiles = q
        self.min_windows_per_series = min_windows_per_series
        self.offsets_: np.ndarray | None = None

    def fit(self, pred: np.ndarray, truth: np.ndarray, null_value: float | None = 0.0) -> ResidualBands:
        """Learn offsets from (window, horizon, series) forecasts and truths; missing truths are skipped."""
        resid = np.asarray(truth, np.float64) - np.asarray(pred, np.float64)
        bad = np.isnan(truth) | (np.asarray(truth) == null_value if null_value is not None else False)
        resid = np.where(bad, np.nan, resid)
        n_windows, n_h, n_s = resid.shape
        if n_windows >= self.min_windows_per_series:
            off = np.nanquantile(resid, self.quantiles, axis=0)  # (q, horizon, series)
        else:
            pooled = np.nanquantile(resid.transpose(1, 0, 2).reshape(n_h, -1), self.quantiles, axis=1)
            off = np.repeat(pooled[:, :, None], n_s, axis=2)
        off = np.nan_to_num(off)
        # The band always contains the point forecast: lower quantiles never above it, upper never below.
        q = np.asarray(self.quantiles)[:, None, None]
        off = np.where(q < 0.5, np.minimum(off, 0.0), np.where(q > 0.5, np.maximum(off, 0.0), 0.0))
        self.offsets_ = np.sort(off, axis=0).astype(np.float32)
        return self

    def apply(self, pred: np.ndarray) -> np.ndarray:
        """(window, horizon, series) point forecasts -> (window, horizon, series, quantile), increasing."""
        if self.offsets_ is None:
            raise RuntimeError("fit the bands first")
        return np.asarray(pred, np.float32)[..., None] + np.moveaxis(self.offsets_, 0, -1)[None]
