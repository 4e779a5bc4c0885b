import math

import pytest

from shared.recsys import metrics as m


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
