"""Proactive matching: which services a household qualifies for, ranked, with the catalogue's reasons.

Example:
    >>> household = {"region": "서울특별시 관악구", "income_recognized_krw": 1_500_000,
    ...              "members": [{"age": 70, "disability": "none"}], "receives": []}
    >>> table = match(household, year=2025)
    >>> list(table.columns[:5])
    ['service_id', 'service', 'eligible', 'why', 'score']
    >>> "기초연금" in set(table.loc[table["eligible"] == True, "service"])   # noqa: E712
    True
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sectors.welfare.conditions import Condition
from sectors.welfare.eligibility import (
    EligibilityEngine,
    facts_from_household,
    facts_from_population,
    validate_household,
)
from sectors.welfare.population import Population, generate_population
from sectors.welfare.ranking import (
    FEATURE_LABELS_EN,
    FEATURE_LABELS_KO,
    fit_ranker,
    household_features,
    out_of_fold_popularity,
    pair_features,
    popularity_of,
    service_features,
    training_pairs,
)
from sectors.welfare.rules.programmes import CheckResult, programme_for
from sectors.welfare.services import ServiceCatalogue, catalogue_for
from sectors.welfare.takeup import TakeupModel, simulate_receipt
from shared.recsys import LambdaRanker
from shared.rules import FALSE, TRUE, UNKNOWN, Facts, from_code
from shared.store import ModelState, register

STATUS_WORDS = {
    "ko": {int(TRUE): "충족", int(FALSE): "미충족", int(UNKNOWN): "검토 필요"},
    "en": {int(TRUE): "met", int(FALSE): "not met", int(UNKNOWN): "needs review"},
}


def _quote(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return f"«{text if len(text) <= limit else text[: limit - 1] + '…'}»"


@register
class WelfareMatcher:
    """A catalogue with extracted conditions, the eligibility rules, and a LambdaRank ranker on top."""

    store_kind = "sectors.welfare.WelfareMatcher"
    store_version = 1

    def __init__(
        self,
        catalogue: ServiceCatalogue,
        ranker: LambdaRanker | None = None,
        popularity: Mapping[str, float] | None = None,
        year: int = 2025,
    ) -> None:
        self.catalogue = catalogue
        self.ranker = ranker
        self.popularity = dict(popularity or {})
        self.year = int(year)
        self._engines: dict[int, EligibilityEngine] = {}
        self._features: dict[int, pd.DataFrame] = {}
        self.metrics: dict[str, float] = {}

    def engine(self, year: int) -> EligibilityEngine:
        """The eligibility engine for ``year`` (built once per year)."""
        if year not in self._engines:
            self._engines[year] = EligibilityEngine(self.catalogue, year)
        return self._engines[year]

    def service_table(self, year: int) -> pd.DataFrame:
        """Service features for ``year`` with the current popularity."""
        if year not in self._features:
            self._features[year] = service_features(self.catalogue, year, self.popularity)
        return self._features[year]

    def fit(
        self,
        population: Population,
        *,
        received: np.ndarray | None = None,
        valid: Population | None = None,
        takeup: TakeupModel | None = None,
        seed: int | None = None,
        **ranker_params: Any,
    ) -> WelfareMatcher:
        """Train the ranker on a population whose receipt is given or simulated (see :mod:`sectors.welfare.ranking`)."""
        year = population.year
        takeup = takeup or TakeupModel(seed=seed)
        facts = facts_from_population(population)
        codes = self.engine(year).evaluate(facts)
        if received is None:
            received = simulate_receipt(population, codes, self.catalogue, self.service_table(year), takeup)
        self.popularity = popularity_of(codes, received, self.catalogue.ids)
        self._features.clear()
        svc = self.service_table(year)
        X, y, rows, cols = training_pairs(household_features(facts, year, codes), svc, codes, received)
        X["popularity"] = out_of_fold_popularity(codes, received, rows, cols, self.catalogue.ids)
        eval_set = None
        if valid is not None:
            vf = facts_from_population(valid)
            vcodes = self.engine(year).evaluate(vf)
            vrec = simulate_receipt(
                valid, vcodes, self.catalogue, self.service_table(year), takeup, offset=len(population)
            )
            Xv, yv, vrows, _ = training_pairs(household_features(vf, year, vcodes), svc, vcodes, vrec)
            eval_set = (Xv, yv, vrows)
        self.ranker = fit_ranker((X, y, rows), eval_set, seed=seed, **ranker_params)
        self.year = year
        return self

    def score_pairs(
        self, facts: Facts, codes: np.ndarray, year: int, rows: np.ndarray, cols: np.ndarray
    ) -> np.ndarray:
        """Ranker scores of (household, service) pairs; NaN when no ranker is fitted."""
        if self.ranker is None or len(rows) == 0:
            return np.full(len(rows), np.nan)
        X = pair_features(household_features(facts, year, codes), self.service_table(year), rows, cols)
        return self.ranker.predict(X)

    def conditions(self, service_id: str) -> list[Condition]:
        """The extracted conditions of a service."""
        return self.catalogue.conditions.get(service_id, [])

    def match(
        self, household: Mapping[str, Any], year: int = 2025, *, lang: str = "ko", reasons: bool = True
    ) -> pd.DataFrame:
        """Every service with eligibility (True, False, None = needs review), why (quoted), and a score.

        Rows: eligible services by descending score, then "needs review" by score, then the rest.
        Extra columns: ``conditions`` (kind, reading, status, source of each condition), ``value_krw_year``,
        ``received`` (the household says it already receives it), ``reasons`` (the ranker's top features),
        ``rule`` (the national programme that decided it, with its legal basis; None when the catalogue's
        extracted reading did) and ``threshold`` (for a national programme: each line that applied beside
        the household's own figure, "소득인정액 900,000원 ≤ 기준 1,148,166원 (1인 가구, 중위 48%)").
        """
        clean = validate_household(household)
        facts = facts_from_household(household)
        engine = self.engine(year)
        codes = engine.evaluate(facts)
        n_services = codes.shape[1]
        cols = np.flatnonzero(codes[0] != FALSE)
        scores = np.full(n_services, np.nan)
        rank_reasons: dict[int, list[str]] = {}
        if len(cols):
            rows = np.zeros(len(cols), dtype=int)
            scores[cols] = self.score_pairs(facts, codes, year, rows, cols)
            if reasons and self.ranker is not None:
                X = pair_features(
                    household_features(facts, year, codes), self.service_table(year), rows, cols
                )
                labels = FEATURE_LABELS_KO if lang == "ko" else FEATURE_LABELS_EN
                for c, words in zip(cols, self.ranker.reasons(X, labels=labels), strict=True):
                    rank_reasons[int(c)] = words
        services = self.catalogue.services
        receives = set(clean["receives"])
        words = STATUS_WORDS["ko" if lang == "ko" else "en"]
        records = []
        for j, sid in enumerate(self.catalogue.ids):
            explained = engine.explain(facts, j)
            code = int(codes[0, j])
            if code == int(TRUE):
                shown = [(c, k) for c, k in explained if k == int(TRUE)]
            elif code == int(UNKNOWN):
                shown = [(c, k) for c, k in explained if k != int(FALSE)]
            else:
                shown = [(c, k) for c, k in explained if k == int(FALSE)]
            why = "; ".join(f"{words[k]}: {c.describe(lang)} {_quote(c.source)}" for c, k in shown)
            if not explained:
                why = "조건을 찾지 못함(검토 필요)" if lang == "ko" else "no condition found (needs review)"
            prog = programme_for(sid, year)
            readings = [c.describe(lang) for c, _ in explained if isinstance(c, CheckResult)]
            threshold = "; ".join(readings) if readings else None
            records.append(
                {
                    "service_id": sid,
                    "service": services["service"].iat[j],
                    "eligible": from_code(code),
                    "why": why,
                    "score": float(scores[j]),
                    "conditions": [
                        {
                            "kind": c.kind,
                            "reading": c.describe(lang),
                            "status": from_code(k),
                            "source": c.source,
                            "field": c.field,
                        }
                        for c, k in explained
                    ],
                    "value_krw_year": float(services["benefit_krw_year"].iat[j]),
                    "received": sid in receives or str(services["service"].iat[j]) in receives,
                    "reasons": rank_reasons.get(j, []),
                    "rule": None
                    if prog is None
                    else f"{prog.name_ko if lang == 'ko' else prog.name_en} ({prog.source})",
                    "threshold": threshold,
                    "_code": code,
                }
            )
        table = pd.DataFrame.from_records(records)
        table["eligible"] = table["eligible"].astype(object)
        order = np.lexsort((-table["score"].fillna(-1e18).to_numpy(), -table["_code"].to_numpy()))
        return table.iloc[order].drop(columns="_code").reset_index(drop=True)

    def to_state(self) -> ModelState:
        state = self.ranker.to_state() if self.ranker is not None else ModelState()
        return ModelState(
            params={
                "year": self.year,
                "catalogue": self.catalogue.to_json(),
                "popularity": self.popularity,
                "ranker": state.params if self.ranker is not None else None,
            },
            boosters=state.boosters,
            metrics=self.metrics,
            training_data=f"synthetic households, catalogue {self.catalogue.origin}",
        )

    @classmethod
    def from_state(cls, state: ModelState) -> WelfareMatcher:
        p = state.params
        ranker = None
        if p.get("ranker") is not None:
            ranker = LambdaRanker.from_state(ModelState(params=p["ranker"], boosters=state.boosters))
        model = cls(
            ServiceCatalogue.from_json(p["catalogue"]), ranker, p.get("popularity"), p.get("year", 2025)
        )
        model.metrics = dict(state.metrics)
        return model


def train_default(
    catalogue: ServiceCatalogue | None = None,
    *,
    data_dir: str | Path | None = None,
    households: int = 3_000,
    year: int = 2025,
    seed: int | None = None,
) -> WelfareMatcher:
    """A matcher on ``catalogue`` (default: the catalogue found via ``data_dir``) trained on a small synthetic population."""
    catalogue = catalogue or catalogue_for(None if data_dir is None else str(data_dir))
    train = generate_population(households, seed=seed, year=year)
    valid = generate_population(max(households // 4, 500), seed=None if seed is None else seed + 1, year=year)
    return WelfareMatcher(catalogue, year=year).fit(train, valid=valid, seed=seed, n_estimators=100)


@lru_cache(maxsize=2)
def default_matcher(data_dir: str | None = None) -> WelfareMatcher:
    """The process-wide matcher used by :func:`match` (built on first use: seconds on a CPU)."""
    return train_default(data_dir=data_dir)


def match(
    household: Mapping[str, Any], year: int = 2025, *, matcher: WelfareMatcher | None = None, lang: str = "ko"
) -> pd.DataFrame:
    """Services for ``household`` in ``year``: columns service_id, service, eligible, why, score (and more).

    ``household`` is a plain dict (documented in the README): region, income_recognized_krw (monthly
    소득인정액), members (age in years or age_months, disability "none"/"mild"/"severe"/"unknown", optional
    pregnant, employed, in_school and relation), receives (service ids or names), and optionally recipient,
    household_type, married, recent_birth, single_parent, crisis, obligor_ok and situations. Facts not
    stated give "needs review" where a rule needs them, never "not eligible".
    """
    return (matcher or default_matcher()).match(household, year, lang=lang)
