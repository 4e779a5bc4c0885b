"""Held-out evaluation on O*NET Related Occupations, with folds by SOC major group.

Every occupation with a related list is a query exactly once, in the fold of its SOC major group
(the first two digits of its code). The model for a fold is trained on the related lists of the
other folds only, then ranks all other occupations for each held-out query; NDCG@10 and Recall@10
are scored against the query's 20 related occupations (binary relevance).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from sectors.employment.features import OccupationSpace
from sectors.employment.recommender import JobRecommender
from sectors.employment.taxonomy import Taxonomy
from shared.recsys.metrics import evaluate_rankings


def major_group_folds(codes: Sequence[str], n_folds: int = 5) -> dict[str, int]:
    """Assign whole SOC major groups to ``n_folds`` folds of about equal size (largest groups first).

    Example:
        >>> folds = major_group_folds(["11-1", "11-2", "15-1", "29-1", "29-2", "29-3"], 2)
        >>> folds["29-1"] != folds["11-1"], len(set(folds.values()))
        (True, 2)
    """
    sizes = pd.Series([c[:2] for c in codes]).value_counts()
    sizes = sizes.sort_index().sort_values(ascending=False, kind="stable")
    load = [0] * n_folds
    fold_of_major: dict[str, int] = {}
    for major, size in sizes.items():
        fold = int(np.argmin(load))
        fold_of_major[str(major)] = fold
        load[fold] += int(size)
    return {c: fold_of_major[c[:2]] for c in codes}


def evaluate_heldout(
    taxonomy: Taxonomy,
    make_model: Callable[[], JobRecommender],
    *,
    n_folds: int = 5,
    k: int = 10,
    space: OccupationSpace | None = None,
    progress: bool = False,
) -> tuple[dict[str, list[str]], pd.DataFrame]:
    """Out-of-fold rankings for every query occupation, and per-fold metrics.

    ``make_model`` returns a fresh, unfitted :class:`JobRecommender` for each fold.
    """
    truth = taxonomy.related_truth()
    queries = [c for c in taxonomy.codes if c in truth]
    folds = major_group_folds(queries, n_folds)
    space = space if space is not None else OccupationSpace().fit(taxonomy)
    rankings: dict[str, list[str]] = {}
    rows = []
    fold_ids = range(n_folds)
    if progress:
        import sys

        from tqdm.auto import tqdm

        fold_ids = tqdm(fold_ids, desc="folds", file=sys.stderr)
    for fold in fold_ids:
        test = [c for c in queries if folds[c] == fold]
        train = [c for c in queries if folds[c] != fold]
        if not test:
            continue
        model = make_model().fit(taxonomy, train_codes=train, space=space)
        ranked = model.rank_occupations(test, k=k)
        rankings.update(ranked)
        m = evaluate_rankings(ranked, {c: truth[c] for c in test}, k=k)
        rows.append(
            {
                "fold": fold,
                "major_groups": " ".join(sorted({c[:2] for c in test})),
                "queries": len(test),
                f"ndcg@{k}": m[f"ndcg@{k}"],
                f"recall@{k}": m[f"recall@{k}"],
                "trees": model.ranker_.best_iteration_ or model.n_estimators,
            }
        )
    return rankings, pd.DataFrame(rows)
