"""The extraction scores' precision/recall/F1 (sectors.welfare.quality) against scikit-learn's."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import f1_score, precision_score, recall_score

from sectors.welfare.quality import _prf


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_precision_recall_f1_from_counts_match_sklearn(seed):
    g = np.random.default_rng(seed)
    n = int(g.integers(2, 100))
    truth = (g.random(n) < 0.4).astype(int)
    predicted = (g.random(n) < 0.4).astype(int)
    truth[0], predicted[0] = 1, 1  # at least one hit, so every score is defined
    tp = int((truth & predicted).sum())
    fp = int((predicted & (1 - truth)).sum())
    fn = int((truth & (1 - predicted)).sum())
    p, r, f = _prf(tp, fp, fn)
    assert (p, r, f) == pytest.approx(
        (precision_score(truth, predicted), recall_score(truth, predicted), f1_score(truth, predicted))
    )


def test_undefined_scores_are_nan_where_sklearn_warns():
    p, r, f = _prf(0, 0, 3)
    assert np.isnan(p) and r == 0.0 and np.isnan(f)
