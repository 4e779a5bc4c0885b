"""The forecasting models the traffic sector offers, by the names the benchmark table uses.

Example:
    >>> sorted(MODEL_NAMES)[:3]
    ['civic_stid', 'historical_average', 'last_value']
    >>> make_model("last_value", n_in=12, n_out=12).name
    'last_value'
"""

from __future__ import annotations

from typing import Any

from shared.forecast.base import PanelForecaster
from shared.forecast.baselines import HistoricalAverage, LastValue, SeasonalNaive
from shared.forecast.gbm import LightGBMForecaster
from shared.forecast.stid import STIDForecaster
from shared.forecast.training import TrainConfig

#: Our network's name in tables: STID-style identity embeddings + graph diffusion of neighbours' windows.
OUR_MODEL = "civic_stid"
BASELINES = ("historical_average", "last_value", "seasonal_naive", "lightgbm")
PEERS = ("nhits", "tft")
MODEL_NAMES = (*BASELINES, *PEERS, OUR_MODEL)


def make_model(
    name: str, *, n_in: int = 12, n_out: int = 12, seed: int | None = None, **params: Any
) -> PanelForecaster:
    """Build an unfitted model by name. ``params`` go to the model (``train=`` a TrainConfig for torch ones).

    For ``civic_stid``, ``nhits`` and ``tft`` the convenience keys ``max_epochs``, ``batch_size``,
    ``time_limit_s`` and ``device`` are accepted too.
    """
    if name not in MODEL_NAMES:
        raise ValueError(f"unknown model {name!r}; choose one of {', '.join(MODEL_NAMES)}")
    if name == "historical_average":
        return HistoricalAverage(n_in, n_out, **params)
    if name == "last_value":
        return LastValue(n_in, n_out)
    if name == "seasonal_naive":
        return SeasonalNaive(n_in, n_out, **params)
    if name == "lightgbm":
        return LightGBMForecaster(n_in, n_out, seed=seed, **params)
    if name in PEERS:
        from shared.forecast.pf_models import PytorchForecastingModel

        return PytorchForecastingModel(name, n_in, n_out, seed=seed, **params)
    train_keys = {
        "max_epochs",
        "batch_size",
        "time_limit_s",
        "device",
        "patience",
        "learning_rate",
        "samples_per_epoch",
        "progress",
    }
    train = params.pop("train", None)
    overrides = {k: params.pop(k) for k in list(params) if k in train_keys}
    if train is None:
        train = TrainConfig(seed=seed, **overrides)
    return STIDForecaster(n_in, n_out, train=train, **params)
