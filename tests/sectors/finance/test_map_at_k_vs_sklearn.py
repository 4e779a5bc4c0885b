"""sectors.finance.models.map_at_k against scikit-learn's average precision on random panels."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import average_precision_score

from sectors.finance.models import map_at_k


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_map_over_the_whole_catalogue_is_sklearn_average_precision_over_unheld_products(seed):
    g = np.random.default_rng(seed)
    n_customers, n_products = int(g.integers(1, 30)), int(g.integers(3, 25))
    scores = g.random((n_customers, n_products))
    held = g.random((n_customers, n_products)) < 0.3
    added = (g.random((n_customers, n_products)) < 0.2) & ~held
    out = map_at_k(scores, held, added, k=n_products)
    adders = np.flatnonzero(added.any(axis=1))
    expected = [average_precision_score(added[i][~held[i]], scores[i][~held[i]]) for i in adders]
    assert out[f"map@{n_products}"] == pytest.approx(np.sum(expected) / n_customers)
    assert out["adders"] == len(adders) and out["customers"] == n_customers
