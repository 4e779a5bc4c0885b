"""Next-month product adoption models: per-product LightGBM (the winners' approach) and the engine's ranker.

Both answer the same question for a target month ``t`` of a :class:`PanelCube`: for each customer,
which products not held at ``t-1`` will they add at ``t``? Features use months before ``t`` only.
``score(cube, t, customers)`` returns a (customers x 24) array, higher = more likely; held products
are excluded by the caller. The popularity baseline is the shared :class:`~shared.recsys.Popularity`
over the months' additions (:func:`added_rows`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import lightgbm as lgb
import numpy as np
import pandas as pd
import scipy.sparse as sp

from sectors.finance.catalogue import PRODUCT_CODES
from sectors.finance.features import PanelCube, lag_features
from sectors.finance.plugins import CustomerBlock, FinancePlugins
from sectors.finance.stats import AdoptionStats, active_customers, check_target
from shared.errors import DataError
from shared.estimator import Estimator
from shared.recsys.pipeline import make_ranker
from shared.recsys.ranker import SMALL_TABLE_ROWS
from shared.seeding import resolve_seed, rng
from shared.store import register

N_PRODUCTS = len(PRODUCT_CODES)

#: The finance overrides of the suite's one ranker configuration (shared.recsys.pipeline.RANKER_DEFAULTS):
#: more rows per leaf and more patience, for a table where about 3% of the pairs are positive.
RANKER_OVERRIDES: dict[str, Any] = {"min_child_samples": 50, "early_stopping_rounds": 50}

__all__ = [
    "RANKER_OVERRIDES",
    "EngineRanker",
    "PerProductLGBM",
    "active_customers",
    "added_rows",
    "map_at_k",
    "training_months",
]


def training_months(
    cube: PanelCube, target: int, n_recent: int = 6, same_month_last_year: bool = True
) -> list[int]:
    """The label months used to train for ``target``: the ``n_recent`` before it, and ``target - 12`` if present.

    Example:
        >>> training_months(type("C", (), {"months": range(18)})(), 17, 3)
        [5, 14, 15, 16]
    """
    months = [m for m in range(target - n_recent, target) if m >= 1]
    if same_month_last_year and target - 12 >= 1 and target - 12 not in months:
        months = [target - 12, *months]
    return months


def added_rows(cube: PanelCube, months: Sequence[int]) -> sp.csr_matrix:
    """Every customer's additions in each of ``months``, stacked (rows: customer-months, columns: products).

    Fitted on it, the shared :class:`~shared.recsys.Popularity` ranks products by how often they were
    added in those months: the popularity baseline.
    """
    return sp.csr_matrix(np.vstack([cube.added(t) for t in months]).astype(np.float32))


def _check_months(cube: PanelCube, months: Sequence[int]) -> list[int]:
    months = [int(m) for m in months]
    if not months:
        raise DataError("no label month to train on", column="fecha_dato", expected="at least 2 months")
    for m in months:
        if not 1 <= m < cube.owned.shape[0]:
            raise DataError(
                f"label month {m} is outside the panel",
                column="fecha_dato",
                expected=f"months 1 to {cube.owned.shape[0] - 1}",
            )
    return months


@register
class PerProductLGBM(Estimator):
    """One LightGBM binary classifier per product on profile + ownership lags 1-6 and 12 of every product.

    This is the approach that won the Santander competition. Rows of customers who added nothing
    are subsampled (``negative_share``) and weighted back, to keep training quick.
    """

    intended_use = (
        "A per-product classifier baseline for next-month product adoption, to compare with the ranker."
    )
    limitations = (
        "Learnt from a Santander-schema panel (in the benchmark a generated one: MAP@7 0.0216, below the "
        "ranker's 0.0227); adoption is not suitability. A benchmark model, not for customer decisions."
    )

    store_kind = "sectors.finance.PerProductLGBM"
    store_version = 1
    name = "per_product_lgbm"

    def __init__(
        self,
        n_estimators: int = 150,
        learning_rate: float = 0.05,
        negative_share: float = 0.2,
        seed: int | None = None,
    ) -> None:
        self.n_estimators = n_estimators
        self.learning_rate = learning_rate
        self.negative_share = negative_share
        self.seed = seed

    def _rows(self, cube: PanelCube, months: Sequence[int]):
        g = rng(self.seed)
        X, Y, H, W = [], [], [], []
        for t in months:
            cust = active_customers(cube, t)
            added = cube.added(t)[cust]
            keep = added.any(axis=1) | (g.random(len(cust)) < self.negative_share)
            cust = cust[keep]
            X.append(lag_features(cube, t, cust))
            Y.append(cube.added(t)[cust])
            H.append(cube.owned[t - 1][cust])
            W.append(np.where(added[keep].any(axis=1), 1.0, 1.0 / self.negative_share))
        return pd.concat(X, ignore_index=True), np.vstack(Y), np.vstack(H), np.concatenate(W)

    def fit(self, cube: PanelCube, months: Sequence[int]) -> PerProductLGBM:
        """Learn from the label months ``months`` of the cube."""
        X, Y, H, W = self._rows(cube, _check_months(cube, months))
        params = {
            "objective": "binary",
            "learning_rate": self.learning_rate,
            "num_leaves": 31,
            "min_child_samples": 20,
            "feature_fraction": 0.8,
            "verbose": -1,
            "seed": resolve_seed(self.seed),
            "deterministic": True,
            "force_row_wise": True,
            "num_threads": 1 if len(X) < SMALL_TABLE_ROWS else 0,
        }
        boosters: dict[int, lgb.Booster] = {}
        fallback = np.zeros(N_PRODUCTS)
        for p in range(N_PRODUCTS):
            rows = ~H[:, p]
            y = Y[rows, p]
            fallback[p] = float(np.average(y, weights=W[rows])) if rows.any() else 0.0
            if y.sum() < 5:
                continue
            data = lgb.Dataset(X[rows], label=y, weight=W[rows])
            boosters[p] = lgb.train(params, data, self.n_estimators)
        self.features_ = list(X.columns)
        self.boosters_ = boosters
        self.fallback_ = fallback
        return self

    def score(self, cube: PanelCube, t: int, customers: np.ndarray) -> np.ndarray:
        """Scores (customers x 24) for target month ``t``; higher = more likely to be added."""
        self._check_fitted()
        check_target(cube, t)
        X = lag_features(cube, t, customers)[self.features_]
        out = np.tile(self.fallback_, (len(customers), 1))
        for p, booster in self.boosters_.items():
            out[:, p] = booster.predict(X, num_threads=1 if len(X) < SMALL_TABLE_ROWS else 0)
        return out

    @classmethod
    def _conformance_case(cls) -> Any:
        """A tiny worked example for :mod:`shared.estimator_checks`."""
        from sectors.finance.panel import generate_panel
        from shared.estimator_checks import ConformanceCase

        cube = PanelCube.from_panel(generate_panel(600, months=5, seed=3))
        customers = active_customers(cube, 4)
        return ConformanceCase(
            make=lambda: cls(n_estimators=5, negative_share=0.5),
            fit=lambda m: m.fit(cube, [2, 3]),
            predict=lambda m: m.score(cube, 4, customers),
            schema="array",
            bad_input=lambda m: m.score(cube, 0, customers),
        )


@register
class EngineRanker(Estimator):
    """The engine's ranker over (customer, product) pairs, one query per customer and month.

    Its rows come from the finance plug-ins of the shared pipeline (:class:`FinancePlugins`: unheld
    products that pass the hard rules, :func:`~sectors.finance.plugins.pair_features`), its ranker from
    :func:`shared.recsys.pipeline.make_ranker` with :data:`RANKER_OVERRIDES`. A sixth of the training
    customers (seeded) is held out for early stopping.
    """

    intended_use = (
        "The LambdaRank stage of the finance recommender: orders the products a customer does not hold by"
        " likely adoption next month."
    )
    limitations = (
        "Learnt from a Santander-schema panel (in the benchmark a generated one: MAP@7 0.0227 vs 0.0198 "
        "for popularity); adoption is not suitability, so it must not decide eligibility, credit or what "
        "to sell."
    )

    store_kind = "sectors.finance.EngineRanker"
    store_version = 1
    name = "ranker"

    def __init__(
        self, n_estimators: int = 300, objective: str = "lambdarank", seed: int | None = None
    ) -> None:
        self.n_estimators = n_estimators
        self.objective = objective
        self.seed = seed

    @staticmethod
    def rows(
        cube: PanelCube, t: int, customers: np.ndarray, stats: AdoptionStats
    ) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Features and candidate pairs (unheld, eligible) of ``customers`` for target month ``t``."""
        block = CustomerBlock.from_cube(cube, t, customers)
        plugins = FinancePlugins(stats)
        pairs = plugins.candidates(block)
        pairs = pairs[plugins.eligible(block, pairs)].reset_index(drop=True)
        return plugins.features(block, pairs), pairs

    def fit(self, cube: PanelCube, months: Sequence[int]) -> EngineRanker:
        """Learn from the label months ``months`` of the cube (customers who added something at each)."""
        Xs, ys, gs = [], [], []
        offset = 0
        for t in _check_months(cube, months):
            stats = AdoptionStats().fit(cube, t)
            cust = active_customers(cube, t)
            cust = cust[cube.added(t)[cust].any(axis=1)]
            X, pairs = self.rows(cube, t, cust, stats)
            rows, products = pairs["row"].to_numpy(), pairs["product"].to_numpy()
            Xs.append(X)
            ys.append(cube.added(t)[cust][rows, products].astype(int))
            gs.append(rows + offset)
            offset += len(cust)
        X, y, groups = pd.concat(Xs, ignore_index=True), np.concatenate(ys), np.concatenate(gs)
        if not y.any():
            raise DataError(
                "no product was added in the label months", column="ind_*_ult1", expected="additions"
            )
        g = rng(self.seed)
        ids = np.unique(groups)
        valid = np.isin(groups, g.choice(ids, size=max(1, len(ids) // 6), replace=False))
        ranker = make_ranker(
            {"n_estimators": self.n_estimators, "objective": self.objective, **RANKER_OVERRIDES},
            seed=self.seed,
        )
        ranker.fit(X[~valid], y[~valid], groups[~valid], eval_set=(X[valid], y[valid], groups[valid]))
        self.ranker_ = ranker
        return self

    def score(
        self, cube: PanelCube, t: int, customers: np.ndarray, stats: AdoptionStats | None = None
    ) -> np.ndarray:
        """Scores (customers x 24) for target month ``t`` (-inf: held or failing a hard rule)."""
        self._check_fitted()
        check_target(cube, t)
        stats = stats or AdoptionStats().fit(cube, t)
        X, pairs = self.rows(cube, t, customers, stats)
        out = np.full((len(customers), N_PRODUCTS), -np.inf)
        if len(X):
            out[pairs["row"].to_numpy(), pairs["product"].to_numpy()] = self.ranker_.predict(X)
        return out

    @classmethod
    def _conformance_case(cls) -> Any:
        """A tiny worked example for :mod:`shared.estimator_checks`."""
        from sectors.finance.panel import generate_panel
        from shared.estimator_checks import ConformanceCase

        cube = PanelCube.from_panel(generate_panel(600, months=5, seed=3))
        customers = active_customers(cube, 4)
        return ConformanceCase(
            make=lambda: cls(n_estimators=10, seed=0),
            fit=lambda m: m.fit(cube, [2, 3]),
            predict=lambda m: m.score(cube, 4, customers),
            schema="array",
            bad_input=lambda m: m.score(cube, 9, customers),
        )


def map_at_k(scores: np.ndarray, held: np.ndarray, added: np.ndarray, k: int = 7) -> dict[str, float]:
    """MAP@k as in the Santander competition: averaged over every customer (no additions = 0).

    Also returns the mean over customers who added something and their count.

    Example:
        >>> s = np.array([[0.9, 0.5, 0.1], [0.2, 0.3, 0.1]])
        >>> r = map_at_k(s, np.zeros((2, 3), bool), np.array([[0, 1, 0], [0, 0, 0]], bool), k=2)
        >>> r["map@2"], r["map@2_adders"]
        (0.25, 0.5)
    """
    from shared.recsys.metrics import average_precision_at_k

    s = np.where(held, -np.inf, scores)
    order = np.argsort(-s, axis=1, kind="stable")[:, :k]
    adders = np.flatnonzero(added.any(axis=1))
    ap = [average_precision_at_k(list(order[i]), set(np.flatnonzero(added[i])), k) for i in adders]
    total = float(np.sum(ap))
    return {
        f"map@{k}": total / max(len(scores), 1),
        f"map@{k}_adders": total / max(len(adders), 1),
        "adders": float(len(adders)),
        "customers": float(len(scores)),
    }
