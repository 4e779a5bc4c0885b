"""Ranking engine shared by finance, welfare and employment: candidates, LambdaRank ranker, rules, metrics."""

from shared.recsys.metrics import (
    average_precision_at_k,
    catalogue_coverage,
    evaluate_rankings,
    ndcg_at_k,
    precision_at_k,
    recall_at_k,
)
from shared.recsys.ranker import LambdaRanker, group_sizes

__all__ = [
    "LambdaRanker",
    "group_sizes",
    "average_precision_at_k",
    "catalogue_coverage",
    "evaluate_rankings",
    "ndcg_at_k",
    "precision_at_k",
    "recall_at_k",
]
