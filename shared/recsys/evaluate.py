"""The engine's evaluation protocol, the same for every model.

Per-user time split (the last 20% of each user's interactions by time are the test); every test
interaction is relevant; items the user has in training are excluded; every model ranks the whole
catalogue; precision, recall, NDCG and MAP at k and catalogue coverage are reported, with the
training time.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from shared.errors import DataError
from shared.ranking_metrics import evaluate_rankings
from shared.recsys.candidates import EASE, ItemKNN, Popularity, top_k, tune_ease
from shared.recsys.data import Catalogue, check_interactions
from shared.recsys.engine import Recommender
from shared.recsys.split import per_user_time_split

ModelFactory = Callable[[], Any]


class ScorerModel:
    """Wraps a matrix scorer (Popularity, ItemKNN, EASE) with the fit/rank interface of the Recommender.

    With ``tune=True`` an EASE scorer's lambda is picked on a time split inside the training data
    (the same cut the Recommender uses), never on the test.
    """

    def __init__(self, make: Callable[[], Any], *, tune: bool = False) -> None:
        self.make = make
        self.tune = tune
        self.lam: float | None = None

    def fit(self, interactions: pd.DataFrame, user_features=None, item_features=None) -> ScorerModel:
        """Fit the wrapped scorer on an interaction table (feature tables are not used)."""
        frame = check_interactions(interactions)
        items = list(frame["item"]) + ([] if item_features is None else list(item_features.index.astype(str)))
        self.catalogue = Catalogue.from_ids(frame["user"], items)
        self.model = self.make()
        if self.tune:
            history, labels = per_user_time_split(frame, 0.2)
            X_h, X_l = self.catalogue.matrix(history), self.catalogue.matrix(labels)
            self.lam, _ = tune_ease(X_h, X_l)
            self.model = EASE(self.lam)
        self.X = self.catalogue.matrix(frame)
        self.model.fit(self.X)
        return self

    def rank(self, users, k: int = 10, *, chunk: int = 2000, **_: Any) -> dict[str, list[str]]:
        """Top-k item ids per user over the whole catalogue, seen items excluded."""
        users = [str(u) for u in users]
        rows = self.catalogue.user_rows(users)
        out: dict[str, list[str]] = {}
        for start in range(0, len(users), chunk):
            r = rows[start : start + chunk]
            X = self.X[np.maximum(r, 0)]
            X = X.multiply((r >= 0)[:, None]).tocsr()
            ranked = top_k(self.model.score(X), k, exclude=X)
            for u, items in zip(users[start : start + chunk], ranked, strict=True):
                out[u] = [self.catalogue.items[c] for c in items]
        return out


def default_models(*, quick: bool = False) -> dict[str, ModelFactory]:
    """The four models of the benchmark table: popularity, itemknn, ease (tuned lambda), ranker."""
    ranker_params = {"n_estimators": 150 if quick else 400}
    return {
        "popularity": lambda: ScorerModel(Popularity),
        "itemknn": lambda: ScorerModel(lambda: ItemKNN(neighbours=100)),
        "ease": lambda: ScorerModel(EASE, tune=True),
        "ranker": lambda: Recommender(ranker_params=ranker_params),
    }


def evaluate_models(
    interactions: pd.DataFrame,
    models: Mapping[str, ModelFactory] | None = None,
    *,
    user_features: pd.DataFrame | None = None,
    item_features: pd.DataFrame | None = None,
    k: int = 10,
    test_fraction: float = 0.2,
) -> pd.DataFrame:
    """Run the protocol for each model; one row per model with P/R/NDCG/MAP@k, coverage and train_s.

    Example:
        >>> from shared.recsys.generate import generate_interactions
        >>> log = generate_interactions(n_users=40, n_items=50, mean_length=22, seed=2)
        >>> table = evaluate_models(log.interactions, {"popularity": lambda: ScorerModel(Popularity)}, k=5)
        >>> table.loc[0, "model"], bool(0 <= table.loc[0, "ndcg@5"] <= 1)
        ('popularity', True)
    """
    frame = check_interactions(interactions)
    train, test = per_user_time_split(frame, test_fraction)
    seen = set(zip(train["user"], train["item"], strict=True))
    unseen = np.array(
        [(u, i) not in seen for u, i in zip(test["user"], test["item"], strict=True)], dtype=bool
    )
    test = test[unseen]
    if test.empty or train.empty:
        raise DataError(
            f"too few interactions for the split: {len(frame)} interactions of {frame['user'].nunique()} users "
            "leave no unseen item to test on",
            expected=f"users with several interactions each (the last {test_fraction:.0%} of each user's are the test)",
        )
    truth = test.groupby("user")["item"].apply(set).to_dict()
    n_items = len(
        set(frame["item"]) | set(item_features.index.astype(str) if item_features is not None else [])
    )
    from tqdm.auto import tqdm

    rows = []
    todo = list((models or default_models()).items())
    # progress on stderr, shown only on a terminal (disable=None)
    for name, make in tqdm(todo, desc="models", unit="model", file=sys.stderr, disable=None):
        model = make()
        start = time.perf_counter()
        model.fit(train, user_features=user_features, item_features=item_features)
        train_s = time.perf_counter() - start
        ranked = model.rank(list(truth), k)
        metrics = evaluate_rankings(ranked, truth, k=k, n_items=n_items)
        rows.append(
            {
                "model": name,
                **{m: v for m, v in metrics.items() if m != "users"},
                "train_s": train_s,
                "users": int(metrics["users"]),
            }
        )
    return pd.DataFrame(rows)
