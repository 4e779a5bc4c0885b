"""The recommendation engine: candidates, hard rules, a LambdaRank ranker and reasons in words.

``Recommender.fit`` takes an interaction table (user, item, time, weight) and optional user and
item feature tables. It

1. cuts each user's last ``label_fraction`` of training interactions (by time) as ranker labels,
2. fits every candidate scorer on the history before that cut and tunes EASE's lambda on it,
3. trains :class:`~shared.recsys.ranker.LambdaRanker` on candidate pairs built from that history
   (plus a share of users shown with their history hidden, so profile-only users are served),
4. refits the scorers on all the data for serving, with the same feature code.

``recommend`` serves through :func:`shared.recsys.pipeline.recommend`: candidates (the hard rules
filter them before the pool is cut), the ranker, and reasons in Korean and English (the rules a
pair passed, then the features that pushed it up), as the ranked list of :mod:`shared.schema`.

Example:
    >>> from shared.recsys.generate import generate_interactions
    >>> log = generate_interactions(n_users=60, n_items=80, mean_length=25, seed=3)
    >>> model = Recommender(n_candidates=30, ranker_params={"n_estimators": 20}).fit(
    ...     log.interactions, user_features=log.users, item_features=log.items)
    >>> recs = model.recommend(["u1"], k=3)
    >>> list(recs.columns), len(recs)
    (['entity_id', 'item_id', 'rank', 'score', 'reasons_ko', 'reasons_en'], 3)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from shared.errors import DataError
from shared.estimator import Estimator
from shared.recsys.candidates import ContentSimilarity, tune_ease
from shared.recsys.data import Catalogue, check_interactions
from shared.recsys.labels import feature_label
from shared.recsys.pipeline import Plugins, RuleOutcome, make_ranker
from shared.recsys.pipeline import recommend as pipeline_recommend
from shared.recsys.split import per_user_time_split
from shared.recsys.stage import HistoryStage
from shared.rules.pairs import RuleSet
from shared.seeding import resolve_seed, rng
from shared.store import register

DEFAULT_LAMBDAS = (50.0, 100.0, 200.0, 400.0, 800.0, 1600.0)
#: The engine's overrides of the suite's ranker configuration (:data:`shared.recsys.pipeline.RANKER_DEFAULTS`).
ENGINE_RANKER = {"n_estimators": 400, "min_child_samples": 50, "early_stopping_rounds": 40}


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
class Recommender(Estimator):
    """Candidates + hard rules + LambdaRank ranker with reasons (see the module docstring).

    Parameters: ``n_candidates`` from EASE per user (other scorers add 20 each), ``label_fraction``
    of each user's training interactions used as ranker labels, ``segment_columns`` (categorical user
    features for segment popularity; default: every categorical user column with few levels),
    ``rules`` (a :class:`RuleSet` of hard filters), ``cold_start_share`` of training users also shown
    with their history hidden, ``n_cuts`` time cuts that each give the ranker a set of query groups,
    ``objective`` (LightGBM ranking objective: ``"rank_xendcg"`` by default, ``"lambdarank"`` also
    works), ``ranker_params`` overriding :data:`ENGINE_RANKER` in :func:`make_ranker`.

    Fitted: ``catalogue_``, ``stage_`` (the scorers refitted on all the data), ``ranker_``,
    ``feature_names_``, ``ease_lambda_`` and ``ease_curve_`` (NDCG@10 per lambda tried), the feature
    tables and the columns read from them.

    Why ``rank_xendcg`` by default: on the benchmark log the same features with LightGBM's ``lambdarank``
    objective only tied EASE (NDCG@10 0.2346 vs 0.2328), while the listwise XE-NDCG objective (Bruch et
    al., 2019) beat it (0.2426); ``benchmarks/recsys_ranker_objectives.py`` reproduces this.
    """

    intended_use = (
        "A generic candidates, hard rules and ranker pipeline with reasons, for starting a new "
        "recommendation pilot."
    )
    limitations = (
        "Benchmarked on a generated MovieLens-shaped log, not on public-service data; its hard rules are "
        "only as correct as their configuration. It proposes; staff decide."
    )

    store_kind = "shared.recsys.Recommender"
    store_version = 2

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
        self.ease_lambdas = ease_lambdas
        self.knn_neighbours = knn_neighbours
        self.half_life_days = half_life_days
        self.segment_columns = segment_columns
        self.rules = rules
        self.cold_start_share = cold_start_share
        self.n_cuts = n_cuts
        self.objective = objective
        self.ranker_params = ranker_params
        self.seed = seed

    @property
    def _rules(self) -> RuleSet:
        return self.rules if self.rules is not None else RuleSet()

    # ------------------------------------------------------------------ fitting
    def _stage(self, content: ContentSimilarity | None) -> HistoryStage:
        return HistoryStage(
            self.catalogue_,
            ease_lambda=self.ease_lambda_,
            knn_neighbours=self.knn_neighbours,
            half_life_days=self.half_life_days,
            segment_columns=list(self.segment_columns_),
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
        self.catalogue_ = Catalogue.from_ids(users, items)
        self.seed_ = resolve_seed(self.seed)
        self.segment_columns_ = (
            _categorical_columns(user_features)
            if self.segment_columns is None
            else list(self.segment_columns)
        )
        self.user_numeric_ = _numeric_columns(user_features)
        self.item_numeric_ = _numeric_columns(item_features)
        self.item_features_ = item_features
        self.user_features_ = user_features
        self.item_text_column_ = item_text_column
        content = self._content(item_features)

        history, labels = per_user_time_split(frame, self.label_fraction)
        X_hist, X_label = self._label_matrices(history, labels)
        lambdas = tuple(float(x) for x in self.ease_lambdas)
        self.ease_lambda_, self.ease_curve_ = tune_ease(X_hist, X_label, lambdas)

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
        g = rng(self.seed_)
        group_ids = np.unique(groups)
        valid_groups = set(g.choice(group_ids, size=max(1, len(group_ids) // 6), replace=False).tolist())
        is_valid = np.isin(groups, list(valid_groups))
        ranker = make_ranker(
            {"objective": self.objective, **ENGINE_RANKER, **(self.ranker_params or {})}, seed=self.seed_
        )
        eval_set = (
            (X[is_valid], y[is_valid], groups[is_valid]) if is_valid.any() and (~is_valid).any() else None
        )
        fit_rows = ~is_valid if eval_set is not None else np.ones(len(y), bool)
        self.ranker_ = ranker.fit(X[fit_rows], y[fit_rows], groups[fit_rows], eval_set=eval_set)
        self.train_rows_ = int(len(y))

        self.stage_ = self._stage(content).fit(frame, user_features)
        return self

    def _label_matrices(
        self, history: pd.DataFrame, labels: pd.DataFrame
    ) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        X_hist = self.catalogue_.matrix(history)
        X_label = self.catalogue_.matrix(labels)
        X_label = X_label - X_label.multiply(X_hist)  # items seen before the cut are not new
        X_label.eliminate_zeros()
        return X_hist, X_label

    def _content(self, item_features: pd.DataFrame | None) -> ContentSimilarity | None:
        if item_features is None:
            return None
        aligned = item_features.reindex(self.catalogue_.items)
        column = self.item_text_column_
        text = aligned[column].fillna("") if column in aligned.columns else None
        attrs = aligned[[c for c in _categorical_columns(aligned) if c != column]]
        if text is None and attrs.empty:
            return None
        return ContentSimilarity().fit(text, attrs if not attrs.empty else None)

    def _user_table(self, users: Sequence[str], extra: pd.DataFrame | None = None) -> pd.DataFrame:
        base = self.user_features_
        table = base.reindex(users) if base is not None else pd.DataFrame(index=pd.Index(users))
        if extra is not None:
            extra = extra.set_axis(extra.index.astype(str))
            for column in extra.columns:
                if column not in table.columns:
                    table[column] = np.nan
                given = extra[column].reindex(table.index)
                table[column] = given.where(given.notna(), table[column])
        return table

    def _items_table(self) -> pd.DataFrame:
        items = self.catalogue_.items
        return (
            self.item_features_.reindex(items)
            if self.item_features_ is not None
            else pd.DataFrame(index=items)
        )

    def _eligible(self, user_table: pd.DataFrame) -> np.ndarray | None:
        rules = self._rules
        if not rules.rules:
            return None
        n_u, n_i = len(user_table), self.catalogue_.n_items
        items = self._items_table()
        u = user_table.iloc[np.repeat(np.arange(n_u), n_i)]
        it = items.iloc[np.tile(np.arange(n_i), n_u)]
        return rules.check(u, it).reshape(n_u, n_i)

    def _training_rows(self, stage: HistoryStage, X_hist: sp.csr_matrix, X_label: sp.csr_matrix):
        rows = np.flatnonzero(np.diff(X_label.indptr) > 0)
        g = rng(self.seed_)
        n_cold = int(round(self.cold_start_share * len(rows))) if self.user_features_ is not None else 0
        cold_rows = g.choice(rows, size=n_cold, replace=False) if n_cold else np.zeros(0, int)
        all_rows = np.concatenate([rows, cold_rows])
        cold = np.r_[np.zeros(len(rows), bool), np.ones(len(cold_rows), bool)]
        users = list(self.catalogue_.users[all_rows])
        table = self._user_table(users)
        feats, pairs = stage.candidate_pairs(
            all_rows,
            n_candidates=self.n_candidates,
            user_features=table,
            item_features=self.item_features_,
            user_numeric=self.user_numeric_,
            item_numeric=self.item_numeric_,
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
        self.feature_names_ = list(feats.columns)
        return feats[keep].reset_index(drop=True), target[keep], groups[keep]

    # ------------------------------------------------------------------ serving
    def _candidates(
        self, users: Sequence[str], user_features: pd.DataFrame | None, cold: np.ndarray | None = None
    ) -> tuple[pd.DataFrame, pd.DataFrame, np.ndarray]:
        """The users' profile table, the features of their eligible candidates and the (position, column) pairs."""
        if user_features is not None and not isinstance(user_features, pd.DataFrame):
            raise DataError(
                f"user_features must be a DataFrame, got {type(user_features).__name__}",
                column="user_features",
                expected="a pandas DataFrame indexed by user id",
            )
        table = self._user_table(list(users), user_features)
        rows = self.catalogue_.user_rows(users)
        feats, pairs = self.stage_.candidate_pairs(
            rows,
            n_candidates=self.n_candidates,
            user_features=table,
            item_features=self.item_features_,
            user_numeric=self.user_numeric_,
            item_numeric=self.item_numeric_,
            cold=cold,
            eligible=self._eligible(table),
        )
        return table, feats, pairs

    def rank(
        self,
        users: Sequence[object],
        k: int = 10,
        *,
        user_features: pd.DataFrame | None = None,
        chunk: int = 2000,
    ) -> dict[str, list[str]]:
        """Top-k item ids per user, seen items excluded, over the whole catalogue (for evaluation).

        Candidates come first in ranker order; if fewer than k pass, the rest follow by EASE score.
        """
        self._check_fitted()
        users = [str(u) for u in users]
        out: dict[str, list[str]] = {}
        for start in range(0, len(users), chunk):
            block = users[start : start + chunk]
            _, feats, pairs = self._candidates(block, user_features)
            scores = self.ranker_.predict(feats[self.feature_names_]) if len(feats) else np.zeros(0)
            order = np.lexsort((-scores, pairs[:, 0]))
            pos, col = pairs[order, 0], pairs[order, 1]
            bounds = np.searchsorted(pos, np.arange(len(block) + 1))
            for b, user in enumerate(block):
                picked = list(col[bounds[b] : bounds[b + 1]][:k])
                if len(picked) < k:
                    picked += self._fill(user, k - len(picked), set(picked))
                out[user] = [self.catalogue_.items[c] for c in picked]
        return out

    def _fill(self, user: str, n: int, taken: set[int]) -> list[int]:
        row = self.catalogue_.user_rows([user])[0]
        stage = self.stage_
        if row >= 0:
            x = stage.X[row]
            scores = stage.ease.score(x)[0] + 1e-6 * stage.pop
            seen = set(x.indices.tolist())
        else:
            scores, seen = stage.pop.astype(float), set()
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
        n_reasons: int = 3,
    ) -> pd.DataFrame:
        """The top ``k`` items per user as a ranked list (:func:`shared.schema.ranked_list`).

        ``reasons_ko``/``reasons_en`` hold the hard rules the pair passed, then the features that
        pushed its score up. ``user_features`` (indexed by user id) adds or overrides profile
        features: a user absent from the training data is served from the profile alone (cold start).
        """
        self._check_fitted()
        users = [str(u) for u in users]
        return pipeline_recommend(
            _EnginePlugins(self, user_features), self.ranker_, users, k=k, top_reasons=n_reasons
        )

    @classmethod
    def _conformance_case(cls) -> Any:
        """A tiny worked example for :mod:`shared.estimator_checks`."""
        from shared.estimator_checks import ConformanceCase
        from shared.recsys.generate import generate_interactions

        log = generate_interactions(n_users=40, n_items=50, mean_length=22, seed=3)
        newcomer = pd.DataFrame({"age": [34], "gender": ["F"], "occupation": ["engineer"]}, index=["new"])
        return ConformanceCase(
            make=lambda: cls(
                n_candidates=20,
                n_cuts=1,
                ease_lambdas=(50.0, 200.0),
                ranker_params={"n_estimators": 10},
                seed=0,
            ),
            fit=lambda m: m.fit(log.interactions, user_features=log.users, item_features=log.items),
            predict=lambda m: m.recommend(["u1", "u2", "new"], k=3, user_features=newcomer),
            schema="ranked",
            bad_input=lambda m: m.recommend(["u1"], user_features=[{"age": 30}]),
        )


class _EnginePlugins(Plugins):
    """The engine as plug-ins of :mod:`shared.recsys.pipeline`, for one ``recommend`` call.

    Candidates and their features come from the same :meth:`HistoryStage.candidate_pairs` call
    (the hard rules already narrowed the pool there); ``rules`` checks them again and gives the reasons.
    """

    def __init__(self, model: Recommender, user_features: pd.DataFrame | None) -> None:
        self.model = model
        self.user_features = user_features
        self.words = {n: (feature_label(n, "ko"), feature_label(n, "en")) for n in model.feature_names_}

    def candidates(self, entities: Sequence[str]) -> pd.DataFrame:
        """Candidate pairs of the engine's stage, with ``_row`` pointing at their features."""
        self.table, self.feats, self.pairs = self.model._candidates(list(entities), self.user_features)
        return pd.DataFrame(
            {
                "entity_id": np.asarray(entities, dtype=object)[self.pairs[:, 0]] if len(self.pairs) else [],
                "item_id": self.model.catalogue_.items.to_numpy()[self.pairs[:, 1]],
                "_row": np.arange(len(self.pairs)),
            }
        )

    def rules(self, entities: Sequence[str], pairs: pd.DataFrame) -> RuleOutcome:
        """The engine's hard rules on each pair, with why it passed (Korean and English)."""
        rules = self.model._rules
        n = len(pairs)
        if not rules.rules or n == 0:
            return RuleOutcome(np.ones(n, bool), [[] for _ in range(n)], [[] for _ in range(n)])
        rows = pairs["_row"].to_numpy()
        users = self.table.iloc[self.pairs[rows, 0]]
        items = self.model._items_table().iloc[self.pairs[rows, 1]]
        return RuleOutcome(
            rules.check(users, items), rules.explain(users, items, "ko"), rules.explain(users, items, "en")
        )

    def features(self, entities: Sequence[str], pairs: pd.DataFrame) -> pd.DataFrame:
        """The ranker's features of each pair (computed with the candidates)."""
        rows = pairs["_row"].to_numpy()
        return self.feats.iloc[rows][self.model.feature_names_].reset_index(drop=True)
