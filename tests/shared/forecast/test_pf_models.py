"""pytorch-forecasting peers: the factory by name, the contract's parameters, and a dataset with nothing fitted.

Fitting, saving and loading are covered by tests/test_conformance.py (-k pf).
"""

import numpy as np
import pytest
from sklearn.base import clone

from shared.estimator import NotFittedError
from shared.forecast.pf_models import NHiTSForecaster, PytorchForecastingModel, TFTForecaster
from shared.store.registry import registered_class


def test_the_factory_builds_each_kind_with_its_parameters():
    tft = PytorchForecastingModel("tft", 6, 3, max_epochs=2, seed=1)
    assert type(tft) is TFTForecaster and tft.get_params()["max_epochs"] == 2
    assert (tft.n_in, tft.n_out, tft.seed, tft.hidden_size) == (6, 3, 1, None)
    assert type(PytorchForecastingModel("nhits")) is NHiTSForecaster
    with pytest.raises(ValueError, match="kind"):
        PytorchForecastingModel("deepar")
    assert registered_class("shared.forecast.pf.NHiTS") is NHiTSForecaster
    assert registered_class("shared.forecast.pf.TFT") is TFTForecaster


def test_parameters_are_stored_unchanged_and_clone():
    m = NHiTSForecaster(6, 3, hidden_size=None, limit_train_batches=5)
    copy = clone(m)
    assert copy.get_params() == m.get_params() and copy.hidden_size is None
    assert m.describe()["hidden_size"] == 64 and TFTForecaster().describe()["hidden_size"] == 16
    with pytest.raises(NotFittedError):
        m.predict(None, [12])


def test_the_rebuilt_dataset_depends_only_on_parameters_and_series_names():
    m = TFTForecaster(6, 3, hidden_size=8)
    m.series_ = ["b", "a"]
    ds = m._template()
    assert all(ds.scalers[name] is None for name in ("tod_sin", "tod_cos", "relative_time_idx"))
    assert ds.max_encoder_length == 6 and ds.max_prediction_length == 3
    net_a, net_b = m._build_module("network_"), m._build_module("network_")
    assert net_a.state_dict().keys() == net_b.state_dict().keys()
    assert all(
        np.array_equal(a.shape, b.shape)
        for a, b in zip(net_a.state_dict().values(), net_b.state_dict().values(), strict=True)
    )
