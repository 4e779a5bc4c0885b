"""The recommendation engine: candidates, hard rules, a LambdaRank ranker and reasons in words.

``Recommender.fit`` takes an interaction table (user, item, time, weight) and optional user and
item feature tables. It

1. cuts each user's last ``label_fraction`` of training interactions (by time) as ranker labels,
2. fits every candidate scorer on the history before that cut and tunes EASE's lambda on it,
3. trains :class:`~shared.recsys.ranker.LambdaRanker` on candidate pairs built from that history
   (plus a share of users shown with their history hidden, so profile-only users are served),
4. refits the scorers on all the data for serving, with the same feature code.

``recommend`` filters candidates with the hard rules first, ranks the rest, and returns each
recommendation with its reasons: the rules it passed and the features that pushed it up.

Example:
    >>> from shared.recsys.generate import generate_interactions
    >>> log = generate_interactions(n_users=60, n_items=80, mean_length=25, seed=3)
    >>> model = Recommender(n_candidates=30, ranker_params={"n_estimators": 20}).fit(
    ...     log.interactions, user_features=log.users, item_features=log.items)
    >>> recs = model.recommend(["u1"], k=3)
    >>> list(recs.columns), len(recs)
    (['user', 'item', 'rank', 'score', 'reasons'], 3)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from shared.errors import DataError
from shared.recsys.candidates import ContentSimilarity, tune_ease
from shared.recsys.data import Catalogue, check_interactions
from shared.recsys.labels import feature_labels
from shared.recsys.ranker import LambdaRanker
from shared.recsys.rules import RuleSet
from shared.recsys.split import per_user_time_split
from shared.recsys.stage import HistoryStage
from shared.seeding import resolve_seed, rng
from shared.store import ModelState, register

DEFAULT_LAMBDAS = (50.0, 100.0, 200.0, 400.0, 800.0, 1600.0)


def _numeric_columns(frame: pd.DataFrame | None, exclude: Iterable[str] = ()) -> list[str]:
    if frame is None:
        return []
    skip = set(exclude)
    return [
        str(c)
        for c in frame.columns
        if c not in skip
        and pd.api.types.is_numeric_dtype(frame[c])
        and not pd.api.types.is_bool_dtype(frame[c])
    ]


def _categorical_columns(frame: pd.DataFrame | None, max_levels: int = 50) -> list[str]:
    if frame is None:
        return []
    out = []
    for c in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[c]) and frame[c].nunique(dropna=True) <= max_levels:
            out.append(str(c))
    return out


@register
class Recommender:
    """Candidates + hard rules + LambdaRank ranker with reasons (see the module docstring).

    Parameters: ``n_candidates`` from EASE per user (other scorers add 20 each), ``label_fraction``
    of each user's training interactions used as ranker labels, ``segment_columns`` (categorical user
    features for segment popularity; default: every categorical user column with few levels),
    ``rules`` (a :class:`RuleSet` of hard filters), ``cold_start_share`` of training users also shown
    with their history hidden, ``n_cuts`` time cuts that each give the ranker a set of query groups,
    ``objective`` (LightGBM ranking objective: ``"rank_xendcg"`` by default, ``"lambdarank"`` also
    works), ``ranker_params`` for :class:`LambdaRanker`.

    Why ``rank_xendcg`` by default: on the benchmark log the same features with LightGBM's ``lambdarank``
    objective only tied EASE (NDCG@10 0.2346 vs 0.2328), while the listwise XE-NDCG objective (Bruch et
    al., 2019) beat it (0.2426); ``benchmarks/recsys_ranker_objectives.py`` reproduces this.
    """

    store_kind = "shared.recsys.Recommender"
    store_version = 1

    def __init__(
        self,
        *,
        n_candidates: int = 100,
        label_fraction: float = 0.2,
        ease_lambdas: Sequence[float] = DEFAULT_LAMBDAS,
        knn_neighbours: int = 100,
        half_life_days: float = 30.0,
        segment_columns: Sequence[str] | None = None,
        rules: RuleSet | None = None,
        cold_start_share: float = 0.1,
        n_cuts: int = 2,
        objective: str = "rank_xendcg",
        ranker_params: Mapping[str, Any] | None = None,
        seed: int | None = None,
    ) -> None:
        self.n_candidates = n_candidates
        self.label_fraction = label_fraction
        self.ease_lambdas = tuple(float(x) for x in ease_lambdas)
        self.knn_neighbours = knn_neighbours
        self.half_life_days = half_life_days
        self.segment_columns = None if segment_columns is None else list(segment_columns)
        self.rules = rules or RuleSet()
        self.cold_start_share = cold_start_share
        self.n_cuts = n_cuts
        self.objective = objective
        self.ranker_params = dict(ranker_params or {})
        self.seed = resolve_seed(seed)
        self.ranker: LambdaRanker | None = None
        self.ease_curve: dict[float, float] = {}

    # ------------------------------------------------------------------ fitting
    def _stage(self, content: ContentSimilarity | None) -> HistoryStage:
        return HistoryStage(
            self.catalogue,
            ease_lambda=self.ease_lambda,
            knn_neighbours=self.knn_neighbours,
            half_life_days=self.half_life_days,
            segment_columns=self.segment_columns,
            content=content,
        )

    def fit(
        self,
        interactions: pd.DataFrame,
        user_features: pd.DataFrame | None = None,
        item_features: pd.DataFrame | None = None,
        *,
        item_text_column: str | None = "text",
    ) -> Recommender:
        """Train on an interaction table (user, item, time, weight); feature tables are indexed by id."""
        frame = check_interactions(interactions)
        if frame.empty:
            raise DataError("no interactions to learn from", column="user", expected="at least one row")
        user_features = (
            None if user_features is None else user_features.set_axis(user_features.index.astype(str))
        )
        item_features = (
            None if item_features is None else item_features.set_axis(item_features.index.astype(str))
        )
        users = list(frame["user"]) + ([] if user_features is None else list(user_features.index))
        items = list(frame["item"]) + ([] if item_features is None else list(item_features.index))
        self.catalogue = Catalogue.from_ids(users, items)
        if self.segment_columns is None:
            self.segment_columns = _categorical_columns(user_features)
        self.user_numeric = _numeric_columns(user_features)
        self.item_numeric = _numeric_columns(item_features)
        self.item_features = item_features
        self.user_features = user_features
        self.item_text_column = item_text_column
        content = self._content(item_features)

        history, labels = per_user_time_split(frame, self.label_fraction)
        X_hist, X_label = self._label_matrices(history, labels)
        self.ease_lambda, self.ease_curve = tune_ease(X_hist, X_label, self.ease_lambdas)

        # ranker rows from one or more cuts back in time (more query groups, same feature code)
        parts, offset = [], 0
        for cut in range(self.n_cuts):
            if cut:
                history, labels = per_user_time_split(history, self.label_fraction)
                X_hist, X_label = self._label_matrices(history, labels)
            stage = self._stage(content).fit(history, user_features)
            Xc, yc, gc = self._training_rows(stage, X_hist, X_label)
            parts.append((Xc, yc, gc + offset))
            offset += int(gc.max()) + 1 if len(gc) else 0
        X = pd.concat([p[0] for p in parts], ignore_index=True)
        y = np.concatenate([p[1] for p in parts])
        groups = np.concatenate([p[2] for p in parts])
        g = rng(self.seed)
        group_ids = np.unique(groups)
        valid_groups = set(g.choice(group_ids, size=max(1, len(group_ids) // 6), replace=False).tolist())
        is_valid = np.isin(groups, list(valid_groups))
        params = {
            "n_estimators": 400,
            "learning_rate": 0.05,
            "num_leaves": 31,
            "min_child_samples": 50,
            "early_stopping_rounds": 40,
        }
        params.update(self.ranker_params)
        extra = {"objective": self.objective, **params.pop("params", {})}
        self.ranker = LambdaRanker(seed=self.seed, params=extra, **params)
        eval_set = (
            (X[is_valid], y[is_valid], groups[is_valid]) if is_valid.any() and (~is_valid).any() else None
        )
        fit_rows = ~is_valid if eval_set is not None else np.ones(len(y), bool)
        self.ranker.fit(X[fit_rows], y[fit_rows], groups[fit_rows], eval_set=eval_set)
        self.train_rows = int(len(y))

        self.stage = self._stage(content).fit(frame, user_features)
        return self

    def _label_matrices(
        self, history: pd.DataFrame, labels: pd.DataFrame
    ) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        X_hist = self.catalogue.matrix(history)
        X_label = self.catalogue.matrix(labels)
        X_label = X_label - X_label.multiply(X_hist)  # items seen before the cut are not new
        X_label.eliminate_zeros()
        return X_hist, X_label

    def _content(self, item_features: pd.DataFrame | None) -> ContentSimilarity | None:
        if item_features is None:
            return None
        aligned = item_features.reindex(self.catalogue.items)
        text = aligned[self.item_text_column].fillna("") if self.item_text_column in aligned.columns else None
        attrs = aligned[[c for c in _categorical_columns(aligned) if c != self.item_text_column]]
        if text is None and attrs.empty:
            return None
        return ContentSimilarity().fit(text, attrs if not attrs.empty else None)

    def _user_table(self, users: Sequence[str], extra: pd.DataFrame | None = None) -> pd.DataFrame:
        base = self.user_features
        table = base.reindex(users) if base is not None else pd.DataFrame(index=pd.Index(users))
        if extra is not None:
            extra = extra.set_axis(extra.index.astype(str))
            for column in extra.columns:
                if column not in table.columns:
                    table[column] = np.nan
                given = extra[column].reindex(table.index)
                table[column] = given.where(given.notna(), table[column])
        return table

    def _eligible(self, user_table: pd.DataFrame) -> np.ndarray | None:
        if not self.rules.rules:
            return None
        n_u, n_i = len(user_table), self.catalogue.n_items
        items = (
            self.item_features.reindex(self.catalogue.items)
            if self.item_features is not None
            else pd.DataFrame(index=self.catalogue.items)
        )
        u = user_table.iloc[np.repeat(np.arange(n_u), n_i)]
        it = items.iloc[np.tile(np.arange(n_i), n_u)]
        return self.rules.check(u, it).reshape(n_u, n_i)

    def _training_rows(self, stage: HistoryStage, X_hist: sp.csr_matrix, X_label: sp.csr_matrix):
        rows = np.flatnonzero(np.diff(X_label.indptr) > 0)
        g = rng(self.seed)
        n_cold = int(round(self.cold_start_share * len(rows))) if self.user_features is not None else 0
        cold_rows = g.choice(rows, size=n_cold, replace=False) if n_cold else np.zeros(0, int)
        all_rows = np.concatenate([rows, cold_rows])
        cold = np.r_[np.zeros(len(rows), bool), np.ones(len(cold_rows), bool)]
        users = list(self.catalogue.users[all_rows])
        table = self._user_table(users)
        feats, pairs = stage.candidate_pairs(
            all_rows,
            n_candidates=self.n_candidates,
            user_features=table,
            item_features=self.item_features,
            user_numeric=self.user_numeric,
            item_numeric=self.item_numeric,
            cold=cold,
            eligible=self._eligible(table),
        )
        # relevance: label-window items; for profile-only copies every item the user took counts
        X_all = (X_hist + X_label).tocsr()
        u, c = all_rows[pairs[:, 0]], pairs[:, 1]
        in_label = np.asarray(X_label[u, c]).ravel()
        in_any = np.asarray(X_all[u, c]).ravel()
        target = np.where(cold[pairs[:, 0]], in_any, in_label)
        target = (np.asarray(target, float) > 0).astype(int)
        groups = pairs[:, 0]
        has_pos = np.bincount(groups, weights=target, minlength=len(all_rows)) > 0
        keep = has_pos[groups]
        self.feature_names = list(feats.columns)
        return feats[keep].reset_index(drop=True), target[keep], groups[keep]

    # ------------------------------------------------------------------ serving
    def _require_fitted(self) -> None:
        if self.ranker is None:
            raise RuntimeError("Recommender is not fitted; call fit() first")

    def _score_block(
        self, users: Sequence[str], user_features: pd.DataFrame | None, cold: np.ndarray | None = None
    ):
        table = self._user_table(list(users), user_features)
        rows = self.catalogue.user_rows(users)
        feats, pairs = self.stage.candidate_pairs(
            rows,
            n_candidates=self.n_candidates,
            user_features=table,
            item_features=self.item_features,
            user_numeric=self.user_numeric,
            item_numeric=self.item_numeric,
            cold=cold,
            eligible=self._eligible(table),
        )
        scores = self.ranker.predict(feats[self.feature_names]) if len(feats) else np.zeros(0)
        return table, feats, pairs, scores

    def rank(
        self,
        users: Sequence[object],
        k: int = 10,
        *,
        user_features: pd.DataFrame | None = None,
        chunk: int = 2000,
    ) -> dict[str, list[str]]:
        """Top-k item ids per user, seen items excluded, over the whole catalogue.

        Candidates come first in ranker order; if fewer than k pass, the rest follow by EASE score.
        """
        self._require_fitted()
        users = [str(u) for u in users]
        out: dict[str, list[str]] = {}
        for start in range(0, len(users), chunk):
            block = users[start : start + chunk]
            _, _, pairs, scores = self._score_block(block, user_features)
            order = np.lexsort((-scores, pairs[:, 0]))
            pos, col = pairs[order, 0], pairs[order, 1]
            bounds = np.searchsorted(pos, np.arange(len(block) + 1))
            for b, user in enumerate(block):
                picked = list(col[bounds[b] : bounds[b + 1]][:k])
                if len(picked) < k:
                    picked += self._fill(user, k - len(picked), set(picked))
                out[user] = [self.catalogue.items[c] for c in picked]
        return out

    def _fill(self, user: str, n: int, taken: set[int]) -> list[int]:
        row = self.catalogue.user_rows([user])[0]
        if row >= 0:
            x = self.stage.X[row]
            scores = self.stage.ease.score(x)[0] + 1e-6 * self.stage.pop
            seen = set(x.indices.tolist())
        else:
            scores, seen = self.stage.pop.astype(float), set()
        eligible = self._eligible(self._user_table([user]))
        out = []
        for c in np.argsort(-scores, kind="stable"):
            if c in taken or c in seen or (eligible is not None and not eligible[0, c]):
                continue
            out.append(int(c))
            if len(out) == n:
                break
        return out

    def recommend(
        self,
        users: Sequence[object],
        k: int = 10,
        *,
        user_features: pd.DataFrame | None = None,
        lang: str = "en",
        n_reasons: int = 3,
    ) -> pd.DataFrame:
        """The top ``k`` items per user with a score and reasons (rules passed, then features that pushed it up).

        ``user_features`` (indexed by user id) adds or overrides profile features: a user absent from
        the training data is served from the profile alone (cold start).
        """
        self._require_fitted()
        users = [str(u) for u in users]
        table, feats, pairs, scores = self._score_block(users, user_features)
        frame = pd.DataFrame({"pos": pairs[:, 0], "col": pairs[:, 1], "score": scores})
        frame = (
            frame.sort_values(["pos", "score"], ascending=[True, False], kind="stable").groupby("pos").head(k)
        )
        X = feats.loc[frame.index, self.feature_names]
        words = self.ranker.reasons(X, labels=feature_labels(self.feature_names, lang), top=n_reasons)
        items = (
            self.item_features.reindex(self.catalogue.items)
            if self.item_features is not None
            else pd.DataFrame(index=self.catalogue.items)
        )
        rule_words = (
            self.rules.explain(table.iloc[frame["pos"].to_numpy()], items.iloc[frame["col"].to_numpy()], lang)
            if self.rules.rules
            else [[] for _ in range(len(frame))]
        )
        return pd.DataFrame(
            {
                "user": [users[p] for p in frame["pos"]],
                "item": [self.catalogue.items[c] for c in frame["col"]],
                "rank": frame.groupby("pos").cumcount().to_numpy() + 1,
                "score": frame["score"].to_numpy(),
                "reasons": [r + w for r, w in zip(rule_words, words, strict=True)],
            }
        ).reset_index(drop=True)

    # ------------------------------------------------------------------ store
    def to_state(self) -> ModelState:
        """The model's pickle-free state for shared.store."""
        self._require_fitted()
        stage = self.stage.to_state("stage")
        ranker = self.ranker.to_state()
        arrays = dict(stage.arrays)
        content = self.stage.content
        if content is not None:
            v = content.item_vectors.tocoo()
            arrays.update(
                {
                    "content_row": v.row,
                    "content_col": v.col,
                    "content_val": v.data,
                    "content_shape": np.array(v.shape),
                }
            )
        params = {
            "n_candidates": self.n_candidates,
            "label_fraction": self.label_fraction,
            "ease_lambdas": list(self.ease_lambdas),
            "ease_lambda": self.ease_lambda,
            "ease_curve": {str(k): v for k, v in self.ease_curve.items()},
            "knn_neighbours": self.knn_neighbours,
            "half_life_days": self.half_life_days,
            "segment_columns": self.segment_columns,
            "rules": self.rules.to_params(),
            "cold_start_share": self.cold_start_share,
            "n_cuts": self.n_cuts,
            "objective": self.objective,
            "ranker_params": self.ranker_params,
            "seed": self.seed,
            "users": list(self.catalogue.users),
            "items": list(self.catalogue.items),
            "user_numeric": self.user_numeric,
            "item_numeric": self.item_numeric,
            "feature_names": self.feature_names,
            "item_text_column": self.item_text_column,
            "user_features": None
            if self.user_features is None
            else self.user_features.to_json(orient="split"),
            "item_features": None
            if self.item_features is None
            else self.item_features.to_json(orient="split"),
            "ranker": ranker.params,
            **stage.params,
        }
        return ModelState(params=params, arrays=arrays, boosters={"ranker": ranker.boosters["ranker"]})

    @classmethod
    def from_state(cls, state: ModelState) -> Recommender:
        """Rebuild the model from the state written by :meth:`to_state`."""
        from io import StringIO

        p = state.params
        model = cls(
            n_candidates=p["n_candidates"],
            label_fraction=p["label_fraction"],
            ease_lambdas=p["ease_lambdas"],
            knn_neighbours=p["knn_neighbours"],
            half_life_days=p["half_life_days"],
            segment_columns=p["segment_columns"],
            rules=RuleSet.from_params(p["rules"]),
            cold_start_share=p["cold_start_share"],
            n_cuts=p["n_cuts"],
            objective=p["objective"],
            ranker_params=p["ranker_params"],
            seed=p["seed"],
        )
        model.ease_lambda = p["ease_lambda"]
        model.ease_curve = {float(k): v for k, v in p["ease_curve"].items()}
        model.catalogue = Catalogue(pd.Index(p["users"], dtype=object), pd.Index(p["items"], dtype=object))
        model.user_numeric, model.item_numeric = p["user_numeric"], p["item_numeric"]
        model.feature_names, model.item_text_column = p["feature_names"], p["item_text_column"]
        model.user_features = (
            None if p["user_features"] is None else pd.read_json(StringIO(p["user_features"]), orient="split")
        )
        model.item_features = (
            None if p["item_features"] is None else pd.read_json(StringIO(p["item_features"]), orient="split")
        )
        for name in ("user_features", "item_features"):
            table = getattr(model, name)
            if table is not None:
                setattr(model, name, table.set_axis(table.index.astype(str)))
        content = None
        a = state.arrays
        if "content_val" in a:
            content = ContentSimilarity()
            content.item_vectors = sp.csr_matrix(
                (a["content_val"], (a["content_row"], a["content_col"])), shape=tuple(a["content_shape"])
            )
        model.stage = HistoryStage.from_state(state, "stage", model.catalogue, content)
        model.ranker = LambdaRanker.from_state(
            ModelState(params=p["ranker"], boosters={"ranker": state.boosters["ranker"]})
        )
        return model
