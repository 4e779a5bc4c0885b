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


def test_the_shipped_model_card_names_its_dataset_licence_and_evaluation_split():
    from sectors.traffic.forecaster import TrafficForecaster
    from shared import data

    card = read_card(DEMO_MODEL)  # verified: the README is the one card.json generates
    text = (DEMO_MODEL / "README.md").read_text(encoding="utf-8")
    spec = data.spec("traffic/metr-la-sample")
    assert card["datasets"] == ["traffic/metr-la-sample"]
    assert card["training_data"].startswith("traffic/metr-la-sample sha256:")
    assert f"- Licence: {spec.licence}" in text and f"- Attribution: {spec.source}" in text
    assert "- Split: chronological 70/10/20 by time; test = the last 20%" in text and "| mae_h12 |" in text
    for field in ("intended_use", "limitations"):
        assert " ".join(getattr(TrafficForecaster, field).split()) in text
    assert "Not stated" not in text and "not recorded" not in text
