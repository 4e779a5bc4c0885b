"""The Traffic page's shipped pre-fitted model: loads through shared.store, fits the bundled sample, forecasts."""

from __future__ import annotations

import numpy as np

from sectors.traffic.demo import DEMO_MODEL, DEMO_SETTINGS, demo_model
from shared.schema import check_forecast
from shared.store import read_card


def test_the_shipped_model_loads_without_training_and_beats_last_value():
    ds, model, shipped = demo_model()
    assert shipped and DEMO_MODEL.exists()
    card = read_card(DEMO_MODEL)
    assert card["parameters"]["model"] == "civic_stid" and card["parameters"]["seed"] == DEMO_SETTINGS["seed"]
    assert "207 sensors" in card["training_data"]
    assert card["version"] == 2 and card["metrics"]["mae_h12"] > 0
    forecast = check_forecast(model.predict(ds, at=[ds.time.values[-13]]))
    assert np.isfinite(forecast.speed.values).all() and forecast.speed.attrs["units"] == "mph"
    assert demo_model()[1] is model  # built once per process
    from sectors.traffic import TrafficForecaster

    ours = model.evaluate(ds).loc[12, "mae"]
    naive = TrafficForecaster("last_value").fit(ds).evaluate(ds).loc[12, "mae"]
    assert ours < naive
