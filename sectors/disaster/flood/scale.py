"""Flood forecasts for many basins at once: blocks of basins mapped over a Dask cluster.

:func:`forecast_basins` hands blocks of basin ids to :func:`shared.scale.sites.forecast_by_site`;
each worker builds the sector's flood model and data once (:func:`sectors.disaster.demo.demo_model`,
cached per process) and forecasts its blocks, so only basin ids and forecasts travel. The joined
result is the forecast Dataset of :mod:`shared.schema`, equal to one serial ``predict`` call.

Example:
    >>> from sectors.disaster.demo import demo_model
    >>> sites = [str(b) for b in demo_model("flood").ds["basin"].values[:3]]
    >>> forecast_basins(sites, sites_per_task=2)["p_exceed"].dims
    ('site', 'issue_time', 'lead')
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

import xarray as xr

from sectors.disaster.demo import demo_model
from shared.scale.sites import forecast_by_site


def forecast_block(sites: list[str], *, data_dir: str | None = None) -> xr.Dataset:
    """Forecasts of the test period for ``sites`` with this process's flood model."""
    demo = demo_model("flood", data_dir)
    return demo.model.predict(demo.ds, basins=sites)


def forecast_basins(
    sites: Sequence[str] | None = None,
    *,
    data_dir: str | None = None,
    client: Any = None,
    sites_per_task: int = 32,
) -> xr.Dataset:
    """Forecast ``sites`` (default: every basin of the data) in blocks, here or on ``client``'s workers."""
    if sites is None:
        sites = [str(b) for b in demo_model("flood", data_dir).ds["basin"].values]
    return forecast_by_site(
        partial(forecast_block, data_dir=data_dir), list(sites), client=client, sites_per_task=sites_per_task
    )
