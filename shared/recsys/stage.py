"""One history, every candidate scorer fitted on it, and the ranker's features computed from it.

The engine builds two stages with the same code: one on the history before the label window (to
train the ranker) and one on all the data (to serve). That is what keeps the features the same at
training and serving time. A fitted stage is a dataclass of arrays, sparse matrices and the fitted
scorers, so the model that holds it saves it through :mod:`shared.store` with no code of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import scipy.sparse as sp

from shared.recsys.candidates import EASE, ContentSimilarity, ItemKNN, SegmentPopularity
from shared.recsys.data import Catalogue
from shared.recsys.sparse import SparseMatrix

DAY = np.timedelta64(1, "D")
#: How many candidates each secondary scorer adds to the ranker's pool (EASE adds ``n_candidates``).
SECONDARY_CANDIDATES = 20
LAST_ITEMS = 3


def _ranks(scores: np.ndarray) -> np.ndarray:
    """0-based rank of each entry within its row (0 = best)."""
    order = np.argsort(-scores, axis=1, kind="stable")
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(scores.shape[1])[None, :].repeat(scores.shape[0], 0), axis=1)
    return ranks


@dataclass(eq=False)
class HistoryStage:
    """Candidate scorers and item/user statistics fitted on one interaction history.

    The first six fields configure it; :meth:`fit` fills the rest (all None before).
    """

    catalogue: Catalogue
    ease_lambda: float
    knn_neighbours: int = 100
    half_life_days: float = 30.0
    segment_columns: list[str] = field(default_factory=list)
    content: ContentSimilarity | None = None
    history: SparseMatrix | None = None
    last_items: SparseMatrix | None = None
    now: pd.Timestamp | None = None
    ease: EASE | None = None
    knn: ItemKNN | None = None
    pop: np.ndarray | None = None
    pop_recent: np.ndarray | None = None
    item_first: np.ndarray | None = None
    item_last: np.ndarray | None = None
    item_rating: np.ndarray | None = None
    user_last: np.ndarray | None = None
    user_first: np.ndarray | None = None
    user_rating: np.ndarray | None = None
    item_times: np.ndarray | None = None
    item_ptr: np.ndarray | None = None
    user_time: np.ndarray | None = None
    segments: dict[str, SegmentPopularity] = field(default_factory=dict)

    @property
    def X(self) -> sp.csr_matrix:
        """The users x items history matrix."""
        return self.history.matrix()

    # ------------------------------------------------------------------ fitting
    def fit(self, frame: pd.DataFrame, user_features: pd.DataFrame | None = None) -> HistoryStage:
        """Fit every candidate scorer and statistic on the interactions in ``frame``."""
        cat = self.catalogue
        self.segment_columns = list(self.segment_columns)
        self.history = SparseMatrix.of(cat.matrix(frame))
        now = frame["time"].max().to_datetime64() if len(frame) else np.datetime64("1970-01-01", "ns")
        self.now = pd.Timestamp(now)
        age_days = ((now - frame["time"].to_numpy()) / DAY).astype(float)
        self.ease = EASE(self.ease_lambda).fit(self.X)
        self.knn = ItemKNN(self.knn_neighbours).fit(self.X)
        self.pop = np.asarray(self.X.sum(axis=0)).ravel().astype(np.float32)
        recent = cat.matrix(frame, binary=False, weights=np.exp(-age_days / self.half_life_days))
        self.pop_recent = np.asarray(recent.sum(axis=0)).ravel().astype(np.float32)
        cols = cat.item_cols(frame["item"])
        rows = cat.user_rows(frame["user"])
        n_items, n_users = cat.n_items, cat.n_users
        self.item_first = np.full(n_items, np.nan, np.float32)
        self.item_last = np.full(n_items, np.nan, np.float32)
        by_item = pd.DataFrame({"c": cols, "age": age_days, "w": frame["weight"].to_numpy()}).groupby("c")
        stats = by_item.agg(first=("age", "max"), last=("age", "min"), rating=("w", "mean"))
        self.item_first[stats.index] = stats["first"]
        self.item_last[stats.index] = stats["last"]
        self.item_rating = np.full(n_items, np.nan, np.float32)
        self.item_rating[stats.index] = stats["rating"]
        by_user = pd.DataFrame({"r": rows, "age": age_days, "w": frame["weight"].to_numpy()}).groupby("r")
        ustats = by_user.agg(last=("age", "min"), first=("age", "max"), rating=("w", "mean"))
        self.user_last = np.full(n_users, np.nan, np.float32)
        self.user_first = np.full(n_users, np.nan, np.float32)
        self.user_rating = np.full(n_users, np.nan, np.float32)
        self.user_last[ustats.index] = ustats["last"]
        self.user_first[ustats.index] = ustats["first"]
        self.user_rating[ustats.index] = ustats["rating"]
        # each user's most recent items, for "similar to what you just took"
        ordered = pd.DataFrame({"r": rows, "c": cols, "t": frame["time"].to_numpy()}).sort_values(
            ["r", "t"], kind="stable"
        )
        tail = ordered.groupby("r").tail(LAST_ITEMS)
        self.last_items = SparseMatrix.of(
            sp.csr_matrix(
                (np.ones(len(tail), np.float32), (tail["r"].to_numpy(), tail["c"].to_numpy())),
                shape=(n_users, n_items),
            )
        )
        # each item's interaction times (days), to count its popularity around a user's own time
        t_days = (frame["time"].to_numpy() - np.datetime64("1970-01-01")) / DAY
        order = np.lexsort((t_days, cols))
        self.item_times = t_days[order].astype(np.float64)
        self.item_ptr = np.searchsorted(cols[order], np.arange(n_items + 1))
        self.user_time = np.full(n_users, np.nan)
        last_t = pd.Series(t_days).groupby(rows).max()
        self.user_time[last_t.index] = last_t.to_numpy()
        self.segments = {}
        for column in self.segment_columns:
            labels = self._segment_labels(user_features, column, cat.users)
            self.segments[column] = SegmentPopularity().fit(self.X, labels)
        return self

    @staticmethod
    def _segment_labels(user_features: pd.DataFrame | None, column: str, users: pd.Index) -> list[str]:
        if user_features is None or column not in user_features.columns:
            return ["?"] * len(users)
        values = user_features[column].reindex(users)
        return ["?" if pd.isna(v) else str(v) for v in values]

    # ------------------------------------------------------------------ features
    def feature_names(self, user_numeric: Sequence[str], item_numeric: Sequence[str]) -> list[str]:
        """The ranker's feature names, in the order :meth:`candidate_pairs` builds them."""
        names = ["ease", "ease_rank", "ease_share", "ease_recent", "knn", "knn_rank"]
        if self.content is not None:
            names += ["content", "content_rank"]
        names += ["pop_log", "pop_recent", "pop_recent_rank", "pop_user_time_7d", "pop_user_time_30d"]
        for column in self.segment_columns:
            names += [f"seg_{column}", f"seg_lift_{column}"]
        names += [
            "item_age_days",
            "item_idle_days",
            "item_rating",
            "user_n",
            "user_idle_days",
            "user_span_days",
            "user_rating",
        ]
        names += [f"user_{c}" for c in user_numeric] + [f"item_{c}" for c in item_numeric]
        return names

    def candidate_pairs(
        self,
        rows: np.ndarray,
        *,
        n_candidates: int,
        user_features: pd.DataFrame | None = None,
        item_features: pd.DataFrame | None = None,
        user_numeric: Sequence[str] = (),
        item_numeric: Sequence[str] = (),
        cold: np.ndarray | None = None,
        eligible: np.ndarray | None = None,
    ) -> tuple[pd.DataFrame, np.ndarray]:
        """Candidate (user, item) pairs with their features, for users at matrix ``rows`` (-1 = unknown).

        ``user_features`` holds one row per entry of ``rows`` (positional). ``cold`` marks users whose
        history is ignored (profile-only). ``eligible`` (len(rows) x n_items, bool) removes pairs that
        fail the hard rules before anything is ranked. Returns the features and, per pair, the
        position in ``rows`` and the item column, as an (n, 2) array.
        """
        cat = self.catalogue
        rows = np.asarray(rows)
        known = rows >= 0
        if cold is not None:
            known &= ~np.asarray(cold, bool)
        sel = sp.csr_matrix((len(rows), cat.n_users), dtype=np.float32)
        if known.any():
            sel = sp.csr_matrix(
                (np.ones(known.sum(), np.float32), (np.flatnonzero(known), rows[known])),
                shape=(len(rows), cat.n_users),
            )
        Xc = (sel @ self.X).tocsr()
        seen = Xc.toarray() > 0
        banned = seen if eligible is None else (seen | ~eligible)
        s_ease = self.ease.score(Xc)
        s_ease_recent = self.ease.score(sel @ self.last_items.matrix())
        s_knn = self.knn.score(Xc)
        neg = np.float32(-1e9)
        r_ease = _ranks(np.where(banned, neg, s_ease))
        r_knn = _ranks(np.where(banned, neg, s_knn))
        recent = np.broadcast_to(self.pop_recent, s_ease.shape)
        r_recent = _ranks(np.where(banned, neg, recent))
        pool = (r_ease < n_candidates) | (r_knn < SECONDARY_CANDIDATES) | (r_recent < SECONDARY_CANDIDATES)
        seg_scores = {}
        for column, model in self.segments.items():
            seg_scores[column] = model.score(self._segment_labels_rows(user_features, column, len(rows)))
            pool |= _ranks(np.where(banned, neg, seg_scores[column])) < SECONDARY_CANDIDATES
        if self.content is not None:
            s_content = self.content.score(Xc)
            r_content = _ranks(np.where(banned, neg, s_content))
            pool |= r_content < SECONDARY_CANDIDATES
        pool &= ~banned
        i, j = np.nonzero(pool)
        best = np.maximum(np.abs(s_ease).max(axis=1), 1e-6)
        f: dict[str, np.ndarray] = {
            "ease": s_ease[i, j],
            "ease_rank": r_ease[i, j].astype(np.float32),
            "ease_share": s_ease[i, j] / best[i],
            "ease_recent": s_ease_recent[i, j],
            "knn": s_knn[i, j],
            "knn_rank": r_knn[i, j].astype(np.float32),
        }
        if self.content is not None:
            f["content"] = s_content[i, j]
            f["content_rank"] = r_content[i, j].astype(np.float32)
        f["pop_log"] = np.log1p(self.pop[j])
        f["pop_recent"] = self.pop_recent[j]
        f["pop_recent_rank"] = r_recent[i, j].astype(np.float32)
        now_days = float((self.now.to_datetime64() - np.datetime64("1970-01-01")) / DAY)
        urow_all = np.where(known, rows, -1)
        t_user = np.where(urow_all >= 0, self.user_time[np.maximum(urow_all, 0)], now_days)[i]
        f["pop_user_time_7d"] = self._count_between(j, t_user - 7.0, t_user)
        f["pop_user_time_30d"] = self._count_between(j, t_user - 30.0, t_user)
        overall = np.maximum(self.pop / max(cat.n_users, 1), 1e-6)
        for column, scores in seg_scores.items():
            f[f"seg_{column}"] = scores[i, j]
            f[f"seg_lift_{column}"] = scores[i, j] / overall[j]
        urow = np.where(known, rows, -1)[i]
        has = urow >= 0
        f["item_age_days"] = self.item_first[j]
        f["item_idle_days"] = self.item_last[j]
        f["item_rating"] = self.item_rating[j]
        f["user_n"] = np.asarray(Xc.sum(axis=1)).ravel()[i]
        f["user_idle_days"] = np.where(has, self.user_last[np.maximum(urow, 0)], np.nan)
        f["user_span_days"] = np.where(
            has, self.user_first[np.maximum(urow, 0)] - self.user_last[np.maximum(urow, 0)], np.nan
        )
        f["user_rating"] = np.where(has, self.user_rating[np.maximum(urow, 0)], np.nan)
        for c in user_numeric:
            values = (
                pd.to_numeric(user_features[c], errors="coerce").to_numpy(float)
                if user_features is not None
                else np.full(len(rows), np.nan)
            )
            f[f"user_{c}"] = values[i]
        for c in item_numeric:
            values = pd.to_numeric(item_features[c].reindex(cat.items), errors="coerce").to_numpy(float)
            f[f"item_{c}"] = values[j]
        frame = pd.DataFrame({k: np.asarray(v, dtype=np.float32) for k, v in f.items()})
        return frame, np.stack([i, j], axis=1)

    def _count_between(self, items: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
        """How often each item was taken in [start, end] (days), pair by pair."""
        out = np.zeros(len(items), np.float32)
        order = np.argsort(items, kind="stable")
        bounds = np.searchsorted(items[order], np.arange(len(self.item_ptr)))
        for c in np.flatnonzero(np.diff(bounds)):
            sel = order[bounds[c] : bounds[c + 1]]
            times = self.item_times[self.item_ptr[c] : self.item_ptr[c + 1]]
            out[sel] = np.searchsorted(times, end[sel], side="right") - np.searchsorted(
                times, start[sel], side="left"
            )
        return out

    @staticmethod
    def _segment_labels_rows(user_features: pd.DataFrame | None, column: str, n: int) -> list[str]:
        if user_features is None or column not in user_features.columns:
            return ["?"] * n
        return ["?" if pd.isna(v) else str(v) for v in user_features[column]]
