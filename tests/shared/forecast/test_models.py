"""Engine models on a seeded synthetic panel: baselines by hand, LightGBM and our network against them."""

import numpy as np
import pandas as pd
import pytest
import torch
from sklearn.base import clone

from shared.estimator import NotFittedError
from shared.forecast.base import future_calendar
from shared.forecast.baselines import HistoricalAverage, LastValue, SeasonalNaive
from shared.forecast.gbm import LightGBMForecaster
from shared.forecast.panel import SeriesPanel
from shared.forecast.splits import chronological_split
from shared.forecast.stid import GraphDiffusion, SpatioTemporalIdentityNet, STIDForecaster
from shared.forecast.training import TrainConfig
from shared.forecast.windows import target_windows
from shared.schema import check_forecast
from shared.store import load, save


@pytest.fixture(scope="module")
def panel():
    """Four days of a daily cycle plus an AR(1) disturbance on 6 series of a chain graph."""
    g = np.random.default_rng(7)
    t = pd.date_range("2024-03-04", periods=4 * 288, freq="5min")
    slot = np.arange(len(t)) % 288
    daily = 55 - 20 * np.exp(-0.5 * ((slot - 96) / 12.0) ** 2)
    ar = np.zeros((len(t), 6))
    for i in range(1, len(t)):
        ar[i] = 0.97 * ar[i - 1] + g.normal(0, 1.0, 6)
    values = daily[:, None] + np.linspace(0, 5, 6)[None, :] + ar
    adj = np.eye(6) + np.eye(6, k=1)
    return SeriesPanel(values, t, [f"s{i}" for i in range(6)], adjacency=adj)


def test_future_calendar_crosses_midnight(panel):
    slots, dows = future_calendar(panel, np.array([288]), 3)
    assert slots.tolist() == [[0, 1, 2]] and dows.tolist() == [[1, 1, 1]]


def test_baselines_by_hand(panel):
    split = chronological_split(panel.n_time)
    o = np.asarray(split.test)
    lv = LastValue().fit(panel, split.train, split.val).predict(panel, o)
    np.testing.assert_allclose(lv[:, 5], panel.values[o - 1])
    sn = SeasonalNaive().fit(panel, split.train, split.val).predict(panel, o)
    np.testing.assert_allclose(sn[:, 0], panel.values[o - 288])
    ha = HistoricalAverage().fit(panel, split.train, split.val)
    train_end = split.bounds[0]
    slot = (o[0]) % 288
    expected = panel.values[:train_end][np.arange(train_end) % 288 == slot].mean(0)
    np.testing.assert_allclose(ha.predict(panel, o[:1])[0, 0], expected, rtol=1e-5)


def test_lightgbm_and_our_network_beat_last_value(panel):
    split = chronological_split(panel.n_time)
    truth = target_windows(panel.values, 12, split.test)

    def mae12(pred):
        return float(np.abs(pred[:, 11] - truth[:, 11]).mean())

    lv = mae12(LastValue().fit(panel, split.train, split.val).predict(panel, split.test))
    gbm = LightGBMForecaster(n_estimators=60, seed=0).fit(panel, split.train, split.val)
    assert mae12(gbm.predict(panel, split.test)) < lv
    net = STIDForecaster(
        embed_dim=8, train=TrainConfig(max_epochs=25, patience=25, batch_size=16, learning_rate=5e-3, seed=0)
    )
    net.fit(panel, split.train, split.val)
    assert net.result_.history[-1]["train_loss"] < net.result_.history[0]["train_loss"]
    assert mae12(net.predict(panel, split.test)) < lv
    assert net.describe()["day_of_week"] is False  # under two weeks of training: no day-of-week embedding


def test_network_shapes_and_sparse_diffusion_match_dense():
    g = torch.Generator().manual_seed(0)
    n = 600
    adj = (torch.rand(n, n, generator=g) < 0.004).float() + torch.eye(n)
    p = adj / adj.sum(1, keepdim=True)
    supports = torch.stack([p, p.T.contiguous()])
    diff = GraphDiffusion(supports, 2)
    z = torch.randn(3, n, 5, generator=g)
    sparse = diff(z)
    diff._cpu_sparse = lambda: None  # force the dense path
    np.testing.assert_allclose(sparse.numpy(), diff(z).numpy(), atol=1e-5)
    net = SpatioTemporalIdentityNet(4, 12, 6, 24, embed_dim=8, daily_len=18, supports=supports[:, :4, :4])
    x = torch.full((2, 12, 4), 50.0)
    out = net(x, torch.tensor([0, 5]), torch.tensor([0, 6]), torch.full((2, 18, 4), 50.0))
    assert out.shape == (2, 6, 4)
    with pytest.raises(ValueError, match="x_daily"):
        net(x, torch.tensor([0, 5]), torch.tensor([0, 6]))


def test_fitting_leaves_parameters_unchanged_and_state_in_trailing_underscores(panel):
    split = chronological_split(panel.n_time)
    sn = SeasonalNaive().fit(panel, split.train, split.val)
    ha = HistoricalAverage().fit(panel, split.train, split.val)
    assert sn.season is None and sn.season_ == 288  # one day of 5-minute steps, read from the panel
    assert ha.by_day_of_week is None and ha.by_day_of_week_ is False  # under two weeks: one profile
    assert sn.n_series_ == ha.n_series_ == 6 and sn.fit_seconds_ >= 0
    assert clone(ha).get_params() == {"n_in": 12, "n_out": 12, "by_day_of_week": None}
    with pytest.raises(NotFittedError):
        LastValue().predict(panel, split.test)


def test_the_network_and_its_graph_survive_the_store(panel, tmp_path):
    split = chronological_split(panel.n_time)
    net = STIDForecaster(
        n_in=6, n_out=4, embed_dim=8, train=TrainConfig(max_epochs=1, batch_size=32, device="cpu", seed=1)
    ).fit(panel, split.train, split.val)
    assert net.net_args_["has_supports"] and net.train is not None and net.train_config_.max_epochs == 1
    back = load(save(net, tmp_path / "stid"))
    assert back.net_.diffusion.supports.abs().sum() > 0  # the graph came back with the weights
    np.testing.assert_array_equal(back.predict(panel, split.test), net.predict(panel, split.test))
    assert back.result_.epochs == 1 and back.describe()["parameters"] == net.describe()["parameters"]


def test_forecast_is_the_schema_dataset(panel):
    split = chronological_split(panel.n_time)
    lv = LastValue(n_out=3).fit(panel, split.train, split.val)
    fc = check_forecast(lv.forecast(panel, name="speed", units="mph"))
    assert fc.speed.dims == ("site", "issue_time", "lead") and fc.speed.attrs["units"] == "mph"
    np.testing.assert_allclose(fc.speed.values[:, 0, :], np.repeat(panel.values[-1][:, None], 3, 1))
    assert pd.Timestamp(fc.valid_time.values[0, 0]) == panel.time[-1] + pd.Timedelta("5min")
