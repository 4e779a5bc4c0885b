"""Per-site forecasting over a 2-worker LocalCluster equals the serial result, block for block."""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from shared.errors import DataError
from shared.scale import dask_client
from shared.scale.sites import forecast_by_site
from shared.schema import forecast_dataset

pytest.importorskip("distributed")


def seasonal_naive_by_site(sites: list[str]) -> xr.Dataset:
    """A seeded daily series per site, forecast by repeating its last week (a real baseline, tiny data)."""
    issue = pd.DatetimeIndex(["2024-07-01"])
    values = []
    for site in sites:
        g = np.random.default_rng([11, sum(site.encode())])
        history = 10 + np.sin(np.arange(56) * 2 * np.pi / 7) + g.normal(0, 0.1, 56)
        values.append(history[-7:][None, :])
    return forecast_dataset(
        {"flow": np.array(values)},
        sites=sites,
        issue_times=issue,
        leads=pd.to_timedelta(np.arange(1, 8), unit="D"),
        quantiles=None,
        units={"flow": "mm/d"},
    )


def test_blocks_join_in_input_order_and_reject_duplicates():
    sites = [f"b{i:02d}" for i in range(7)]
    ds = forecast_by_site(seasonal_naive_by_site, sites, sites_per_task=3)
    assert list(ds["site"].values) == sites and ds.chunks["site"] == (3, 3, 1)
    xr.testing.assert_identical(ds.compute(), seasonal_naive_by_site(sites))
    with pytest.raises(DataError, match="twice"):
        forecast_by_site(seasonal_naive_by_site, ["a", "a"])


@pytest.mark.slow
def test_local_cluster_equals_serial():
    import cloudpickle

    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    sites = [f"basin-{i}" for i in range(10)]
    serial = forecast_by_site(seasonal_naive_by_site, sites, sites_per_task=4)
    with dask_client(workers=2) as client:
        dist = forecast_by_site(seasonal_naive_by_site, sites, client=client, sites_per_task=4)
    xr.testing.assert_identical(serial.compute(), dist.compute())
