"""shared.forecast.metrics against scikit-learn's own metrics on random inputs (seeded through hypothesis)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import (
    brier_score_loss,
    jaccard_score,
    mean_absolute_error,
    mean_absolute_percentage_error,
    r2_score,
    root_mean_squared_error,
)

from shared.forecast import metrics as fm

SEEDS = st.integers(min_value=0, max_value=2**32 - 1)


def _series(seed: int, n_min: int = 2):
    g = np.random.default_rng(seed)
    n = int(g.integers(n_min, 200))
    y_true = g.uniform(1.0, 80.0, n) * g.choice([-1.0, 1.0], n)  # no zeros, so nothing is masked
    y_pred = y_true + g.normal(0.0, g.uniform(0.1, 20.0), n)
    return g, y_true, y_pred


@settings(max_examples=60, deadline=None)
@given(SEEDS)
def test_mae_rmse_mape_match_sklearn_when_nothing_is_masked(seed):
    _, y_true, y_pred = _series(seed)
    assert fm.masked_mae(y_pred, y_true) == pytest.approx(mean_absolute_error(y_true, y_pred))
    assert fm.masked_rmse(y_pred, y_true) == pytest.approx(root_mean_squared_error(y_true, y_pred))
    assert fm.masked_mape(y_pred, y_true) == pytest.approx(mean_absolute_percentage_error(y_true, y_pred))
    assert fm.masked_mae(y_pred, y_true, null_value=None) == pytest.approx(
        mean_absolute_error(y_true, y_pred)
    )


@settings(max_examples=60, deadline=None)
@given(SEEDS)
def test_masking_drops_exactly_the_missing_truths(seed):
    g, y_true, y_pred = _series(seed, n_min=4)
    y_true = y_true.copy()
    missing = g.random(len(y_true)) < 0.3
    missing[0] = False  # keep at least one value
    y_true[missing] = np.where(g.random(missing.sum()) < 0.5, 0.0, np.nan)
    keep = ~missing
    assert fm.masked_mae(y_pred, y_true) == pytest.approx(mean_absolute_error(y_true[keep], y_pred[keep]))
    assert fm.masked_rmse(y_pred, y_true) == pytest.approx(
        root_mean_squared_error(y_true[keep], y_pred[keep])
    )
    assert fm.masked_mape(y_pred, y_true) == pytest.approx(
        mean_absolute_percentage_error(y_true[keep], y_pred[keep])
    )


@settings(max_examples=60, deadline=None)
@given(SEEDS)
def test_nse_is_sklearn_r2_of_observations_against_simulation(seed):
    _, obs, sim = _series(seed, n_min=3)
    assert fm.nse(sim, obs) == pytest.approx(r2_score(obs, sim))


@settings(max_examples=60, deadline=None)
@given(SEEDS)
def test_brier_score_and_csi_match_sklearn(seed):
    g = np.random.default_rng(seed)
    n = int(g.integers(2, 300))
    prob = g.random(n)
    event = (g.random(n) < prob).astype(int)
    event[:2] = [0, 1]  # both outcomes present
    assert fm.brier_score(prob, event) == pytest.approx(brier_score_loss(event, prob))
    predicted = (prob > g.uniform(0.2, 0.8)).astype(int)
    predicted[0] = 1 - event[0]
    # the critical success index is the Jaccard index of the predicted and observed events
    assert fm.csi(predicted, event) == pytest.approx(jaccard_score(event, predicted))
    climatology = brier_score_loss(event, np.full(n, event.mean()))
    assert fm.brier_skill_score(prob, event) == pytest.approx(1 - brier_score_loss(event, prob) / climatology)
