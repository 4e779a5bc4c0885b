"""Simple baselines every learned forecaster must beat: last value, seasonal naive, historical average.

Example:
    >>> import numpy as np, pandas as pd
    >>> from shared.forecast.panel import SeriesPanel
    >>> t = pd.date_range("2024-01-01", periods=6 * 288, freq="5min")
    >>> day = np.sin(np.arange(288) / 288 * 2 * np.pi)[:, None] * 10 + 50
    >>> p = SeriesPanel(np.tile(day, (6, 1)), t, ["a"])
    >>> sn = SeasonalNaive(n_in=12, n_out=12).fit(p, range(300, 1000), range(1000, 1200))
    >>> bool(np.allclose(sn.predict(p, [1500])[0, :, 0], p.values[1500:1512, 0]))
    True
"""

from __future__ import annotations

import numpy as np

from shared.forecast.base import PanelForecaster, future_calendar
from shared.forecast.panel import SeriesPanel
from shared.forecast.windows import gather
from shared.store import register


@register
class LastValue(PanelForecaster):
    """Repeat the last observed value over every horizon step (persistence)."""

    name = "last_value"
    store_kind = "shared.forecast.LastValue"
    store_version = 2

    def _fit(self, panel: SeriesPanel, train: np.ndarray, val: np.ndarray) -> None:
        return None

    def predict(self, panel: SeriesPanel, origins: range | np.ndarray) -> np.ndarray:
        """(origin, n_out, series): the value at ``t0 - 1`` repeated."""
        o = self.check_panel(panel, origins)
        last = panel.filled()[o - 1]
        return np.repeat(last[:, None, :], self.n_out, axis=1)


@register
class SeasonalNaive(PanelForecaster):
    """The value one season earlier (by default one day: the same time the previous day)."""

    name = "seasonal_naive"
    store_kind = "shared.forecast.SeasonalNaive"
    store_version = 2

    def __init__(self, n_in: int = 12, n_out: int = 12, *, season: int | None = None) -> None:
        super().__init__(n_in, n_out)
        self.season = season

    def _season(self, panel: SeriesPanel) -> int:
        """The ``season`` parameter, or one day of the panel's steps."""
        season = self.season or panel.steps_per_day
        if not season or season < self.n_out:
            raise ValueError(f"seasonal naive needs a season of at least {self.n_out} steps, got {season}")
        return int(season)

    def min_history(self, panel: SeriesPanel) -> int:
        """One season of history."""
        return max(self.n_in, self._season(panel))

    def _fit(self, panel: SeriesPanel, train: np.ndarray, val: np.ndarray) -> None:
        self.season_ = self._season(panel)

    def predict(self, panel: SeriesPanel, origins: range | np.ndarray) -> np.ndarray:
        """(origin, n_out, series): ``values[t0 + h - season]``."""
        o = self.check_panel(panel, origins)
        return gather(panel.filled(), o, -self.season_, self.n_out)


@register
class HistoricalAverage(PanelForecaster):
    """Mean of the training data at the same time of day (and day of week when asked), per series.

    ``by_day_of_week=None`` uses the day of week only when the training part spans at least two
    weeks; otherwise every day shares one profile (the time-of-day average). Slots never seen in
    training fall back to the series mean.
    """

    name = "historical_average"
    store_kind = "shared.forecast.HistoricalAverage"
    store_version = 2

    def __init__(self, n_in: int = 12, n_out: int = 12, *, by_day_of_week: bool | None = None) -> None:
        super().__init__(n_in, n_out)
        self.by_day_of_week = by_day_of_week

    def _fit(self, panel: SeriesPanel, train: np.ndarray, val: np.ndarray) -> None:
        end = int(train.max()) + self.n_out
        spd = panel.steps_per_day or 1
        values = panel.values[:end]
        by_dow = self.by_day_of_week if self.by_day_of_week is not None else end >= 14 * spd
        self.by_day_of_week_ = bool(by_dow)
        kinds = 7 if by_dow else 1
        key = panel.slot_of_day()[:end] + spd * (panel.day_of_week()[:end] if kinds == 7 else 0)
        sums = np.zeros((kinds * spd, panel.n_series), np.float64)
        counts = np.zeros_like(sums)
        ok = ~np.isnan(values)
        np.add.at(sums, key, np.where(ok, values, 0.0))
        np.add.at(counts, key, ok)
        with np.errstate(invalid="ignore", divide="ignore"):
            profile = sums / counts
            fallback = np.nanmean(values, axis=0)
        profile = np.where(counts > 0, profile, np.nan_to_num(fallback)[None, :])
        # (day kinds, steps per day, series)
        self.profile_ = profile.reshape(kinds, spd, panel.n_series).astype(np.float32)

    def predict(self, panel: SeriesPanel, origins: range | np.ndarray) -> np.ndarray:
        """(origin, n_out, series): the profile at each forecast step's time."""
        o = self.check_panel(panel, origins)
        slots, dows = future_calendar(panel, o, self.n_out)
        kind = dows if self.profile_.shape[0] == 7 else np.zeros_like(dows)
        return self.profile_[kind, slots % self.profile_.shape[1]]
