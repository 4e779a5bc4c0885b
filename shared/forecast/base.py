"""The interface every panel forecaster follows, and the calendar of the steps it forecasts.

A panel forecaster is fitted on a :class:`~shared.forecast.panel.SeriesPanel` and the train and
validation origins of a :class:`~shared.forecast.splits.Split`; it predicts an array of shape
(origin, n_out, series) in the panel's units, and :meth:`PanelForecaster.forecast` gives the same
numbers as the suite's forecast Dataset (:mod:`shared.schema`). An origin may equal
``panel.n_time``: that is the forecast of the steps after the last observation.

Example:
    >>> import numpy as np, pandas as pd
    >>> from shared.forecast.panel import SeriesPanel
    >>> p = SeriesPanel(np.zeros((4, 1)), pd.date_range("2024-01-01 23:45", periods=4, freq="5min"), ["a"])
    >>> slots, dows = future_calendar(p, np.array([4]), 2)
    >>> slots.tolist(), dows.tolist()                   # 00:05 and 00:10 on Tuesday the 2nd
    ([[1, 2]], [[1, 1]])
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
import pandas as pd
import xarray as xr

from shared.errors import DataError
from shared.estimator import Estimator
from shared.forecast.output import panel_forecast
from shared.forecast.panel import SeriesPanel


def future_calendar(panel: SeriesPanel, origins: np.ndarray, n_out: int) -> tuple[np.ndarray, np.ndarray]:
    """Slot of day and day of week of the ``n_out`` forecast steps of each origin, shape (origin, n_out).

    Computed from the timestamp of the last observed step, so it works past the end of the panel.
    """
    origins = np.asarray(origins, dtype=np.int64)
    step = panel.step
    last = panel.time[origins - 1]
    times = last.to_numpy()[:, None] + (np.arange(1, n_out + 1) * step.to_timedelta64())[None, :]
    flat = pd.DatetimeIndex(times.ravel()).as_unit("ns")
    spd = panel.steps_per_day
    if spd is None:
        slots = np.zeros(flat.shape, dtype=np.int64)
    else:
        slots = ((flat - flat.normalize()).asi8 // step.as_unit("ns").value) % spd
    return slots.reshape(times.shape), np.asarray(flat.dayofweek, dtype=np.int64).reshape(times.shape)


class PanelForecaster(Estimator):
    """Base class: ``fit(panel, train, val)``, ``predict(panel, origins)`` (arrays) and ``forecast`` (Dataset).

    An :class:`~shared.estimator.Estimator`: parameters only in ``__init__``, fitted state in
    trailing-underscore attributes (``n_series_`` here), saved and loaded through :mod:`shared.store`
    without store code. Subclasses set ``name`` and implement ``_fit`` and ``predict`` (which starts
    with :meth:`check_panel`).
    """

    name: ClassVar[str] = "panel_forecaster"

    def __init__(self, n_in: int = 12, n_out: int = 12) -> None:
        self.n_in = n_in
        self.n_out = n_out

    def min_history(self, panel: SeriesPanel) -> int:
        """Steps of history this model needs before an origin."""
        return int(self.n_in)

    def usable(self, panel: SeriesPanel, origins: range | np.ndarray) -> np.ndarray:
        """The origins that have enough history for this model."""
        o = np.asarray(origins, dtype=np.int64)
        return o[o >= self.min_history(panel)]

    #: Whether ``fit(..., client=...)`` can train on a Dask cluster (LightGBM through lightgbm.dask).
    distributed: ClassVar[bool] = False

    def fit(
        self, panel: SeriesPanel, train: range | np.ndarray, val: range | np.ndarray, *, client: Any = None
    ) -> PanelForecaster:
        """Fit on the windows whose origins are ``train``; ``val`` serves early stopping where used.

        ``client`` (a ``distributed.Client``) trains on a Dask cluster where the model supports it.
        """
        if client is not None and not self.distributed:
            raise DataError(f"{self.name} cannot train on a Dask cluster", expected="the lightgbm forecaster")
        train_o, val_o = self.usable(panel, train), self.usable(panel, val)
        if not len(train_o):
            raise DataError(
                f"{self.name} needs {self.min_history(panel)} steps of history before a window; "
                f"the training part has none that long",
                expected="a longer series",
            )
        self.n_series_ = panel.n_series
        if client is not None:
            self._fit(panel, train_o, val_o, client=client)
        else:
            self._fit(panel, train_o, val_o)
        return self

    def _fit(self, panel: SeriesPanel, train: np.ndarray, val: np.ndarray) -> None:
        raise NotImplementedError

    def predict(self, panel: SeriesPanel, origins: range | np.ndarray) -> np.ndarray:
        """Point forecasts of shape (origin, n_out, series) in the panel's units."""
        raise NotImplementedError

    def forecast(
        self,
        panel: SeriesPanel,
        origins: range | np.ndarray | None = None,
        *,
        name: str = "forecast",
        units: str = "unknown",
    ) -> xr.Dataset:
        """Point forecasts as the suite's forecast Dataset (dims site, issue_time, lead).

        ``origins`` default to the one after the last observation (the next ``n_out`` steps).
        """
        o = np.array([panel.n_time]) if origins is None else np.asarray(origins, dtype=np.int64)
        values = self.predict(panel, o)
        return panel_forecast(
            values,
            panel.time[o - 1],
            panel.step,
            panel.series,
            name=name,
            units=units,
            attrs={"model": self.name},
        )

    def check_panel(self, panel: SeriesPanel, origins: range | np.ndarray) -> np.ndarray:
        """Check the model is fitted and the panel and origins suit it; return the origins as an int array."""
        self._check_fitted()
        o = np.asarray(origins, dtype=np.int64)
        if panel.n_series != self.n_series_:
            raise DataError(
                f"the model was fitted on {self.n_series_} series, the data has {panel.n_series}",
                expected="the same sensors in the same order",
            )
        if len(o) and (o.min() < self.min_history(panel) or o.max() > panel.n_time):
            raise DataError(
                f"{self.name} needs {self.min_history(panel)} steps of history before each forecast; "
                f"origins {int(o.min())}..{int(o.max())} of a {panel.n_time}-step history do not all have it",
                expected=f"at least {self.min_history(panel)} time steps of history",
            )
        return o

    def describe(self) -> dict[str, Any]:
        """Hyper-parameters for a model card."""
        return {"name": self.name, "n_in": self.n_in, "n_out": self.n_out}

    @classmethod
    def _conformance_case(cls) -> Any:
        """A tiny worked example for :mod:`shared.estimator_checks` (subclasses may pass settings)."""
        return panel_case(cls)


def tiny_panel(n_series: int = 3, days: int = 3, seed: int = 0) -> SeriesPanel:
    """A small seeded hourly panel (a daily cycle plus noise, a chain graph) for examples and checks.

    Example:
        >>> p = tiny_panel()
        >>> p.n_time, p.n_series, p.steps_per_day
        (72, 3, 24)
    """
    g = np.random.default_rng(seed)
    t = pd.date_range("2024-03-04", periods=days * 24, freq="1h")
    cycle = 50 + 10 * np.sin(np.arange(len(t)) / 24 * 2 * np.pi)
    values = cycle[:, None] + np.arange(n_series)[None, :] + g.normal(0, 1.0, (len(t), n_series))
    adjacency = np.eye(n_series) + np.eye(n_series, k=1)
    return SeriesPanel(values, t, [f"s{i}" for i in range(n_series)], adjacency=adjacency)


def panel_case(cls: type[PanelForecaster], **params: Any) -> Any:
    """The conformance case of a panel forecaster: fit on :func:`tiny_panel`, forecast as a Dataset."""
    from shared.estimator_checks import ConformanceCase

    panel = tiny_panel()
    narrower = SeriesPanel(panel.values[:, :2], panel.time, panel.series[:2])  # one sensor short
    return ConformanceCase(
        make=lambda: cls(n_in=4, n_out=3, **params),
        fit=lambda m: m.fit(panel, range(4, 50), range(50, 60)),
        predict=lambda m: m.forecast(panel, np.arange(60, 73), name="speed", units="mph"),
        schema="forecast",
        bad_input=lambda m: m.predict(narrower, [60]),
    )
