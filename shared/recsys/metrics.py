"""The engine's ranking metrics: re-exported from :mod:`shared.ranking_metrics`, their one definition.

Example:
    >>> recall_at_k(["a", "b", "c"], {"a", "c", "d", "e"}, 3)
    0.5
"""

from shared.ranking_metrics import (
    average_precision_at_k,
    catalogue_coverage,
    evaluate_rankings,
    ndcg_at_k,
    precision_at_k,
    recall_at_k,
    reciprocal_rank,
)

__all__ = [
    "average_precision_at_k",
    "catalogue_coverage",
    "evaluate_rankings",
    "ndcg_at_k",
    "precision_at_k",
    "recall_at_k",
    "reciprocal_rank",
]
