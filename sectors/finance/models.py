"""Next-month product adoption models: popularity, per-product LightGBM (the winners' approach) and the engine's ranker.

All three answer the same question for a target month ``t`` of a :class:`PanelCube`: for each
customer, which products not held at ``t-1`` will they add at ``t``? Features use months before
``t`` only. ``score(cube, t, customers)`` returns a (customers x 24) array, higher = more likely;
held products are excluded by the caller.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import lightgbm as lgb
import numpy as np
import pandas as pd

from sectors.finance.catalogue import PRODUCT_CODES
from sectors.finance.features import (
    LAGS,
    PROFILE_FEATURES,
    PanelCube,
    history_summary,
    lag_features,
    segment_labels,
)
from shared.recsys import EASE, LambdaRanker, SegmentPopularity
from shared.recsys.ranker import SMALL_TABLE_ROWS
from shared.seeding import resolve_seed, rng

N_PRODUCTS = len(PRODUCT_CODES)
STATS_WINDOW = 6


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


def active_customers(cube: PanelCube, t: int) -> np.ndarray:
    """Customers present at ``t-1`` (and at ``t`` when ``t`` is inside the panel)."""
    ok = cube.present[t - 1].copy()
    if t < cube.present.shape[0]:
        ok &= cube.present[t]
    return np.flatnonzero(ok)


class Popularity:
    """Rank products by how often they were added in the training months (held ones excluded later)."""

    name = "popularity"

    def fit(self, cube: PanelCube, months: Sequence[int]) -> Popularity:
        """Learn from the label months ``months`` of the cube."""
        self.rate = np.mean([cube.added(t).mean(axis=0) for t in months], axis=0)
        return self

    def score(self, cube: PanelCube, t: int, customers: np.ndarray) -> np.ndarray:
        """Scores (customers x 24) for target month ``t``; higher = more likely to be added."""
        return np.broadcast_to(self.rate, (len(customers), N_PRODUCTS)).copy()


class PerProductLGBM:
    """One LightGBM binary classifier per product on profile + ownership lags 1-6 and 12 of every product.

    This is the approach that won the Santander competition. Rows of customers who added nothing
    are subsampled (``negative_share``) and weighted back, to keep training quick.
    """

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
        self.seed = resolve_seed(seed)

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
        X, Y, H, W = self._rows(cube, months)
        self.features = list(X.columns)
        params = {
            "objective": "binary",
            "learning_rate": self.learning_rate,
            "num_leaves": 31,
            "min_child_samples": 20,
            "feature_fraction": 0.8,
            "verbose": -1,
            "seed": self.seed,
            "deterministic": True,
            "force_row_wise": True,
            "num_threads": 1 if len(X) < SMALL_TABLE_ROWS else 0,
        }
        self.boosters: dict[int, lgb.Booster] = {}
        self.fallback = np.zeros(N_PRODUCTS)
        for p in range(N_PRODUCTS):
            rows = ~H[:, p]
            y = Y[rows, p]
            self.fallback[p] = float(np.average(y, weights=W[rows])) if rows.any() else 0.0
            if y.sum() < 5:
                continue
            data = lgb.Dataset(X[rows], label=y, weight=W[rows])
            self.boosters[p] = lgb.train(params, data, self.n_estimators)
        return self

    def score(self, cube: PanelCube, t: int, customers: np.ndarray) -> np.ndarray:
        """Scores (customers x 24) for target month ``t``; higher = more likely to be added."""
        X = lag_features(cube, t, customers)[self.features]
        out = np.tile(self.fallback, (len(customers), 1))
        for p, booster in self.boosters.items():
            out[:, p] = booster.predict(X, num_threads=1 if len(X) < SMALL_TABLE_ROWS else 0)
        return out


class AdoptionStats:
    """Candidate scores for month ``t`` from the months before it: add rates overall, by segment and by
    season, and EASE over co-ownership. The same code serves training months and the month after the panel."""

    def fit(self, cube: PanelCube, t: int, window: int = STATS_WINDOW) -> AdoptionStats:
        """Learn from the label months ``months`` of the cube."""
        months = [m for m in range(t - window, t) if m >= 1]
        if not months:
            months = [1] if cube.owned.shape[0] > 1 else []
        adds, labels = [], {k: [] for k in ("segment", "age_band", "income_band", "channel", "active")}
        for m in months:
            cust = active_customers(cube, m)
            adds.append(cube.added(m)[cust].astype(np.float32))
            for k, v in segment_labels(cube.profiles[m - 1].iloc[cust]).items():
                labels[k].append(v)
        import scipy.sparse as sp

        A = sp.csr_matrix(np.vstack(adds)) if adds else sp.csr_matrix((1, N_PRODUCTS), dtype=np.float32)
        self.pop = np.asarray(A.mean(axis=0)).ravel()
        self.segments = {
            k: SegmentPopularity(prior=200.0).fit(A, np.concatenate(v) if v else ["?"])
            for k, v in labels.items()
        }
        same = t - 12
        self.seasonal = (
            cube.added(same)[active_customers(cube, same)].mean(axis=0)
            if 1 <= same < cube.owned.shape[0]
            else self.pop.copy()
        )
        held = cube.owned[t - 1][cube.present[t - 1]].astype(np.float32)
        self.ease = EASE(lam=50.0).fit(sp.csr_matrix(held))
        return self

    def features(self, profile: pd.DataFrame, held_lag1: np.ndarray) -> dict[str, np.ndarray]:
        """Per customer x product candidate scores."""
        import scipy.sparse as sp

        n = len(profile)
        out = {
            "pop_add": np.broadcast_to(self.pop, (n, N_PRODUCTS)),
            "seasonal_add": np.broadcast_to(self.seasonal, (n, N_PRODUCTS)),
        }
        for k, labels in segment_labels(profile).items():
            out[f"seg_{k}"] = self.segments[k].score(labels)
        out["ease_own"] = self.ease.score(sp.csr_matrix(held_lag1.astype(np.float32)))
        return out

    def to_arrays(self) -> dict[str, np.ndarray]:
        """The fitted arrays, for shared.store."""
        arrays = {"pop": self.pop, "seasonal": self.seasonal, "ease_B": self.ease.B}
        for k, m in self.segments.items():
            arrays[f"seg_{k}"] = m.rates
        return arrays

    def labels(self) -> dict[str, list[str]]:
        """Segment labels per grouping, for shared.store."""
        return {k: m.labels for k, m in self.segments.items()}

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray], labels: dict[str, list[str]]) -> AdoptionStats:
        """Rebuild from :meth:`to_arrays` and :meth:`labels`."""
        stats = cls()
        stats.pop, stats.seasonal = arrays["pop"], arrays["seasonal"]
        stats.ease = EASE(50.0)
        stats.ease.B = arrays["ease_B"]
        stats.segments = {}
        for k, lab in labels.items():
            m = SegmentPopularity(prior=200.0)
            m.labels, m.rates = list(lab), arrays[f"seg_{k}"]
            stats.segments[k] = m
        return stats


def pair_features(
    stats: AdoptionStats,
    profile: pd.DataFrame,
    lags: dict[int, np.ndarray],
    summary: dict[str, np.ndarray],
    month: int,
    pairs: np.ndarray,
) -> pd.DataFrame:
    """Ranker features of (customer, product) ``pairs`` (positions into ``profile``, product index).

    ``lags[k]`` is the (customers x 24) ownership k months back.
    """
    i, p = pairs[:, 0], pairs[:, 1]
    cand = stats.features(profile, lags[1])
    f: dict[str, Any] = {"product": p.astype(np.float32)}
    for k in LAGS:
        f[f"held_lag{k}"] = lags[k][i, p]
    f["months_since_held"] = summary["months_since_held"][i, p]
    f["months_held_12"] = summary["months_held_12"][i, p]
    for name, values in cand.items():
        f[name] = values[i, p]
    f["n_held"] = lags[1].sum(axis=1)[i]
    f["n_added_3m"] = (
        (lags[1] & ~lags[2]).sum(axis=1)[i]
        + (lags[2] & ~lags[3]).sum(axis=1)[i]
        + (lags[3] & ~lags[4]).sum(axis=1)[i]
    )
    for q, code in enumerate(PRODUCT_CODES):
        f[f"own_{code}"] = lags[1][i, q]
    for column in PROFILE_FEATURES:
        f[column] = profile[column].to_numpy(float)[i]
    f["month"] = np.full(len(i), float(month))
    return pd.DataFrame({k: np.asarray(v, dtype=np.float32) for k, v in f.items()})


def cube_inputs(cube: PanelCube, t: int, customers: np.ndarray):
    """Profile at t-1, ownership lags and history summary of ``customers`` for target month ``t``."""
    profile = cube.profiles[t - 1].iloc[customers].reset_index(drop=True)
    lags = {k: cube.lag(t, k)[customers] for k in range(1, 13)}
    summary = history_summary(cube, t, customers)
    month = (
        cube.months[t].month if t < len(cube.months) else (cube.months[-1] + pd.DateOffset(months=1)).month
    )
    return profile, lags, summary, month


class EngineRanker:
    """The engine's ranker: :class:`~shared.recsys.LambdaRanker` over (customer, product) pairs with
    lag, profile, co-ownership and segment-adoption features; one query per customer and month.

    ``eligible(t, customers) -> bool (customers x 24)`` applies the hard rules before ranking.
    """

    name = "ranker"

    def __init__(
        self, n_estimators: int = 300, objective: str = "lambdarank", seed: int | None = None
    ) -> None:
        self.n_estimators = n_estimators
        self.objective = objective
        self.seed = resolve_seed(seed)

    def _pairs(
        self,
        cube: PanelCube,
        t: int,
        customers: np.ndarray,
        eligible: np.ndarray | None,
        stats: AdoptionStats,
    ):
        profile, lags, summary, month = cube_inputs(cube, t, customers)
        allowed = ~lags[1]
        if eligible is not None:
            allowed &= eligible
        pairs = np.argwhere(allowed)
        return pair_features(stats, profile, lags, summary, month, pairs), pairs

    def fit(self, cube: PanelCube, months: Sequence[int], eligible=None) -> EngineRanker:
        """Learn from the label months ``months`` of the cube."""
        Xs, ys, gs = [], [], []
        offset = 0
        for t in months:
            stats = AdoptionStats().fit(cube, t)
            cust = active_customers(cube, t)
            cust = cust[cube.added(t)[cust].any(axis=1)]
            X, pairs = self._pairs(
                cube, t, cust, None if eligible is None else eligible(cube, t, cust), stats
            )
            Xs.append(X)
            ys.append(cube.added(t)[cust][pairs[:, 0], pairs[:, 1]].astype(int))
            gs.append(pairs[:, 0] + offset)
            offset += len(cust)
        X, y, groups = pd.concat(Xs, ignore_index=True), np.concatenate(ys), np.concatenate(gs)
        g = rng(self.seed)
        ids = np.unique(groups)
        valid = np.isin(groups, g.choice(ids, size=max(1, len(ids) // 6), replace=False))
        self.ranker = LambdaRanker(
            n_estimators=self.n_estimators,
            min_child_samples=50,
            early_stopping_rounds=50,
            seed=self.seed,
            params={"objective": self.objective},
        )
        self.ranker.fit(X[~valid], y[~valid], groups[~valid], eval_set=(X[valid], y[valid], groups[valid]))
        self.features = list(X.columns)
        return self

    def score(
        self,
        cube: PanelCube,
        t: int,
        customers: np.ndarray,
        eligible=None,
        stats: AdoptionStats | None = None,
    ) -> np.ndarray:
        """Scores (customers x 24) for target month ``t``; higher = more likely to be added."""
        stats = stats or AdoptionStats().fit(cube, t)
        X, pairs = self._pairs(
            cube, t, customers, None if eligible is None else eligible(cube, t, customers), stats
        )
        out = np.full((len(customers), N_PRODUCTS), -np.inf)
        if len(X):
            out[pairs[:, 0], pairs[:, 1]] = self.ranker.predict(X)
        return out


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
