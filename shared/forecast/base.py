"""The interface every panel forecaster follows, and the calendar of the steps it forecasts.

A panel forecaster is fitted on a :class:`~shared.forecast.panel.SeriesPanel` and the train and
validation origins of a :class:`~shared.forecast.splits.Split`; it predicts an array of shape
(origin, n_out, series) in the panel's units. An origin may equal ``panel.n_time``: that is the
forecast of the steps after the last observation.

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

from shared.errors import DataError
from shared.forecast.panel import SeriesPanel
from shared.store import ModelState


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


class PanelForecaster:
    """Base class: ``fit(panel, train, val)``, ``predict(panel, origins)``, and pickle-free state.

    Subclasses set ``name`` and implement ``_fit``, ``predict``, ``_state`` and ``_from_state``.
    """

    name: ClassVar[str] = "panel_forecaster"

    def __init__(self, n_in: int = 12, n_out: int = 12) -> None:
        self.n_in = int(n_in)
        self.n_out = int(n_out)
        self.fit_seconds: float | None = None
        self.n_series_: int | None = None

    def min_history(self, panel: SeriesPanel) -> int:
        """Steps of history this model needs before an origin."""
        return self.n_in

    def usable(self, panel: SeriesPanel, origins: range | np.ndarray) -> np.ndarray:
        """The origins that have enough history for this model."""
        o = np.asarray(origins, dtype=np.int64)
        return o[o >= self.min_history(panel)]

    def fit(self, panel: SeriesPanel, train: range | np.ndarray, val: range | np.ndarray) -> PanelForecaster:
        """Fit on the windows whose origins are ``train``; ``val`` serves early stopping where used."""
        import time

        started = time.perf_counter()
        train_o, val_o = self.usable(panel, train), self.usable(panel, val)
        if not len(train_o):
            raise DataError(
                f"{self.name} needs {self.min_history(panel)} steps of history before a window; "
                f"the training part has none that long",
                expected="a longer series",
            )
        self.n_series_ = panel.n_series
        self._fit(panel, train_o, val_o)
        self.fit_seconds = time.perf_counter() - started
        return self

    def _fit(self, panel: SeriesPanel, train: np.ndarray, val: np.ndarray) -> None:
        raise NotImplementedError

    def predict(self, panel: SeriesPanel, origins: range | np.ndarray) -> np.ndarray:
        """Point forecasts of shape (origin, n_out, series) in the panel's units."""
        raise NotImplementedError

    def check_panel(self, panel: SeriesPanel, origins: np.ndarray) -> np.ndarray:
        """Validate a panel and origins for prediction; return the origins as an int array."""
        o = np.asarray(origins, dtype=np.int64)
        if self.n_series_ is not None and panel.n_series != self.n_series_:
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

    # Persistence: subclasses add their own parts to the state.
    def state(self) -> ModelState:
        """This model's pickle-free state (params, arrays, boosters, torch weights)."""
        state = self._state()
        state.params.update(
            {"name": self.name, "n_in": self.n_in, "n_out": self.n_out, "n_series": self.n_series_}
        )
        return state

    def _state(self) -> ModelState:
        return ModelState()

    def to_state(self) -> ModelState:
        """The state :func:`shared.store.save` writes (same as :meth:`state`)."""
        return self.state()

    @classmethod
    def from_state(cls, state: ModelState) -> PanelForecaster:
        """Rebuild a fitted model from :meth:`state`."""
        model = cls._from_state(state)
        model.n_series_ = state.params.get("n_series")
        return model

    @classmethod
    def _from_state(cls, state: ModelState) -> PanelForecaster:
        p = state.params
        return cls(n_in=p["n_in"], n_out=p["n_out"])

    def describe(self) -> dict[str, Any]:
        """Hyper-parameters for a model card."""
        return {"name": self.name, "n_in": self.n_in, "n_out": self.n_out}
