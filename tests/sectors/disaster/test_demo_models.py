"""The Disaster page's shipped pre-fitted models: loaded through shared.store, same answers as training anew."""

from __future__ import annotations

import numpy as np

from sectors.disaster.demo import FLOOD_MODEL, TYPHOON_MODEL, demo_model, storm_cases
from sectors.disaster.flood.gbm import LightGBMFlood
from shared.store import read_card


def test_the_shipped_flood_model_loads_and_matches_a_fresh_fit():
    shipped = demo_model("flood")
    assert demo_model("flood") is shipped  # built once per process
    assert FLOOD_MODEL.exists() and read_card(FLOOD_MODEL)["kind"] == LightGBMFlood.store_kind
    fresh = LightGBMFlood(shipped.protocol, n_estimators=80, learning_rate=0.1).fit(shipped.ds)
    again = fresh.predict(shipped.ds)
    assert np.allclose(again["flow"], shipped.forecast["flow"], equal_nan=True)
    assert np.allclose(again["p_exceed"], shipped.forecast["p_exceed"], equal_nan=True)


def test_the_shipped_typhoon_model_loads_and_forecasts_lingling():
    demo = demo_model("typhoon")
    assert TYPHOON_MODEL.exists()
    case = storm_cases(demo, "201915").iloc[10]
    strike = demo.forecaster.strike(case)["strike_probability"].to_numpy()
    assert np.isfinite(strike).all() and strike.min() >= 0 and strike.max() <= 1 and strike.max() > 0
