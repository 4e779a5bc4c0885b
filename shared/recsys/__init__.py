"""Ranking engine shared by finance, welfare and employment: candidates, LambdaRank ranker, rules, metrics.

Public API:

- data: :func:`check_interactions`, :class:`Catalogue`, :func:`per_user_time_split`
- candidates: :class:`Popularity`, :class:`SegmentPopularity`, :class:`ItemKNN`, :class:`EASE`,
  :class:`ContentSimilarity`, :func:`top_k`, :func:`tune_ease`
- ranking: :class:`LambdaRanker`, :func:`group_sizes`, :class:`Recommender` (the whole engine)
- hard rules (re-exported from :mod:`shared.rules.pairs`): :class:`RuleSet`, :class:`AgeRule`,
  :class:`AllowedValuesRule`, :class:`RequiresRule`
- evaluation: :func:`evaluate_models`, the metrics (defined once in :mod:`shared.ranking_metrics`),
  :func:`generate_interactions` (a seeded log)
- scale: :func:`batch_top_k` (chunked top-k scoring with modest memory)
"""

from shared.recsys.batch import batch_top_k
from shared.recsys.candidates import (
    EASE,
    ContentSimilarity,
    ItemKNN,
    Popularity,
    SegmentPopularity,
    top_k,
    tune_ease,
)
from shared.recsys.data import Catalogue, check_interactions
from shared.recsys.engine import Recommender
from shared.recsys.evaluate import ScorerModel, default_models, evaluate_models
from shared.recsys.generate import GeneratedLog, generate_interactions
from shared.recsys.labels import feature_label, feature_labels
from shared.recsys.metrics import (
    average_precision_at_k,
    catalogue_coverage,
    evaluate_rankings,
    ndcg_at_k,
    precision_at_k,
    recall_at_k,
    reciprocal_rank,
)
from shared.recsys.pipeline import RANKER_DEFAULTS, Plugins, RuleOutcome, explain, make_ranker, recommend
from shared.recsys.ranker import LambdaRanker, group_sizes
from shared.recsys.split import per_user_time_split
from shared.rules.pairs import AgeRule, AllowedValuesRule, RequiresRule, RuleSet

__all__ = [
    "RANKER_DEFAULTS",
    "Plugins",
    "RuleOutcome",
    "explain",
    "make_ranker",
    "recommend",
    "EASE",
    "AgeRule",
    "AllowedValuesRule",
    "Catalogue",
    "ContentSimilarity",
    "GeneratedLog",
    "ItemKNN",
    "LambdaRanker",
    "Popularity",
    "Recommender",
    "RequiresRule",
    "RuleSet",
    "ScorerModel",
    "SegmentPopularity",
    "average_precision_at_k",
    "batch_top_k",
    "catalogue_coverage",
    "check_interactions",
    "default_models",
    "evaluate_models",
    "evaluate_rankings",
    "feature_label",
    "feature_labels",
    "generate_interactions",
    "group_sizes",
    "ndcg_at_k",
    "per_user_time_split",
    "precision_at_k",
    "recall_at_k",
    "reciprocal_rank",
    "top_k",
    "tune_ease",
]
