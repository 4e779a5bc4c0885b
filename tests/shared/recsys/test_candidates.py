import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from shared import store
from shared.errors import DataError
from shared.recsys import EASE, ContentSimilarity, ItemKNN, Popularity, SegmentPopularity, top_k, tune_ease


def _blocks(n_users=60, seed=0):
    """Two taste groups: users 0..29 take items 0-4, users 30..59 take items 5-9 (each misses one)."""
    g = np.random.default_rng(seed)
    X = np.zeros((n_users, 10), dtype=np.float32)
    for u in range(n_users):
        block = np.arange(5) + (0 if u < n_users // 2 else 5)
        X[u, g.choice(block, size=4, replace=False)] = 1
    return sp.csr_matrix(X)


def test_popularity_counts_and_segments():
    X = sp.csr_matrix(np.array([[1, 0, 1], [1, 0, 0], [0, 1, 0]], dtype=np.float32))
    assert Popularity().fit(X).score(X[:1]).tolist() == [[2.0, 1.0, 1.0]]
    seg = SegmentPopularity(prior=0.0).fit(X, ["a", "a", "b"])
    np.testing.assert_allclose(
        seg.score(["a", "b", "unknown"]), [[1, 0, 0.5], [0, 1, 0], [2 / 3, 1 / 3, 1 / 3]], rtol=1e-6
    )


def test_item_models_complete_the_missing_item_of_each_group():
    X = _blocks()
    for model in (ItemKNN(neighbours=5, shrink=0.0), EASE(lam=5.0)):
        model.fit(X)
        ranked = top_k(model.score(X), 1, exclude=X)[:, 0]
        missing = np.array(
            [np.setdiff1d(np.arange(5) + (0 if u < 30 else 5), X[u].indices)[0] for u in range(60)]
        )
        assert (ranked == missing).mean() > 0.9, type(model).__name__


def test_ease_has_zero_diagonal_and_tuning_picks_from_the_grid():
    X = _blocks()
    B = EASE(10.0).fit(X).B_
    assert np.allclose(np.diag(B), 0)
    best, curve = tune_ease(X, _blocks(seed=1), lambdas=(1.0, 10.0, 1e6))
    assert best in (1.0, 10.0) and set(curve) == {1.0, 10.0, 1e6}
    assert curve[1e6] <= max(curve.values())


def test_content_similarity_prefers_items_with_the_same_attributes():
    attrs = pd.DataFrame({"genre": ["a", "a", "b", "b"]})
    model = ContentSimilarity().fit(["red fish", "red boat", "blue sky", "blue sea"], attrs)
    s = model.score(sp.csr_matrix(np.array([[1, 0, 0, 0]], dtype=np.float32)))[0]
    assert s[1] > s[2] and s[1] > s[3]
    with pytest.raises(DataError, match="item text or item attributes"):
        ContentSimilarity().fit(None, None)


def test_top_k_excludes_seen_and_orders_best_first():
    scores = np.array([[0.1, 0.9, 0.5, 0.7]])
    assert top_k(scores, 3).tolist() == [[1, 3, 2]]
    assert top_k(scores, 2, exclude=sp.csr_matrix(np.array([[0, 1, 0, 0]]))).tolist() == [[3, 2]]


@pytest.mark.parametrize(
    "make", [lambda X: EASE(3.0).fit(X), lambda X: ItemKNN(3).fit(X), lambda X: Popularity().fit(X)]
)
def test_scorers_round_trip_through_the_store(tmp_path, make):
    X = _blocks()
    model = make(X)
    loaded = store.load(store.save(model, tmp_path / "m"))
    np.testing.assert_allclose(loaded.score(X[:5]), model.score(X[:5]))


def test_scorers_name_a_matrix_of_the_wrong_width():
    X = _blocks()
    model = EASE(lam=5.0).fit(X)
    with pytest.raises(DataError, match="item columns"):
        model.score(X[:, :-1])
    with pytest.raises(DataError, match="one label per user"):
        SegmentPopularity().fit(X, ["a"] * X.shape[0]).score("a")
