"""TrafficForecaster end to end on the bundled sample: fit, predict (xarray), evaluate, save, load."""

import numpy as np
import pandas as pd
import pytest

from sectors.traffic import BUNDLED_SAMPLE, TrafficForecaster, load_network
from shared import store
from shared.errors import DataError, StoreError
from shared.forecast.windows import target_windows


@pytest.fixture(scope="module")
def small():
    """The bundled sample cut to 25 sensors (all 864 steps) to keep training quick."""
    ds = load_network(BUNDLED_SAMPLE)
    return ds.isel(sensor=slice(0, 25), sensor_to=slice(0, 25))


def test_baselines_follow_their_definitions(small):
    f = TrafficForecaster("last_value").fit(small)
    split = f.split(small)
    values = small.speed.values
    out = f.predict(small, at=[pd.Timestamp(small.time.values[split.test.start - 1])])
    np.testing.assert_allclose(
        out.speed.sel(quantile=0.5).values[0], np.repeat(values[split.test.start - 1][None], 12, 0)
    )
    table = f.evaluate(small)
    truth = target_windows(values, 12, split.test)
    expected = np.abs(values[np.asarray(split.test) - 1][:, None, :] - truth)[:, 11].mean()
    assert table.loc[12, "mae"] == pytest.approx(expected, rel=1e-5)
    sn = TrafficForecaster("seasonal_naive").fit(small)
    fc = sn.predict(small).speed.sel(quantile=0.5).values[0]
    np.testing.assert_allclose(fc, values[-288 : -288 + 12])


def test_forecast_is_xarray_with_sorted_quantiles_and_valid_times(small):
    f = TrafficForecaster("historical_average", quantiles=(0.05, 0.5, 0.95)).fit(small)
    fc = f.predict(small)
    assert fc.speed.dims == ("time", "horizon", "sensor", "quantile")
    assert fc.sizes == {"time": 1, "horizon": 12, "sensor": 25, "quantile": 3}
    q = fc.speed.values
    assert (np.diff(q, axis=-1) >= 0).all() and (q[..., 0] < q[..., 2]).any()
    last = pd.Timestamp(small.time.values[-1])
    assert pd.Timestamp(fc.time.values[0]) == last
    assert pd.Timestamp(fc.valid_time.values[0, -1]) == last + pd.Timedelta("60min")
    assert "lat" in fc.coords


def test_our_network_trains_predicts_saves_and_loads(small, tmp_path):
    f = TrafficForecaster("civic_stid", seed=3, embed_dim=8, max_epochs=1, batch_size=32).fit(small)
    table = f.evaluate(small)
    assert list(table.columns) == ["mae", "rmse", "mape"] and np.isfinite(table.values).all()
    assert f.model_.result_.device == "cpu" and f.model_.result_.epochs == 1
    fc = f.predict(small)
    folder = store.save(f, tmp_path / "traffic")
    card = store.read_card(folder)
    assert card["kind"] == "sectors.traffic.TrafficForecaster" and "mae_h12" in card["metrics"]
    assert any(name.endswith(".safetensors") for name in card["files"])
    back = store.load(folder)
    np.testing.assert_array_equal(back.predict(small).speed.values, fc.speed.values)
    again = TrafficForecaster("civic_stid", seed=3, embed_dim=8, max_epochs=1, batch_size=32).fit(small)
    np.testing.assert_allclose(again.predict(small).speed.values, fc.speed.values, rtol=1e-5)  # seeded


def test_lightgbm_round_trip(small, tmp_path):
    f = TrafficForecaster("lightgbm", horizon=3, n_estimators=10, max_train_rows=3000).fit(small)
    fc = f.predict(small)
    back = store.load(store.save(f, tmp_path / "gbm"))
    np.testing.assert_allclose(back.predict(small).speed.values, fc.speed.values)


def test_clear_errors_for_wrong_input(small):
    f = TrafficForecaster("last_value").fit(small)
    with pytest.raises(DataError, match="sensors differ"):
        f.predict(small.isel(sensor=slice(0, 5), sensor_to=slice(0, 5)))
    with pytest.raises(DataError, match="no variable 'flow'"):
        TrafficForecaster("last_value", variable="flow").fit(small)
    with pytest.raises(DataError, match="history"):
        TrafficForecaster("seasonal_naive").fit(small).predict(small.isel(time=slice(-20, None)))
    with pytest.raises(ValueError, match="unknown model"):
        TrafficForecaster("crystal_ball")


def test_pytorch_forecasting_peers_are_not_storable():
    f = TrafficForecaster("nhits")
    f.sensors_ = ["a"]
    with pytest.raises(StoreError, match="pickle"):
        f.to_state()
