"""Candidate scores of the finance sector: add rates through the shared Popularity, segments, season, EASE."""

import numpy as np
import pytest
import scipy.sparse as sp

from sectors.finance import generate_panel
from sectors.finance.features import PanelCube
from sectors.finance.stats import AdoptionStats, active_customers, add_rate
from shared.errors import DataError
from shared.estimator import NotFittedError


@pytest.fixture(scope="module")
def cube():
    return PanelCube.from_panel(generate_panel(800, months=5, seed=7))


def test_add_rate_is_the_share_of_rows_that_added_each_product(cube):
    rows = cube.added(3)[active_customers(cube, 3)]
    np.testing.assert_allclose(add_rate(sp.csr_matrix(rows.astype(np.float32))), rows.mean(axis=0))


def test_features_score_every_product_for_every_customer(cube):
    stats = AdoptionStats(window=3).fit(cube, 4)
    profile, held = cube.profiles[3].iloc[:30], cube.owned[3][:30]
    out = stats.features(profile, held)
    assert set(out) == {
        "pop_add",
        "seasonal_add",
        "seg_segment",
        "seg_age_band",
        "seg_income_band",
        "seg_channel",
        "seg_active",
        "ease_own",
    }
    assert all(v.shape == (30, 24) for v in out.values())
    np.testing.assert_allclose(out["seasonal_add"], out["pop_add"])  # no month a year earlier in 5 months
    assert (out["pop_add"] >= 0).all() and (out["pop_add"] <= 1).all()


def test_unfitted_and_bad_input_raise_clear_errors(cube):
    with pytest.raises(NotFittedError):
        AdoptionStats().features(cube.profiles[3].iloc[:2], cube.owned[3][:2])
    with pytest.raises(DataError, match="target month"):
        AdoptionStats().fit(cube, 0)
    stats = AdoptionStats(window=2).fit(cube, 4)
    with pytest.raises(DataError, match="customers x 24"):
        stats.features(cube.profiles[3].iloc[:2], cube.owned[3][:3])
