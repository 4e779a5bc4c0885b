"""The Disaster page's shipped pre-fitted models: loaded through shared.store, same answers as training anew."""

from __future__ import annotations

import numpy as np
import pytest

from sectors.disaster.demo import FLOOD_MODEL, TYPHOON_MODEL, demo_model, storm_cases
from sectors.disaster.flood.gbm import LightGBMFlood
from sectors.disaster.typhoon.forecaster import TyphoonForecaster
from shared import data
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


@pytest.mark.parametrize(
    ("folder", "cls", "dataset", "split"),
    [
        (FLOOD_MODEL, LightGBMFlood, "disaster/camels", "- Split: by time: train 2001-10-01..2004-09-30"),
        (
            TYPHOON_MODEL,
            TyphoonForecaster,
            "disaster/typhoon-2011-2021",
            "- Split: by storm year: train 2011-2014",
        ),
    ],
)
def test_the_shipped_model_cards_name_their_dataset_licence_and_evaluation_split(folder, cls, dataset, split):
    card = read_card(folder)  # verified: the README is the one card.json generates
    text = (folder / "README.md").read_text(encoding="utf-8")
    spec = data.spec(dataset)
    assert card["datasets"] == [dataset] and card["training_data"].startswith(f"{dataset} sha256:")
    assert f"- Licence: {spec.licence}" in text and f"- Attribution: {spec.source}" in text
    assert split in text and card["metrics"] and "## Evaluation" in text
    for field in ("intended_use", "limitations"):
        assert " ".join(getattr(cls, field).split()) in text
    assert "Not stated" not in text and "not recorded" not in text
