"""The sector's one demo model: cached per process, the bundled sample, the page's listings."""

import pandas as pd

from sectors.employment import demo_listings, demo_model, demo_taxonomy, generate_listings
from sectors.employment.demo import DEMO_LISTINGS, DEMO_PARAMS


def test_demo_model_is_built_once_on_the_bundled_sample():
    model = demo_model()
    assert demo_model() is model and model.get_params()["n_estimators"] == DEMO_PARAMS["n_estimators"]
    assert model.space_.codes_ == list(demo_taxonomy().occupations.index)


def test_demo_listings_are_the_seeded_generator():
    n, seed = DEMO_LISTINGS
    pd.testing.assert_frame_equal(demo_listings(), generate_listings(demo_taxonomy(), n, seed=seed))
    assert len(demo_listings(20, 1)) == 20
