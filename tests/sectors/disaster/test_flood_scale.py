"""Floods at scale: basins forecast in blocks (here and on a 2-worker LocalCluster) equal the serial forecast,
and the LightGBM flood model trains through lightgbm.dask within a stated tolerance of local training."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr

from sectors.disaster.demo import demo_model
from sectors.disaster.flood.gbm import LightGBMFlood
from sectors.disaster.flood.scale import forecast_basins
from sectors.disaster.synthetic import TINY_PROTOCOL, tiny_basins
from shared.errors import DataError
from shared.scale import dask_client

pytest.importorskip("distributed")

#: Relative tolerance on the validation MAE of the flow forecast, distributed against local training.
MAE_TOLERANCE = 0.15


def test_blocks_of_basins_equal_one_serial_forecast():
    demo = demo_model("flood")
    sites = [str(b) for b in demo.ds["basin"].values]
    blocked = forecast_basins(sites, sites_per_task=2).compute()
    xr.testing.assert_allclose(blocked, demo.model.predict(demo.ds, basins=sites))


def test_a_model_without_distributed_training_says_so():
    from sectors.disaster.flood.baselines import PersistenceFlood

    ds = tiny_basins()
    with pytest.raises(DataError, match="Dask"):
        PersistenceFlood(TINY_PROTOCOL).fit(ds, client=object())


@pytest.fixture(scope="module")
def client():
    with dask_client(workers=2) as c:
        yield c


@pytest.mark.slow
def test_basins_on_a_local_cluster_equal_serial(client):
    demo = demo_model("flood")
    sites = [str(b) for b in demo.ds["basin"].values]
    serial = forecast_basins(sites, sites_per_task=2).compute()
    dist = forecast_basins(sites, client=client, sites_per_task=2).compute()
    xr.testing.assert_identical(serial, dist)


@pytest.mark.slow
def test_lightgbm_flood_trains_on_the_cluster_within_tolerance(client):
    ds = tiny_basins()
    local = LightGBMFlood(TINY_PROTOCOL, n_estimators=40, seed=0).fit(ds)
    dist = LightGBMFlood(TINY_PROTOCOL, n_estimators=40, seed=0).fit(ds, client=client)
    start, end = TINY_PROTOCOL.valid
    observed = ds[TINY_PROTOCOL.variable]

    def mae(model):
        fc = model.predict(ds, start, end)
        truth = observed.sel(basin=fc["site"].values).reindex(time=fc["valid_time"].values.ravel())
        pred = fc["flow"].values.reshape(len(fc["site"]), -1)
        diff = np.abs(pred - truth.values.reshape(pred.shape))
        return float(np.nanmean(diff))

    assert sorted(dist.boosters_) == sorted(local.boosters_)
    assert mae(dist) <= mae(local) * (1 + MAE_TOLERANCE), (mae(dist), mae(local))
