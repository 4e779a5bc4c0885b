"""LightGBM LambdaRank over a feature table, with reasons in words for each ranked item.

This is the learned stage of the recommendation engine. Callers build one row per
(query, candidate) pair: a query is a user, a household or a job seeker, a candidate is an
item, a service or a listing. ``group`` says which rows belong to the same query.

Example:
    >>> import numpy as np, pandas as pd
    >>> g = np.random.default_rng(0)
    >>> X = pd.DataFrame({"match": g.random(300), "noise": g.random(300)})
    >>> y = (X["match"] > 0.7).astype(int).to_numpy()
    >>> groups = np.repeat(np.arange(30), 10)
    >>> ranker = LambdaRanker(n_estimators=30).fit(X, y, groups)
    >>> ranker.predict(X.head(3)).shape
    (3,)
    >>> best = X.loc[[X["match"].idxmax()]]
    >>> ranker.reasons(best, labels={"match": "skills match"})[0][0].startswith("skills match")
    True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import lightgbm as lgb
import numpy as np
import pandas as pd

from shared.errors import DataError
from shared.estimator import Estimator
from shared.seeding import resolve_seed
from shared.store import register

#: Below this many rows LightGBM runs single-threaded unless ``params={"num_threads": ...}`` says otherwise
#: (on shared cores OpenMP busy-waiting made multi-threaded training several times slower).
SMALL_TABLE_ROWS = 500_000


def group_sizes(groups: Sequence[Any] | np.ndarray) -> np.ndarray:
    """Sizes of consecutive runs of equal group ids (rows of one query must be contiguous).

    Example:
        >>> group_sizes(["a", "a", "b", "c", "c", "c"]).tolist()
        [2, 1, 3]
    """
    ids = pd.Series(np.asarray(groups))
    if ids.empty:
        return np.zeros(0, dtype=int)
    starts = ids.ne(ids.shift()).to_numpy()
    run_ids = np.cumsum(starts)
    if ids.nunique() != run_ids[-1]:
        raise DataError(
            "rows of the same group are not contiguous", column="group", expected="rows sorted by group"
        )
    return np.bincount(run_ids)[1:]


@register
class LambdaRanker(Estimator):
    """A LambdaRank model (LightGBM ``lambdarank`` objective) that explains its scores.

    ``fit(X, y, groups)`` takes a numeric DataFrame, graded relevance labels (0 = not relevant)
    and the query id of each row. ``reasons`` turns per-row feature contributions (LightGBM's
    ``pred_contrib``) into short sentences, using ``labels`` to name features in words.
    """

    intended_use = (
        "The suite's one learning-to-rank model: orders any recommender's candidates from their features "
        "and explains each score."
    )
    limitations = (
        "Learns whatever relevance labels it is given (in the benchmarks generated logs or simulated "
        "take-up); its explanations are feature contributions, not causal reasons."
    )

    store_kind = "shared.recsys.LambdaRanker"
    store_version = 1

    def __init__(
        self,
        *,
        n_estimators: int = 300,
        learning_rate: float = 0.05,
        num_leaves: int = 31,
        min_child_samples: int = 20,
        eval_at: int = 10,
        early_stopping_rounds: int = 30,
        seed: int | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> None:
        self.n_estimators = n_estimators
        self.learning_rate = learning_rate
        self.num_leaves = num_leaves
        self.min_child_samples = min_child_samples
        self.eval_at = eval_at
        self.early_stopping_rounds = early_stopping_rounds
        self.seed = seed
        self.params = params

    def _threads(self, n_rows: int) -> int:
        """LightGBM threads: the caller's choice, else 1 for small tables (OpenMP start-up and busy-waiting
        on shared cores cost more than they save there), else all cores (0)."""
        extra = self.params or {}
        if "num_threads" in extra:
            return int(extra["num_threads"])
        return 1 if n_rows < SMALL_TABLE_ROWS else 0

    def _params(self) -> dict[str, Any]:
        params = {
            "objective": "lambdarank",
            "metric": "ndcg",
            "eval_at": [self.eval_at],
            "learning_rate": self.learning_rate,
            "num_leaves": self.num_leaves,
            "min_child_samples": self.min_child_samples,
            "seed": resolve_seed(self.seed),
            "deterministic": True,
            "force_row_wise": True,
            "verbose": -1,
            "num_threads": 0,
        }
        params.update(self.params or {})
        return params

    def _check(self, X: pd.DataFrame) -> pd.DataFrame:
        if not isinstance(X, pd.DataFrame):
            raise DataError("features must be a pandas DataFrame", expected="one numeric column per feature")
        features = getattr(self, "features_", None)
        if features:
            missing = [f for f in features if f not in X.columns]
            if missing:
                raise DataError(
                    f"feature columns missing: {missing}", column=missing[0], expected="the training features"
                )
            X = X[features]
        non_numeric = [c for c in X.columns if not pd.api.types.is_numeric_dtype(X[c])]
        if non_numeric:
            raise DataError(
                "feature is not numeric",
                column=str(non_numeric[0]),
                expected="numbers (encode categories first)",
            )
        return X

    def fit(
        self,
        X: pd.DataFrame,
        y: Sequence[float] | np.ndarray,
        groups: Sequence[Any] | np.ndarray,
        *,
        eval_set: tuple[pd.DataFrame, Sequence[float], Sequence[Any]] | None = None,
        client: Any = None,
    ) -> LambdaRanker:
        """Train on rows grouped by query; ``eval_set`` (X, y, groups) enables early stopping.

        With a ``distributed.Client`` the booster is trained on its workers through ``lightgbm.dask``
        (:func:`shared.scale.lgb.train_booster`; no early stopping there, ``eval_set`` is ignored).
        """
        for stale in ("features_", "booster_", "best_iteration_"):
            self.__dict__.pop(stale, None)
        X = self._check(X)
        features = [str(c) for c in X.columns]
        y = np.asarray(y)
        if len(y) != len(X):
            raise DataError(f"{len(y)} labels for {len(X)} rows", column="label")
        train = lgb.Dataset(X, label=y, group=group_sizes(groups), free_raw_data=False)
        valid_sets, callbacks = [], []
        if eval_set is not None:
            Xv, yv, gv = eval_set
            valid_sets = [
                lgb.Dataset(self._check(Xv), label=np.asarray(yv), group=group_sizes(gv), reference=train)
            ]
            callbacks = [lgb.early_stopping(self.early_stopping_rounds, verbose=False)]
        params = self._params()
        params["num_threads"] = self._threads(len(X))
        if client is not None:
            from shared.scale.lgb import train_booster

            booster = train_booster(
                client, params, X, y, group_sizes=group_sizes(groups), num_boost_round=self.n_estimators
            )
        else:
            booster = lgb.train(params, train, self.n_estimators, valid_sets=valid_sets, callbacks=callbacks)
        self.booster_ = booster
        self.best_iteration_ = booster.best_iteration or None  # 0 (no early stopping) reads as "all trees"
        self.features_ = features
        return self

    def _require_fitted(self) -> lgb.Booster:
        self._check_fitted()
        return self.booster_

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        """Scores (higher ranks first); comparable within a query."""
        booster = self._require_fitted()
        return booster.predict(
            self._check(X), num_iteration=self.best_iteration_, num_threads=self._threads(len(X))
        )

    def contributions(self, X: pd.DataFrame) -> pd.DataFrame:
        """Per-row contribution of each feature to the score (the bias column is dropped)."""
        booster = self._require_fitted()
        contrib = booster.predict(
            self._check(X),
            num_iteration=self.best_iteration_,
            pred_contrib=True,
            num_threads=self._threads(len(X)),
        )
        return pd.DataFrame(contrib[:, :-1], columns=self.features_, index=X.index)

    def reasons(
        self,
        X: pd.DataFrame,
        *,
        labels: Mapping[str, str] | None = None,
        top: int = 3,
        min_contribution: float = 1e-6,
    ) -> list[list[str]]:
        """For each row, the features that pushed its score up most, as short sentences.

        A sentence reads "<label> (<value>)"; ``labels`` maps feature names to words.
        """
        labels = labels or {}
        contrib = self.contributions(X)
        values = self._check(X)
        out: list[list[str]] = []
        for i in range(len(contrib)):
            row = contrib.iloc[i]
            order = row.sort_values(ascending=False)
            words = []
            for feature, amount in order.items():
                if amount <= min_contribution or len(words) >= top:
                    break
                value = values.iloc[i][feature]
                shown = f"{value:.3g}" if isinstance(value, (float, np.floating)) else str(value)
                words.append(f"{labels.get(str(feature), str(feature))} ({shown})")
            out.append(words)
        return out

    def feature_importance(self) -> pd.Series:
        """Total gain per feature, largest first."""
        booster = self._require_fitted()
        gains = booster.feature_importance(importance_type="gain")
        return pd.Series(gains, index=self.features_).sort_values(ascending=False)

    @classmethod
    def _conformance_case(cls) -> Any:
        """A tiny worked example for :mod:`shared.estimator_checks`."""
        from shared.estimator_checks import ConformanceCase

        g = np.random.default_rng(0)
        X = pd.DataFrame({"match": g.random(120), "noise": g.random(120)})
        y = (X["match"] > 0.7).astype(int).to_numpy()
        groups = np.repeat(np.arange(12), 10)
        return ConformanceCase(
            make=lambda: cls(n_estimators=10),
            fit=lambda m: m.fit(X, y, groups),
            predict=lambda m: m.predict(X),
            schema="array",
            bad_input=lambda m: m.predict(X.assign(match="high")),
        )
