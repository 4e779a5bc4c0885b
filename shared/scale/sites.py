"""Per-site forecasting (sensors, basins) mapped over a Dask cluster, with the result equal to the serial run.

``forecast(sites) -> xarray.Dataset`` is any module-level function that forecasts a block of sites
and returns the forecast schema of :mod:`shared.schema` (dims site, issue_time, lead[, quantile]);
it loads its own model and data on the worker (from a store folder and a data folder), so nothing
but site names travels. :func:`forecast_by_site` cuts the sites into blocks, runs the blocks in
process or on the cluster, and joins them along ``site`` in the input order, chunked by block so a
national run can be written to NetCDF/Zarr block by block.

Example:
    >>> import numpy as np, pandas as pd
    >>> from shared.schema import forecast_dataset
    >>> def flat(sites):
    ...     values = np.array([[[len(s)]] for s in sites], dtype=float)
    ...     return forecast_dataset({"flow": values}, sites=sites, issue_times=pd.DatetimeIndex(["2024-07-01"]),
    ...                             leads=pd.to_timedelta([1], unit="D"), quantiles=None, units={"flow": "mm/d"})
    >>> ds = forecast_by_site(flat, ["a", "bb", "ccc"], sites_per_task=2)
    >>> ds.flow.values.ravel().tolist(), ds.chunks["site"]
    ([1.0, 2.0, 3.0], (2, 1))
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import xarray as xr

from shared.errors import DataError
from shared.schema import check_forecast


def _blocks(sites: Sequence[str], size: int) -> list[list[str]]:
    return [list(sites[i : i + size]) for i in range(0, len(sites), size)]


def forecast_by_site(
    forecast: Callable[[list[str]], xr.Dataset],
    sites: Sequence[str],
    *,
    client: Any = None,
    sites_per_task: int = 32,
    retries: int = 2,
) -> xr.Dataset:
    """Run ``forecast`` over blocks of ``sites`` (here, or on ``client``'s workers) and join the blocks."""
    if sites_per_task < 1:
        raise DataError("sites_per_task must be at least 1", expected="a positive block size")
    if len(set(sites)) != len(sites):
        raise DataError("a site is listed twice", column="site", expected="unique site ids")
    blocks = _blocks(list(sites), sites_per_task)
    if client is None:
        parts = [forecast(block) for block in blocks]
    else:
        futures = [client.submit(forecast, block, retries=retries, pure=False) for block in blocks]
        parts = client.gather(futures)
    for block, part in zip(blocks, parts, strict=True):
        check_forecast(part)
        if [str(s) for s in part["site"].values] != [str(s) for s in block]:
            raise DataError("a block came back with other sites than it was given", column="site")
    joined = xr.concat(parts, dim="site", data_vars="all", coords="minimal", compat="override", join="exact")
    return joined.chunk({"site": tuple(len(b) for b in blocks)})
