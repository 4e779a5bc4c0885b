"""The pooled LightGBM traffic forecaster trains through lightgbm.dask on a 2-worker LocalCluster, within a
stated tolerance of local training (LightGBM documents that distributed results differ)."""

from __future__ import annotations

import numpy as np
import pytest

from shared.errors import DataError
from shared.forecast.base import tiny_panel
from shared.forecast.baselines import LastValue
from shared.forecast.gbm import LightGBMForecaster
from shared.scale import dask_client

pytest.importorskip("distributed")

#: Relative tolerance on the test MAE of distributed against local training.
MAE_TOLERANCE = 0.15


def test_a_model_without_distributed_training_says_so():
    with pytest.raises(DataError, match="Dask"):
        LastValue(n_in=4, n_out=3).fit(tiny_panel(), range(4, 50), range(50, 60), client=object())


@pytest.mark.slow
def test_lightgbm_forecaster_on_the_cluster_within_tolerance():
    panel = tiny_panel(n_series=6, days=14, seed=3)
    train, val, test = range(30, 200), range(200, 260), np.arange(260, panel.n_time - 3)

    def mae(model) -> float:
        pred = model.predict(panel, test)
        truth = np.stack([panel.values[o : o + 3] for o in test])
        return float(np.nanmean(np.abs(pred - truth)))

    local = LightGBMForecaster(n_in=4, n_out=3, n_estimators=60).fit(panel, train, val)
    with dask_client(workers=2) as client:
        dist = LightGBMForecaster(n_in=4, n_out=3, n_estimators=60).fit(panel, train, val, client=client)
    assert len(dist.boosters_) == 3
    assert mae(dist) <= mae(local) * (1 + MAE_TOLERANCE), (mae(dist), mae(local))
