"""Running the flood protocol: the temporal split, the leave-basins-out split, and a protocol for any data span."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import xarray as xr

from sectors.disaster.flood.base import FloodModel
from sectors.disaster.flood.protocol import FloodProtocol
from sectors.disaster.flood.scores import FloodScores, score_flood
from shared.errors import DataError
from shared.schema import check_forecast
from shared.seeding import rng

ModelFactory = Callable[[FloodProtocol], FloodModel]


@dataclass
class FloodRun:
    """One model under one split: its test forecast, its scores and the seconds spent fitting."""

    model: str
    split: str
    forecast: xr.Dataset
    scores: FloodScores
    train_seconds: float
    fitted: list[FloodModel]


def protocol_for(ds: xr.Dataset, default: FloodProtocol | None = None) -> tuple[FloodProtocol, str]:
    """The default protocol when the data cover it, else one cut from the data's own span; with a note.

    The fallback keeps the first year as spin-up, then trains on 50% of the rest, validates on 15% and
    tests on the last 35%.

    Example:
        >>> import numpy as np
        >>> t = pd.date_range("2000-01-01", "2009-12-31")
        >>> ds = xr.Dataset({"qobs": (("basin", "time"), np.ones((1, len(t))))}, coords={"basin": ["a"], "time": t})
        >>> p, note = protocol_for(ds)
        >>> p.train[0], p.test[1]
        ('2000-12-31', '2009-12-31')
    """
    default = default or FloodProtocol()
    time_axis = pd.DatetimeIndex(ds["time"].values)
    start, end = time_axis[0], time_axis[-1]
    if start <= pd.Timestamp(default.train[0]) - pd.Timedelta(days=365) and end >= pd.Timestamp(
        default.test[1]
    ):
        return (
            default,
            f"protocol: train {default.train[0]}..{default.train[1]}, validate {default.valid[0]}..{default.valid[1]}, test {default.test[0]}..{default.test[1]}",
        )
    first = start + pd.Timedelta(days=365)
    days = (end - first).days
    if days < 400:
        raise DataError(
            f"the data span {start.date()}..{end.date()} is too short for a flood protocol",
            column="time",
            expected="at least two years of daily data (one year of spin-up plus train, validation and test)",
        )
    cut1 = first + pd.Timedelta(days=int(days * 0.50))
    cut2 = first + pd.Timedelta(days=int(days * 0.65))
    fmt = "%Y-%m-%d"
    protocol = FloodProtocol(
        train=(first.strftime(fmt), cut1.strftime(fmt)),
        valid=((cut1 + pd.Timedelta(days=1)).strftime(fmt), cut2.strftime(fmt)),
        test=((cut2 + pd.Timedelta(days=1)).strftime(fmt), end.strftime(fmt)),
        leads=default.leads,
        quantile=default.quantile,
    )
    note = (
        f"the data ({start.date()}..{end.date()}) do not cover the standard protocol; used train "
        f"{protocol.train[0]}..{protocol.train[1]}, validate {protocol.valid[0]}..{protocol.valid[1]}, "
        f"test {protocol.test[0]}..{protocol.test[1]}"
    )
    return protocol, note


def run_temporal(ds: xr.Dataset, factory: ModelFactory, protocol: FloodProtocol) -> FloodRun:
    """Fit on every basin's training period, forecast every basin's test period."""
    start = time.perf_counter()
    model = factory(protocol).fit(ds)
    seconds = time.perf_counter() - start
    forecast = model.predict(ds)
    return FloodRun(
        model.name, "temporal", forecast, score_flood(forecast, ds, protocol.test), seconds, [model]
    )


def basin_folds(basins: list[str], k: int, seed: int | None = None) -> list[list[str]]:
    """``basins`` shuffled (seeded) and dealt into ``k`` folds of near-equal size.

    Example:
        >>> sorted(len(f) for f in basin_folds([str(i) for i in range(7)], 3, seed=0))
        [2, 2, 3]
    """
    order = list(rng(seed).permutation(basins))
    return [sorted(order[i::k]) for i in range(k)]


def run_leave_basins_out(
    ds: xr.Dataset, factory: ModelFactory, protocol: FloodProtocol, k: int = 3, seed: int | None = None
) -> FloodRun:
    """For each of ``k`` folds, fit on the other basins and forecast the fold's basins over the test period.

    The held-out basins are never seen in training; their flow scale and flood threshold come from their
    own training-period record (known to an agency that gauges them).
    """
    basins = [str(b) for b in ds["basin"].values]
    if len(basins) < 2:
        raise DataError("leave-basins-out needs at least two basins", column="basin", expected=">= 2 basins")
    k = min(k, len(basins))
    parts, fitted, seconds, name = [], [], 0.0, ""
    for fold in basin_folds(basins, k, seed):
        train = [b for b in basins if b not in fold]
        start = time.perf_counter()
        model = factory(protocol).fit(ds, basins=train)
        seconds += time.perf_counter() - start
        parts.append(model.predict(ds, basins=fold))
        fitted.append(model)
        name = model.name
    # each fold's model has its own warning probabilities: the coordinate becomes (site, lead)
    forecast = xr.concat(parts, dim="site", data_vars="all", coords="different", compat="equals")
    forecast = check_forecast(forecast.sel(site=basins))
    return FloodRun(name, "basins_out", forecast, score_flood(forecast, ds, protocol.test), seconds, fitted)
