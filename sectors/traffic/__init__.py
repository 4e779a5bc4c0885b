"""Traffic flow forecasting on sensor networks.

The public API agencies import is listed in ``__all__``:

- :func:`load_network` reads METR-LA / PEMS-BAY HDF5, PEMS04/08 NPZ + distance CSV, or the plain
  folder format into an xarray Dataset (time, sensor) with coordinates and the adjacency.
- :class:`TrafficForecaster` fits one of the models (baselines, LightGBM, N-HiTS, TFT, or our
  ``civic_stid``), predicts the suite's forecast Dataset (:mod:`shared.schema`: site, issue_time,
  lead, quantile), evaluates with masked MAE / RMSE / MAPE, and is saved with :mod:`shared.store`.
- :func:`congestion_alerts` lists sensors expected to congest within the horizon.

Example:
    >>> from sectors.traffic import BUNDLED_SAMPLE, TrafficForecaster, load_network
    >>> ds = load_network(BUNDLED_SAMPLE)
    >>> TrafficForecaster("last_value").fit(ds).evaluate(ds).loc[12, "mae"] > 0
    np.True_
"""

from sectors.traffic import datasets as _datasets  # noqa: F401  (registers traffic/metr-la-7d)
from sectors.traffic.congestion import congestion_alerts, free_flow_speed
from sectors.traffic.forecaster import TrafficForecaster
from sectors.traffic.models import MODEL_NAMES, OUR_MODEL
from sectors.traffic.network import BUNDLED_SAMPLE, load_network

__all__ = [
    "BUNDLED_SAMPLE",
    "MODEL_NAMES",
    "OUR_MODEL",
    "TrafficForecaster",
    "congestion_alerts",
    "free_flow_speed",
    "load_network",
]
