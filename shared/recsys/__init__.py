"""Ranking engine shared by finance, welfare and employment: candidates, LambdaRank ranker, rules, metrics."""

from shared.recsys.metrics import (
    average_precision_at_k,
    catalogue_coverage,
    evaluate_rankings,
    ndcg_at_k,
    precision_at_k,
    recall_at_k,
)

__all__ = [
    "average_precision_at_k",
    "catalogue_coverage",
    "evaluate_rankings",
    "ndcg_at_k",
    "precision_at_k",
    "recall_at_k",
]
