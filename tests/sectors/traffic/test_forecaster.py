"""TrafficForecaster end to end on the bundled sample: fit, predict (xarray), evaluate, save, load."""

import numpy as np
import pandas as pd
import pytest
import xarray as xr
from sklearn.base import clone

from sectors.traffic import BUNDLED_SAMPLE, TrafficForecaster, load_network
from shared import store
from shared.errors import DataError
from shared.estimator import NotFittedError
from shared.forecast.windows import target_windows
from shared.schema import check_forecast


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
        out.speed.sel(quantile=0.5).isel(issue_time=0).values.T,
        np.repeat(values[split.test.start - 1][None], 12, 0),
    )
    table = f.evaluate(small)
    truth = target_windows(values, 12, split.test)
    expected = np.abs(values[np.asarray(split.test) - 1][:, None, :] - truth)[:, 11].mean()
    assert table.loc[12, "mae"] == pytest.approx(expected, rel=1e-5)
    sn = TrafficForecaster("seasonal_naive").fit(small)
    fc = sn.predict(small).speed.sel(quantile=0.5).isel(issue_time=0).values.T  # (lead, site)
    np.testing.assert_allclose(fc, values[-288 : -288 + 12])


def test_forecast_follows_the_schema_with_sorted_quantiles_and_valid_times(small):
    f = TrafficForecaster("historical_average", quantiles=(0.05, 0.5, 0.95), units="mph").fit(small)
    fc = check_forecast(f.predict(small))
    assert fc.speed.dims == ("site", "issue_time", "lead", "quantile")
    assert dict(fc.sizes) == {"site": 25, "issue_time": 1, "lead": 12, "quantile": 3}
    assert fc.speed.attrs["units"] == "mph" and fc.attrs["model"] == "historical_average"
    q = fc.speed.values
    assert (np.diff(q, axis=-1) >= 0).all() and (q[..., 0] < q[..., 2]).any()
    last = pd.Timestamp(small.time.values[-1])
    assert pd.Timestamp(fc.issue_time.values[0]) == last
    assert pd.Timedelta(fc.lead.values[0]) == pd.Timedelta("5min")
    assert pd.Timestamp(fc.valid_time.values[0, -1]) == last + pd.Timedelta("60min")
    assert fc.lat.dims == ("site",) and fc.site.values.tolist() == [str(s) for s in small.sensor.values]
    several = f.predict(small, at=small.time.values[-30:-27])
    assert several.sizes["issue_time"] == 3
    np.testing.assert_array_equal(several.issue_time.values, small.time.values[-30:-27])


def test_units_come_from_the_data_unless_given(small):
    assert TrafficForecaster("last_value").fit(small).units_ == "unknown"  # the plain folder has none
    tagged = small.assign_attrs(units="km/h")
    assert TrafficForecaster("last_value").fit(tagged).predict(tagged).speed.attrs["units"] == "km/h"


def test_parameters_follow_the_estimator_contract(small):
    f = TrafficForecaster("lightgbm", horizon=3, seed=1, model_params={"n_estimators": 5})
    assert f.get_params()["model_params"] == {"n_estimators": 5}
    with pytest.raises(NotFittedError):
        f.predict(small)
    f.fit(small)
    assert f.model_.n_estimators == 5 and f.model_.n_out == 3 and f.model_.seed == 1
    assert f.fit_seconds_ >= f.model_.fit_seconds_ > 0
    copy = clone(f)
    assert copy.get_params() == f.get_params() and not copy.fitted_attributes()


def test_our_network_trains_predicts_saves_and_loads(small, tmp_path):
    settings = {"embed_dim": 8, "max_epochs": 1, "batch_size": 32}
    f = TrafficForecaster("civic_stid", seed=3, model_params=settings).fit(small)
    table = f.evaluate(small)
    assert list(table.columns) == ["mae", "rmse", "mape"] and np.isfinite(table.values).all()
    assert f.model_.result_.device == "cpu" and f.model_.result_.epochs == 1
    fc = f.predict(small)
    folder = store.save(f, tmp_path / "traffic")
    card = store.read_card(folder)
    assert card["kind"] == "sectors.traffic.TrafficForecaster" and "mae_h12" in card["metrics"]
    assert card["version"] == 2 and card["parameters"]["model"] == "civic_stid"
    assert any(name.endswith(".safetensors") for name in card["files"])
    back = store.load(folder)
    xr.testing.assert_identical(back.predict(small), fc)
    assert back.model_.result_.epochs == 1 and back.describe()["parameters"] > 0
    again = TrafficForecaster("civic_stid", seed=3, model_params=settings).fit(small)
    np.testing.assert_allclose(again.predict(small).speed.values, fc.speed.values, rtol=1e-5)  # seeded


def test_lightgbm_round_trip(small, tmp_path):
    f = TrafficForecaster(
        "lightgbm", horizon=3, model_params={"n_estimators": 10, "max_train_rows": 3000}
    ).fit(small)
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
        TrafficForecaster("crystal_ball").fit(small)  # parameters are checked in fit, as in scikit-learn
