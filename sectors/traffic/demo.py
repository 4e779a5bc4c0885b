"""The Traffic page's model: shipped pre-fitted next to the bundled sample, so no visitor waits for training.

``demo_model`` loads the shipped folder through :mod:`shared.store` (verified, pickle-free) when the data
is the bundled sample, and trains the same configuration otherwise (a data folder's METR-LA slice).
Rebuild the shipped folder after changing the model or the sample with ``python -m sectors.traffic.demo``.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import xarray as xr

from sectors.traffic.congestion import congestion_alerts, free_flow_speed
from sectors.traffic.forecaster import TrafficForecaster
from sectors.traffic.network import BUNDLED_SAMPLE, load_network
from shared.store import load, save

#: Where the pre-fitted civic_stid for the bundled sample lives (a shared.store folder, ~0.6 MB).
DEMO_MODEL = BUNDLED_SAMPLE.parent / "civic_stid-metr-la-sample"

#: The settings the page's model uses (small and fast enough to train on a laptop CPU).
DEMO_SETTINGS = dict(seed=0, model_params=dict(embed_dim=16, max_epochs=12, patience=4, batch_size=32))


def train_demo_model(ds: xr.Dataset, time_limit_s: float | None = None) -> TrafficForecaster:
    """Fit the page's civic_stid configuration on ``ds`` (``time_limit_s`` caps the training)."""
    settings = {
        **DEMO_SETTINGS,
        "model_params": {**DEMO_SETTINGS["model_params"], "time_limit_s": time_limit_s},
    }
    return TrafficForecaster("civic_stid", **settings).fit(ds)


def demo_model(path: str | Path = BUNDLED_SAMPLE) -> tuple[xr.Dataset, TrafficForecaster, bool]:
    """The network at ``path`` and a fitted model for it; the flag is True when it was shipped pre-fitted.

    The one traffic model of the page, the dashboard's tests and the sector's tests: the shipped
    folder for the bundled sample, else the same configuration trained for at most 20 s. Built once
    per process and path (treat the returned objects as read-only).

    Example:
        >>> ds, model, shipped = demo_model()
        >>> shipped, ds.sizes["sensor"], model.units_
        (True, 207, 'mph')
    """
    return _demo_model(str(Path(path).expanduser().resolve()))


def demo_network(path: str | Path = BUNDLED_SAMPLE) -> xr.Dataset:
    """The METR-LA network at ``path`` (the bundled sample or the 7-day slice), its speeds labelled mph.

    The plain folder format of the bundled sample does not record units; METR-LA's are miles per hour.
    """
    ds = load_network(path)
    ds.attrs.setdefault("units", "mph")
    return ds


@functools.lru_cache(maxsize=4)
def _demo_model(path: str) -> tuple[xr.Dataset, TrafficForecaster, bool]:
    ds = demo_network(path)
    if Path(path) == BUNDLED_SAMPLE.resolve() and DEMO_MODEL.exists():
        return ds, load(DEMO_MODEL, kind=TrafficForecaster.store_kind), True
    return ds, train_demo_model(ds, time_limit_s=20.0), False


def busiest_issue_time(model: TrafficForecaster, ds: xr.Dataset, times: pd.DatetimeIndex) -> pd.Timestamp:
    """The issue time in ``times`` with the most sensors expected to start congesting within the hour.

    A telling default for the page: the forecast at the moment it matters. Ties go to the earliest.

    Example:
        >>> ds, model, _ = demo_model()
        >>> times = pd.DatetimeIndex(ds.time.values)[-40:-13]
        >>> busiest_issue_time(model, ds, times) in times
        True
    """
    forecast = model.predict(ds, at=list(times))
    free_flow = free_flow_speed(ds)
    speed = ds.speed.transpose("time", "sensor").to_pandas()
    speed.columns = [str(c) for c in speed.columns]
    counts = [
        len(congestion_alerts(forecast, now=speed.loc[t], free_flow=free_flow, issue_index=i))
        for i, t in enumerate(times)
    ]
    return pd.Timestamp(times[int(np.argmax(counts))])


def main(argv: list[str] | None = None) -> int:
    """Retrain the shipped model on the bundled sample and save it to ``DEMO_MODEL``."""
    ds = demo_network(BUNDLED_SAMPLE)
    model = train_demo_model(ds)
    mae = model.evaluate(ds).loc[12, "mae"]  # the scores go into the card
    save(model, DEMO_MODEL, card_extra={"device": "cpu"})
    print(f"saved {DEMO_MODEL}: test MAE at 60 min {mae:.2f} mph")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
