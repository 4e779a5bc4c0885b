"""The recommendation pipeline every sector plugs into: candidates, hard rules, features, one ranker, reasons.

A sector does not rebuild the engine; it writes a :class:`Plugins` subclass that says

- ``candidates(entities)``: its candidate sources, as (entity_id, item_id) pairs;
- ``rules(entities, pairs)``: its hard rules (eligibility, age limits, channel), which pairs pass
  and why, in Korean and English (:class:`RuleOutcome`);
- ``features(entities, pairs)``: its numeric features, one row per pair;
- ``words``: what each feature means in words (Korean, English), and optionally
  ``reason_text`` for a sector's own way of showing a value;
- ``extras(entities, pairs)``: sector columns for the output (names, amounts), optional.

The engine owns the rest: one LightGBM LambdaRank configuration (:data:`RANKER_DEFAULTS`, with
sector overrides through :func:`make_ranker`), scoring, reasons from per-pair feature
contributions, and the ranked-list output of :mod:`shared.schema`.

Example:
    >>> import numpy as np, pandas as pd
    >>> class Toy(Plugins):
    ...     words = {"fit": ("조건이 잘 맞음", "a good fit")}
    ...     def candidates(self, entities):
    ...         return pd.DataFrame([(e, i) for e in entities for i in "abc"], columns=["entity_id", "item_id"])
    ...     def features(self, entities, pairs):
    ...         return pd.DataFrame({"fit": pairs["item_id"].map({"a": 0.1, "b": 0.9, "c": 0.5})})
    >>> g = np.random.default_rng(0)
    >>> X = pd.DataFrame({"fit": g.random(200)})
    >>> ranker = make_ranker({"n_estimators": 20}).fit(X, (X["fit"] > 0.6).astype(int), np.repeat(np.arange(20), 10))
    >>> out = recommend(Toy(), ranker, ["u1"], k=2)
    >>> out[["entity_id", "item_id", "rank"]].values.tolist(), out["reasons_en"][0][0][:10]
    ([['u1', 'b', 1], ['u1', 'c', 2]], 'a good fit')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from shared.errors import DataError
from shared.recsys.ranker import LambdaRanker
from shared.schema import ranked_list

#: The one LightGBM-ranker configuration of the suite; sectors override single entries.
RANKER_DEFAULTS: dict[str, Any] = {
    "n_estimators": 300,
    "learning_rate": 0.05,
    "num_leaves": 31,
    "min_child_samples": 20,
    "eval_at": 10,
    "early_stopping_rounds": 30,
}


def make_ranker(overrides: Mapping[str, Any] | None = None, *, seed: int | None = None) -> LambdaRanker:
    """The suite's LambdaRanker with :data:`RANKER_DEFAULTS` and a sector's ``overrides``.

    Keys of ``overrides`` that are not LambdaRanker parameters go to LightGBM (``params``).

    Example:
        >>> make_ranker({"n_estimators": 50, "objective": "rank_xendcg"}).get_params()["params"]
        {'objective': 'rank_xendcg'}
    """
    known = set(LambdaRanker._get_param_names())
    settings = {**RANKER_DEFAULTS}
    lgb_params: dict[str, Any] = {}
    for key, value in (overrides or {}).items():
        if key == "params":
            lgb_params.update(value or {})
        elif key in known:
            settings[key] = value
        else:
            lgb_params[key] = value
    return LambdaRanker(seed=seed, params=lgb_params or None, **settings)


@dataclass
class RuleOutcome:
    """Which pairs pass a sector's hard rules, and why, one list of sentences per pair."""

    passed: np.ndarray
    reasons_ko: list[list[str]] = field(default_factory=list)
    reasons_en: list[list[str]] = field(default_factory=list)


class Plugins:
    """What a sector contributes to the pipeline (see the module docstring); defaults: no rules, no extras."""

    words: Mapping[str, tuple[str, str]] = {}

    def candidates(self, entities: Any) -> pd.DataFrame:
        """Candidate pairs, columns ``entity_id`` and ``item_id``."""
        raise NotImplementedError(f"{type(self).__name__} must say where its candidates come from")

    def features(self, entities: Any, pairs: pd.DataFrame) -> pd.DataFrame:
        """Numeric features, one row per pair, in the ranker's training columns."""
        raise NotImplementedError(f"{type(self).__name__} must build features for its pairs")

    def rules(self, entities: Any, pairs: pd.DataFrame) -> RuleOutcome:
        """Hard rules: every pair passes unless a sector says otherwise."""
        n = len(pairs)
        return RuleOutcome(np.ones(n, bool), [[] for _ in range(n)], [[] for _ in range(n)])

    def extras(self, entities: Any, pairs: pd.DataFrame) -> pd.DataFrame | None:
        """Sector columns to add to the ranked list (aligned with ``pairs``), or None."""
        return None

    def reason_text(self, feature: str, value: Any, lang: str) -> str | None:
        """One feature and its value in words; None leaves it out of the reasons."""
        ko, en = self.words.get(feature, (feature, feature))
        shown = f"{value:.3g}" if isinstance(value, (float, np.floating)) else str(value)
        return f"{ko if lang == 'ko' else en} ({shown})"


def explain(
    ranker: LambdaRanker, X: pd.DataFrame, plugins: Plugins, *, top: int = 3, min_contribution: float = 1e-6
) -> tuple[list[list[str]], list[list[str]]]:
    """For each row, the features that pushed its score up most, in Korean and in English."""
    if len(X) == 0:  # nothing to explain (LightGBM refuses an empty table)
        return [], []
    contrib = ranker.contributions(X).to_numpy()
    values = X[ranker.features_]
    names = list(ranker.features_)
    ko: list[list[str]] = []
    en: list[list[str]] = []
    for i in range(len(contrib)):
        order = np.argsort(-contrib[i], kind="stable")
        row_ko: list[str] = []
        row_en: list[str] = []
        for j in order:
            if contrib[i, j] <= min_contribution or len(row_en) >= top:
                break
            value = values.iat[i, j]
            text_ko = plugins.reason_text(names[j], value, "ko")
            text_en = plugins.reason_text(names[j], value, "en")
            if text_ko is None or text_en is None:
                continue
            row_ko.append(text_ko)
            row_en.append(text_en)
        ko.append(row_ko)
        en.append(row_en)
    return ko, en


def recommend(
    plugins: Plugins, ranker: LambdaRanker, entities: Any, *, k: int = 10, top_reasons: int = 3
) -> pd.DataFrame:
    """Top-``k`` items per entity as a ranked list: candidates, then hard rules, then the ranker and reasons."""
    pairs = plugins.candidates(entities).reset_index(drop=True)
    missing = [c for c in ("entity_id", "item_id") if c not in pairs.columns]
    if missing:
        raise DataError("candidate pairs lack a column", column=missing[0], expected="entity_id, item_id")
    outcome = plugins.rules(entities, pairs)
    keep = np.asarray(outcome.passed, bool)
    pairs = pairs[keep].reset_index(drop=True)
    rule_ko = [r for r, ok in zip(outcome.reasons_ko, keep, strict=True) if ok]
    rule_en = [r for r, ok in zip(outcome.reasons_en, keep, strict=True) if ok]
    X = plugins.features(entities, pairs)
    if len(X) != len(pairs):
        raise DataError(f"{len(X)} feature rows for {len(pairs)} pairs", expected="one row per pair")
    scores = ranker.predict(X) if len(pairs) else np.zeros(0)
    # reasons only for what is shown: rank first, explain the top k
    order = ranked_list(
        pairs["entity_id"], pairs["item_id"], scores, extras={"_row": np.arange(len(pairs))}, k=k
    )
    rows = order["_row"].to_numpy()
    feat_ko, feat_en = explain(ranker, X.iloc[rows].reset_index(drop=True), plugins, top=top_reasons)
    extras = plugins.extras(entities, pairs)
    extra_cols = None if extras is None else extras.reset_index(drop=True).iloc[rows].reset_index(drop=True)
    return ranked_list(
        order["entity_id"],
        order["item_id"],
        order["score"],
        reasons_ko=[rule_ko[r] + f for r, f in zip(rows, feat_ko, strict=True)],
        reasons_en=[rule_en[r] + f for r, f in zip(rows, feat_en, strict=True)],
        extras=extra_cols,
    )
