import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import (
    average_precision_score,
    label_ranking_average_precision_score,
    ndcg_score,
    precision_score,
    recall_score,
)

from shared import ranking_metrics as m


def test_precision_recall_by_hand():
    recs = ["a", "b", "c", "d"]
    rel = {"b", "d", "z"}
    assert m.precision_at_k(recs, rel, 2) == 0.5
    assert m.precision_at_k(recs, rel, 4) == 0.5
    assert m.recall_at_k(recs, rel, 4) == pytest.approx(2 / 3)
    assert m.recall_at_k(recs, set(), 4) == 0.0


def test_ndcg_by_hand():
    # hits at ranks 2 and 4: DCG = 1/log2(3) + 1/log2(5); ideal with 3 relevant in top 4: 1 + 1/log2(3) + 1/2
    dcg = 1 / math.log2(3) + 1 / math.log2(5)
    idcg = 1 + 1 / math.log2(3) + 0.5
    assert m.ndcg_at_k(["a", "b", "c", "d"], {"b", "d", "z"}, 4) == pytest.approx(dcg / idcg)
    assert m.ndcg_at_k(["b", "d"], {"b", "d"}, 10) == pytest.approx(1.0)


def test_map_by_hand():
    # hits at 1 and 3: (1/1 + 2/3) / min(7, 2)
    assert m.average_precision_at_k(["a", "x", "b"], {"a", "b"}, 7) == pytest.approx((1 + 2 / 3) / 2)
    # more relevant than k: divide by k
    assert m.average_precision_at_k(["a", "b"], {"a", "b", "c", "d"}, 2) == pytest.approx(1.0)
    assert m.average_precision_at_k(["x"], {"a"}, 7) == 0.0


def test_coverage_and_aggregate():
    recs = {"u1": ["a", "b", "c"], "u2": ["a", "d", "e"], "u3": ["q"]}
    truth = {"u1": {"c"}, "u2": {"a", "e"}, "u3": set()}
    out = m.evaluate_rankings(recs, truth, k=2, n_items=10)
    # u3 has nothing relevant and is skipped
    assert out["users"] == 2
    assert out["precision@2"] == pytest.approx((0 + 0.5) / 2)
    assert out["recall@2"] == pytest.approx((0 + 0.5) / 2)
    assert out["map@2"] == pytest.approx((0 + 0.5) / 2)
    assert out["coverage"] == pytest.approx(4 / 10)  # a, b, d, q in the top 2s


def test_invalid_k():
    with pytest.raises(ValueError):
        m.precision_at_k(["a"], {"a"}, 0)


# ---------------------------------------------------------------- against scikit-learn on random inputs
def _random_query(seed: int, n_items: int | None = None):
    """Random relevance (at least one relevant item) and tie-free scores over a catalogue."""
    g = np.random.default_rng(seed)
    n = n_items or int(g.integers(2, 40))
    truth = (g.random(n) < g.uniform(0.05, 0.6)).astype(int)
    truth[g.integers(n)] = 1
    scores = g.permutation(n).astype(float) + g.random(n) * 0.5  # distinct values
    ranked = list(np.argsort(-scores, kind="stable"))
    relevant = set(np.flatnonzero(truth).tolist())
    return truth, scores, ranked, relevant, n


SEEDS = st.integers(min_value=0, max_value=2**32 - 1)


@settings(max_examples=60, deadline=None)
@given(SEEDS, st.integers(min_value=1, max_value=50))
def test_ndcg_matches_sklearn(seed, k):
    truth, scores, ranked, relevant, _ = _random_query(seed)
    expected = ndcg_score(truth[None, :], scores[None, :], k=k)
    assert m.ndcg_at_k(ranked, relevant, k) == pytest.approx(expected, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(SEEDS, st.integers(min_value=1, max_value=50))
def test_precision_and_recall_match_sklearn_on_the_top_k(seed, k):
    truth, _, ranked, relevant, n = _random_query(seed)
    predicted = np.zeros(n, int)
    predicted[ranked[:k]] = 1  # the top k as a yes/no prediction
    assert m.recall_at_k(ranked, relevant, k) == pytest.approx(recall_score(truth, predicted))
    # precision@k divides by k even when fewer than k items exist (a short list counts as misses)
    assert m.precision_at_k(ranked, relevant, k) == pytest.approx(
        precision_score(truth, predicted) * min(k, n) / k
    )


@settings(max_examples=60, deadline=None)
@given(SEEDS)
def test_average_precision_over_the_full_ranking_matches_sklearn(seed):
    truth, scores, ranked, relevant, n = _random_query(seed)
    assert m.average_precision_at_k(ranked, relevant, n) == pytest.approx(
        average_precision_score(truth, scores)
    )
    assert m.average_precision_at_k(ranked, relevant, n) == pytest.approx(
        label_ranking_average_precision_score(truth[None, :], scores[None, :])
    )


@settings(max_examples=60, deadline=None)
@given(SEEDS)
def test_mean_reciprocal_rank_matches_sklearn_with_one_relevant_item(seed):
    g = np.random.default_rng(seed)
    n_queries, n_items = int(g.integers(1, 12)), int(g.integers(2, 30))
    truth = np.zeros((n_queries, n_items), int)
    truth[np.arange(n_queries), g.integers(n_items, size=n_queries)] = 1
    scores = g.random((n_queries, n_items))
    mrr = np.mean(
        [
            m.reciprocal_rank(list(np.argsort(-s, kind="stable")), set(np.flatnonzero(t).tolist()))
            for t, s in zip(truth, scores, strict=True)
        ]
    )
    # with one relevant item per query, average precision is exactly the reciprocal rank
    assert mrr == pytest.approx(label_ranking_average_precision_score(truth, scores))


def test_recall_counts_a_repeated_item_once():
    assert m.recall_at_k(["a", "a", "b"], {"a", "c"}, 3) == 0.5
