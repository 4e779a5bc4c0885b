"""TrafficForecaster: fit any of the sector's models on a network, forecast with bands, score, save.

Example:
    >>> from sectors.traffic.network import BUNDLED_SAMPLE, load_network
    >>> ds = load_network(BUNDLED_SAMPLE)
    >>> f = TrafficForecaster("seasonal_naive").fit(ds)
    >>> fc = f.predict(ds)                                  # the next hour after the last reading
    >>> fc.speed.dims, fc.sizes["horizon"], fc["quantile"].values.tolist()
    (('time', 'horizon', 'sensor', 'quantile'), 12, [0.1, 0.5, 0.9])
    >>> f.evaluate(ds).index.tolist()
    [3, 6, 12]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from sectors.traffic.models import OUR_MODEL, make_model, model_class
from shared.errors import DataError, StoreError
from shared.forecast.base import PanelForecaster
from shared.forecast.intervals import ResidualBands
from shared.forecast.metrics import horizon_table
from shared.forecast.output import forecast_dataset
from shared.forecast.panel import SeriesPanel
from shared.forecast.splits import Split, chronological_split
from shared.forecast.windows import target_windows
from shared.store import ModelState, register

HORIZONS = (3, 6, 12)


def to_panel(ds: xr.Dataset, variable: str | None = None) -> tuple[SeriesPanel, str]:
    """The (time, sensor) variable of a network as a :class:`SeriesPanel` (0 and NaN = missing)."""
    variable = variable or ds.attrs.get("target", "speed")
    if variable not in ds:
        raise DataError(
            f"the data has no variable {variable!r} (it has {', '.join(map(str, ds.data_vars))})",
            expected="a (time, sensor) variable such as speed or flow",
        )
    adjacency = ds["adjacency"].to_numpy() if "adjacency" in ds else None
    return SeriesPanel.from_dataarray(ds[variable], missing_value=0.0, adjacency=adjacency), variable


@register
class TrafficForecaster:
    """Forecast every sensor ``horizon`` steps ahead from the last ``n_in`` steps, with quantile bands.

    ``model`` is one of ``historical_average``, ``last_value``, ``seasonal_naive``, ``lightgbm``,
    ``nhits``, ``tft`` or ``civic_stid`` (ours). ``fit`` splits the data chronologically
    (``fractions``, by default 70/10/20), trains on the first part, early-stops and calibrates the
    bands on the second; ``evaluate`` scores the last part with masked MAE / RMSE / MAPE.
    """

    store_kind = "sectors.traffic.TrafficForecaster"
    store_version = 1

    def __init__(
        self,
        model: str = OUR_MODEL,
        horizon: int = 12,
        n_in: int = 12,
        *,
        variable: str | None = None,
        quantiles: Sequence[float] = (0.1, 0.5, 0.9),
        fractions: Sequence[float] = (0.7, 0.1, 0.2),
        seed: int | None = None,
        **model_params: Any,
    ) -> None:
        self.model_name = model
        self.horizon, self.n_in = int(horizon), int(n_in)
        self.variable = variable
        self.quantiles = tuple(float(q) for q in quantiles)
        self.fractions = tuple(float(f) for f in fractions)
        self.seed = seed
        self.model_params = dict(model_params)
        self.model_: PanelForecaster = make_model(
            model, n_in=self.n_in, n_out=self.horizon, seed=seed, **model_params
        )
        self.bands_ = ResidualBands(self.quantiles)
        self.sensors_: list[str] | None = None
        self.step_: pd.Timedelta | None = None
        self.metrics_: dict[str, float] = {}
        self.training_data_: str | None = None

    # -- fitting ---------------------------------------------------------------------------------
    def split(self, ds_or_panel: xr.Dataset | SeriesPanel) -> Split:
        """The chronological split of a network's time axis (the same for every model)."""
        n = ds_or_panel.n_time if isinstance(ds_or_panel, SeriesPanel) else ds_or_panel.sizes["time"]
        return chronological_split(n, n_in=self.n_in, n_out=self.horizon, fractions=self.fractions)

    def fit(self, ds: xr.Dataset) -> TrafficForecaster:
        """Train on the first part of ``ds``; calibrate the bands on the validation part."""
        panel, self.variable = to_panel(ds, self.variable)
        split = self.split(panel)
        self.model_.fit(panel, split.train, split.val)
        val = self.model_.usable(panel, split.val)
        if len(val):
            self.bands_.fit(self.model_.predict(panel, val), target_windows(panel.values, self.horizon, val))
        else:  # no validation windows: bands from the training windows
            tr = self.model_.usable(panel, split.train)
            self.bands_.fit(self.model_.predict(panel, tr), target_windows(panel.values, self.horizon, tr))
        self.sensors_ = list(panel.series)
        self.step_ = panel.step
        self.training_data_ = (
            f"{ds.attrs.get('source', 'network')}: {panel.n_series} sensors, "
            f"{panel.time[0]:%Y-%m-%d %H:%M} to {panel.time[split.train_end - 1]:%Y-%m-%d %H:%M} (training part)"
        )
        return self

    @property
    def fit_seconds(self) -> float | None:
        """Seconds the last fit took (the model itself, without band calibration)."""
        return self.model_.fit_seconds

    # -- forecasting -------------------------------------------------------------------------------
    def _check_fitted(self) -> None:
        if self.sensors_ is None:
            raise RuntimeError("fit the forecaster first")

    def predict_array(self, panel: SeriesPanel, origins: np.ndarray | range) -> np.ndarray:
        """Quantile forecasts (origin, horizon, sensor, quantile) for a panel, from origin indices."""
        self._check_fitted()
        return self.bands_.apply(self.model_.predict(panel, origins))

    def predict(self, history: xr.Dataset, at: Sequence[Any] | pd.DatetimeIndex | None = None) -> xr.Dataset:
        """Forecast issued at the last time of ``history`` (or at each time in ``at``).

        Returns a Dataset with the forecast variable (dims time, horizon, sensor, quantile), where
        ``time`` is the issue time (the last observed step) and ``valid_time`` = time + lead.
        """
        self._check_fitted()
        panel, variable = to_panel(history, self.variable)
        if list(panel.series) != self.sensors_:
            raise DataError(
                "the history's sensors differ from the training sensors",
                column="sensor",
                expected=f"the {len(self.sensors_)} training sensors in the same order",
            )
        if at is None:
            origins = np.array([panel.n_time])
        else:
            times = pd.DatetimeIndex(pd.to_datetime(list(at)) if not isinstance(at, pd.DatetimeIndex) else at)
            pos = panel.time.get_indexer(times)
            if (pos < 0).any():
                raise DataError(f"issue time {times[pos < 0][0]} is not in the history", column="time")
            origins = pos + 1
        out = self.predict_array(panel, origins)
        ds = forecast_dataset(
            out,
            panel.time[origins - 1],
            panel.step,
            panel.series,
            self.quantiles,
            name=variable,
            attrs={"model": self.model_name, "units": history.attrs.get("units", "")},
        )
        for c in ("lat", "lon"):
            if c in history.coords:
                ds = ds.assign_coords({c: ("sensor", history[c].to_numpy())})
        return ds

    # -- scoring -----------------------------------------------------------------------------------
    def evaluate(self, ds: xr.Dataset, horizons: Sequence[int] = HORIZONS) -> pd.DataFrame:
        """Masked MAE, RMSE and MAPE (a fraction) at each horizon on the test part of ``ds``.

        Rows are horizons; the windows are those of the chronological split's last part.
        """
        panel, _ = to_panel(ds, self.variable)
        test = self.split(panel).test
        pred = self.model_.predict(panel, test)
        table = horizon_table(pred, target_windows(panel.values, self.horizon, test), horizons)
        self.metrics_ = {f"{m}_h{h}": float(table.loc[h, m]) for h in table.index for m in table.columns}
        return table

    # -- persistence -------------------------------------------------------------------------------
    def to_state(self) -> ModelState:
        """Pickle-free state: this wrapper's settings and bands plus the inner model's parts, prefixed."""
        self._check_fitted()
        try:
            inner = self.model_.state()
        except StoreError:
            raise
        params = {
            "model": self.model_name,
            "horizon": self.horizon,
            "n_in": self.n_in,
            "variable": self.variable,
            "quantiles": list(self.quantiles),
            "fractions": list(self.fractions),
            "seed": self.seed,
            "model_params": {k: v for k, v in self.model_params.items() if k != "train"},
            "sensors": self.sensors_,
            "step_seconds": self.step_.total_seconds(),
            "inner": inner.params,
        }
        arrays = {"bands": self.bands_.offsets_, **{f"model.{k}": v for k, v in inner.arrays.items()}}
        return ModelState(
            params=params,
            arrays=arrays,
            boosters={f"model.{k}": v for k, v in inner.boosters.items()},
            torch_state={f"model.{k}": v for k, v in inner.torch_state.items()},
            training_data=self.training_data_,
            metrics=dict(self.metrics_),
        )

    @classmethod
    def from_state(cls, state: ModelState) -> TrafficForecaster:
        """Rebuild a fitted forecaster from :meth:`to_state`."""
        p = state.params

        def unprefix(d: dict[str, Any]) -> dict[str, Any]:
            return {k[len("model.") :]: v for k, v in d.items() if k.startswith("model.")}

        obj = cls.__new__(cls)
        obj.model_name = p["model"]
        obj.horizon, obj.n_in = int(p["horizon"]), int(p["n_in"])
        obj.variable = p["variable"]
        obj.quantiles = tuple(p["quantiles"])
        obj.fractions = tuple(p["fractions"])
        obj.seed = p.get("seed")
        obj.model_params = dict(p.get("model_params") or {})
        inner = ModelState(
            params=p["inner"],
            arrays=unprefix(state.arrays),
            boosters=unprefix(state.boosters),
            torch_state=unprefix(state.torch_state),
        )
        obj.model_ = model_class(obj.model_name).from_state(inner)
        obj.bands_ = ResidualBands(obj.quantiles)
        obj.bands_.offsets_ = state.arrays["bands"]
        obj.sensors_ = list(p["sensors"])
        obj.step_ = pd.Timedelta(seconds=float(p["step_seconds"]))
        obj.metrics_ = dict(state.metrics or {})
        obj.training_data_ = state.training_data
        return obj

    def describe(self) -> dict[str, Any]:
        """Settings of the forecaster and its model, for a model card."""
        return {
            "model": self.model_name,
            "horizon": self.horizon,
            "n_in": self.n_in,
            **self.model_.describe(),
        }
