"""TrafficForecaster: fit any of the sector's models on a network, forecast with bands, score, save.

Example:
    >>> from sectors.traffic.network import BUNDLED_SAMPLE, load_network
    >>> ds = load_network(BUNDLED_SAMPLE)
    >>> f = TrafficForecaster("seasonal_naive", units="mph").fit(ds)
    >>> fc = f.predict(ds)                                  # the next hour after the last reading
    >>> fc.speed.dims, fc.sizes["lead"], fc["quantile"].values.tolist(), fc.speed.attrs["units"]
    (('site', 'issue_time', 'lead', 'quantile'), 12, [0.1, 0.5, 0.9], 'mph')
    >>> f.evaluate(ds).index.tolist()
    [3, 6, 12]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from sectors.traffic.models import OUR_MODEL, make_model
from shared.errors import DataError
from shared.estimator import Estimator
from shared.forecast.intervals import ResidualBands
from shared.forecast.metrics import horizon_table
from shared.forecast.output import panel_forecast
from shared.forecast.panel import SeriesPanel
from shared.forecast.splits import Split, chronological_split
from shared.forecast.windows import target_windows
from shared.store import dataset_fingerprint, register

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
class TrafficForecaster(Estimator):
    """Forecast every sensor ``horizon`` steps ahead from the last ``n_in`` steps, with quantile bands.

    ``model`` is one of ``historical_average``, ``last_value``, ``seasonal_naive``, ``lightgbm``,
    ``nhits``, ``tft`` or ``civic_stid`` (ours); ``model_params`` go to it (for the torch models
    also the training keys ``max_epochs``, ``batch_size``, ``patience``, ``learning_rate``,
    ``time_limit_s``, ``device``...). ``fit`` splits the data chronologically (``fractions``, by
    default 70/10/20), trains on the first part, early-stops and calibrates the bands on the
    second; ``evaluate`` scores the last part with masked MAE / RMSE / MAPE. ``units`` (None: the
    data's ``units`` attribute) labels the forecast.

    Fitted state: ``model_`` (the fitted panel forecaster), ``band_offsets_`` (quantile, step,
    sensor), ``variable_``, ``units_``, ``sensors_``, ``step_``, ``training_data_`` and, after
    :meth:`evaluate`, ``metrics_``.
    """

    intended_use = (
        "Short-term (5-60 minute) speed forecasts with uncertainty bands for every sensor of a road "
        "network, to flag likely congestion for traffic operators in a pilot."
    )
    limitations = (
        "Trained and scored on METR-LA (Los Angeles freeway loop detectors, March 2012; the shipped model"
        " on 3 days only): not validated for Korean roads, holidays or incidents, and errors grow with "
        "the horizon (MAE about 4.2-4.8 mph at 60 minutes). Not for signal control or enforcement."
    )

    store_kind = "sectors.traffic.TrafficForecaster"
    store_version = 2

    def __init__(
        self,
        model: str = OUR_MODEL,
        horizon: int = 12,
        n_in: int = 12,
        *,
        variable: str | None = None,
        units: str | None = None,
        quantiles: Sequence[float] = (0.1, 0.5, 0.9),
        fractions: Sequence[float] = (0.7, 0.1, 0.2),
        seed: int | None = None,
        model_params: dict[str, Any] | None = None,
    ) -> None:
        self.model = model
        self.horizon = horizon
        self.n_in = n_in
        self.variable = variable
        self.units = units
        self.quantiles = quantiles
        self.fractions = fractions
        self.seed = seed
        self.model_params = model_params

    # -- fitting ---------------------------------------------------------------------------------
    def split(self, ds_or_panel: xr.Dataset | SeriesPanel) -> Split:
        """The chronological split of a network's time axis (the same for every model)."""
        n = ds_or_panel.n_time if isinstance(ds_or_panel, SeriesPanel) else ds_or_panel.sizes["time"]
        fractions = tuple(float(f) for f in self.fractions)
        return chronological_split(n, n_in=int(self.n_in), n_out=int(self.horizon), fractions=fractions)

    def make_model(self) -> Any:
        """The unfitted panel forecaster these parameters describe."""
        return make_model(
            self.model,
            n_in=int(self.n_in),
            n_out=int(self.horizon),
            seed=self.seed,
            **(self.model_params or {}),
        )

    def fit(self, ds: xr.Dataset, *, client: Any = None) -> TrafficForecaster:
        """Train on the first part of ``ds``; calibrate the bands on the validation part.

        ``client`` (a ``distributed.Client``) trains the ``lightgbm`` model on a Dask cluster.
        """
        model = self.make_model()
        bands = ResidualBands(self.quantiles)
        panel, variable = to_panel(ds, self.variable)
        split = self.split(panel)
        if client is not None:
            model.fit(panel, split.train, split.val, client=client)
        else:
            model.fit(panel, split.train, split.val)
        horizon = int(self.horizon)
        origins = model.usable(panel, split.val)
        if not len(origins):  # no validation windows: bands from the training windows
            origins = model.usable(panel, split.train)
        bands.fit(model.predict(panel, origins), target_windows(panel.values, horizon, origins))
        vars(self).pop("metrics_", None)  # scores of an earlier fit no longer apply
        self.model_ = model
        self.band_offsets_ = bands.offsets_
        self._bands = bands
        self.variable_ = variable
        self.units_ = str(self.units or ds[variable].attrs.get("units") or ds.attrs.get("units") or "unknown")
        self.sensors_ = list(panel.series)
        self.step_ = panel.step
        # named by its registered dataset (ds.attrs["dataset"]), so the card finds the data's licence
        train = slice(0, split.train_end)
        self.training_data_ = dataset_fingerprint(
            ds.attrs.get("dataset") or ds.attrs.get("source", "network"),
            panel.time[train],
            panel.series,
            panel.values[train],
            note=f"{panel.n_series} sensors, {panel.time[0]:%Y-%m-%d %H:%M} to "
            f"{panel.time[split.train_end - 1]:%Y-%m-%d %H:%M}, training part",
        )
        return self

    def _loaded(self) -> None:
        self._bands = ResidualBands(self.quantiles)
        self._bands.offsets_ = self.band_offsets_

    # -- forecasting -------------------------------------------------------------------------------
    def predict_array(self, panel: SeriesPanel, origins: np.ndarray | range) -> np.ndarray:
        """Quantile forecasts (origin, horizon, sensor, quantile) for a panel, from origin indices."""
        self._check_fitted()
        return self._bands.apply(self.model_.predict(panel, origins))

    def predict(self, history: xr.Dataset, at: Sequence[Any] | pd.DatetimeIndex | None = None) -> xr.Dataset:
        """Forecast issued at the last time of ``history`` (or at each time in ``at``).

        Returns the suite's forecast Dataset (:mod:`shared.schema`): the forecast variable with dims
        (site, issue_time, lead, quantile) and a ``units`` attribute, where ``issue_time`` is the
        last observed step and ``valid_time`` = issue_time + lead; ``lat``/``lon`` along ``site``
        when the history has them.
        """
        self._check_fitted()
        panel, variable = to_panel(history, self.variable_)
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
        ds = panel_forecast(
            out,
            panel.time[origins - 1],
            panel.step,
            panel.series,
            quantiles=self._bands.quantiles,
            name=variable,
            units=self.units_,
            attrs={"model": self.model},
        )
        place = {c: ("site", history[c].to_numpy()) for c in ("lat", "lon") if c in history.coords}
        return ds.assign_coords(place) if place else ds

    # -- scoring -----------------------------------------------------------------------------------
    def evaluate(self, ds: xr.Dataset, horizons: Sequence[int] = HORIZONS) -> pd.DataFrame:
        """Masked MAE, RMSE and MAPE (a fraction) at each horizon on the test part of ``ds``.

        Rows are horizons; the windows are those of the chronological split's last part. The
        scores are kept in ``metrics_`` (the saved model card shows them).
        """
        self._check_fitted()
        panel, _ = to_panel(ds, self.variable_)
        test = self.split(panel).test
        pred = self.model_.predict(panel, test)
        table = horizon_table(pred, target_windows(panel.values, int(self.horizon), test), horizons)
        self.metrics_ = {f"{m}_h{h}": float(table.loc[h, m]) for h in table.index for m in table.columns}
        return table

    def describe(self) -> dict[str, Any]:
        """Settings of the forecaster and its model, for a model card."""
        inner = self.model_ if hasattr(self, "model_") else self.make_model()
        return {"model": self.model, "horizon": self.horizon, "n_in": self.n_in, **inner.describe()}

    @classmethod
    def _conformance_case(cls) -> Any:
        """A tiny worked example for :mod:`shared.estimator_checks`: 3 sensors, 3 days hourly, LightGBM inside.

        (The nested network's round trip is covered by ``STIDForecaster``'s own case and the sector's tests.)
        """
        from shared.estimator_checks import ConformanceCase
        from shared.forecast.base import tiny_panel

        panel = tiny_panel()
        ds = xr.Dataset(
            {
                "speed": (("time", "sensor"), panel.values),
                "adjacency": (("sensor", "sensor_to"), panel.adjacency),
            },
            coords={"time": panel.time, "sensor": panel.series, "sensor_to": panel.series},
            attrs={"units": "mph", "source": "tiny_panel"},
        ).assign_coords(lat=("sensor", [37.50, 37.51, 37.52]), lon=("sensor", [127.0, 127.01, 127.02]))
        fewer = ds.isel(sensor=slice(0, 2), sensor_to=slice(0, 2))
        settings = {"n_estimators": 10, "min_child_samples": 5}
        return ConformanceCase(
            make=lambda: cls("lightgbm", horizon=3, n_in=4, seed=0, model_params=settings),
            fit=lambda m: m.fit(ds),
            predict=lambda m: m.predict(ds, at=ds.time.values[-5:]),
            schema="forecast",
            bad_input=lambda m: m.predict(fewer),
        )
