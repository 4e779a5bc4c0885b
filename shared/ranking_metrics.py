"""Top-k ranking metrics with binary relevance, one definition each for the whole suite.

The recommendation engine (:mod:`shared.recsys`, whose ``shared.recsys.metrics`` re-exports this
module), the sectors' recommenders and retrieval evaluation (:mod:`shared.llm.evaluate`) all use
these functions; ``tests/shared/test_ranking_metrics.py`` checks them against scikit-learn.

Conventions (written down because papers differ):
- ``precision@k`` divides the hits in the top k by k.
- ``recall@k`` divides the distinct relevant items in the top k by the number of relevant items
  (0 when nothing is relevant).
- ``ndcg@k`` uses gains 1/log2(rank+1) and the ideal ordering of min(k, |relevant|) hits.
- ``map@k`` averages precision at each hit rank and divides by min(k, |relevant|), as in the
  Kaggle Santander MAP@7.
- ``reciprocal_rank`` is 1 / the rank of the first relevant item over the whole list (0 if none);
  its mean over queries is MRR.
- Users with no relevant items are skipped by :func:`evaluate_rankings`.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence

import numpy as np


def _hits(recommended: Sequence[Hashable], relevant: Iterable[Hashable], k: int) -> np.ndarray:
    if k <= 0:
        raise ValueError(f"k must be positive, got {k}")
    rel = set(relevant)
    return np.array([item in rel for item in list(recommended)[:k]], dtype=float)


def precision_at_k(recommended: Sequence[Hashable], relevant: Iterable[Hashable], k: int) -> float:
    """Share of the top k that is relevant.

    Example:
        >>> precision_at_k(["a", "b", "c"], {"a", "c"}, 2)
        0.5
    """
    return float(_hits(recommended, relevant, k).sum() / k)


def recall_at_k(recommended: Sequence[Hashable], relevant: Iterable[Hashable], k: int) -> float:
    """Share of the relevant items found in the top k (0 when nothing is relevant).

    Example:
        >>> recall_at_k(["a", "b", "c"], {"a", "c", "d", "e"}, 3)
        0.5
    """
    if k <= 0:
        raise ValueError(f"k must be positive, got {k}")
    rel = set(relevant)
    if not rel:
        return 0.0
    return len(set(list(recommended)[:k]) & rel) / len(rel)


def reciprocal_rank(recommended: Sequence[Hashable], relevant: Iterable[Hashable]) -> float:
    """1 / rank of the first relevant item (0 when none is ranked); MRR is its mean over queries.

    Example:
        >>> reciprocal_rank(["x", "a"], {"a"})
        0.5
    """
    rel = set(relevant)
    for i, item in enumerate(recommended, start=1):
        if item in rel:
            return 1.0 / i
    return 0.0


def ndcg_at_k(recommended: Sequence[Hashable], relevant: Iterable[Hashable], k: int) -> float:
    """Normalised discounted cumulative gain with binary relevance.

    Example:
        >>> round(ndcg_at_k(["x", "a"], {"a"}, 2), 4)   # 1/log2(3)
        0.6309
    """
    rel = set(relevant)
    if not rel:
        return 0.0
    hits = _hits(recommended, rel, k)
    discounts = 1.0 / np.log2(np.arange(2, k + 2))
    dcg = float((hits * discounts[: len(hits)]).sum())
    idcg = float(discounts[: min(k, len(rel))].sum())
    return dcg / idcg


def average_precision_at_k(recommended: Sequence[Hashable], relevant: Iterable[Hashable], k: int) -> float:
    """Average precision at k, divided by min(k, |relevant|).

    Example:
        >>> average_precision_at_k(["a", "x", "b"], {"a", "b"}, 3)   # (1/1 + 2/3) / 2
        0.8333333333333333
    """
    rel = set(relevant)
    if not rel:
        return 0.0
    hits = _hits(recommended, rel, k)
    if not hits.any():
        return 0.0
    precisions = np.cumsum(hits) / np.arange(1, len(hits) + 1)
    return float((precisions * hits).sum() / min(k, len(rel)))


def catalogue_coverage(recommendations: Mapping[Hashable, Sequence[Hashable]], n_items: int, k: int) -> float:
    """Share of the catalogue that appears in at least one user's top k.

    Example:
        >>> catalogue_coverage({1: ["a", "b"], 2: ["a", "c"]}, n_items=4, k=2)
        0.75
    """
    if n_items <= 0:
        raise ValueError("n_items must be positive")
    shown = {item for recs in recommendations.values() for item in list(recs)[:k]}
    return len(shown) / n_items


def evaluate_rankings(
    recommendations: Mapping[Hashable, Sequence[Hashable]],
    truth: Mapping[Hashable, Iterable[Hashable]],
    *,
    k: int = 10,
    n_items: int | None = None,
) -> dict[str, float]:
    """Mean precision, recall, NDCG and MAP at k over users with relevant items, plus coverage.

    A user in ``truth`` with no recommendation counts as all misses.

    Example:
        >>> m = evaluate_rankings({"u": ["a", "b"]}, {"u": {"b"}}, k=2, n_items=4)
        >>> m["precision@2"], m["recall@2"], m["coverage"]
        (0.5, 1.0, 0.5)
    """
    rows = []
    for user, relevant in truth.items():
        rel = set(relevant)
        if not rel:
            continue
        recs = list(recommendations.get(user, ()))
        rows.append(
            (
                precision_at_k(recs, rel, k),
                recall_at_k(recs, rel, k),
                ndcg_at_k(recs, rel, k),
                average_precision_at_k(recs, rel, k),
            )
        )
    means = np.mean(rows, axis=0) if rows else np.zeros(4)
    out = {
        f"precision@{k}": float(means[0]),
        f"recall@{k}": float(means[1]),
        f"ndcg@{k}": float(means[2]),
        f"map@{k}": float(means[3]),
        "users": float(len(rows)),
    }
    if n_items is not None:
        out["coverage"] = catalogue_coverage(recommendations, n_items, k)
    return out
