"""Proactive matching: which services a household qualifies for, ranked, with the catalogue's reasons.

:class:`WelfareMatcher` serves through the shared recommendation pipeline
(:mod:`shared.recsys.pipeline`) with welfare's plug-ins (:class:`~sectors.welfare.plugins.WelfarePlugins`):
candidates are the services of the catalogue, the hard rules are the eligibility engine
(eligible or needs review pass), features come from :mod:`sectors.welfare.ranking` and the ranker is
the suite's LambdaRank configuration with welfare's overrides (:data:`WELFARE_RANKER`).
:meth:`WelfareMatcher.match` returns the suite's ranked list (:mod:`shared.schema`);
:meth:`WelfareMatcher.assess` the eligibility of every service, ranked or not.

Example:
    >>> from sectors.welfare.demo import demo_model
    >>> household = {"region": "서울특별시 관악구", "income_recognized_krw": 1_500_000,
    ...              "members": [{"age": 70, "disability": "none"}], "receives": []}
    >>> table = demo_model().match(household, year=2025)
    >>> list(table.columns[:7])
    ['entity_id', 'item_id', 'rank', 'score', 'reasons_ko', 'reasons_en', 'service']
    >>> "기초연금" in set(table.loc[table["eligible"] == True, "service"])   # noqa: E712
    True
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from sectors.welfare.conditions import Condition
from sectors.welfare.eligibility import EligibilityEngine, facts_from_population
from sectors.welfare.plugins import WelfarePlugins
from sectors.welfare.population import Population
from sectors.welfare.ranking import (
    FEATURES,
    household_features,
    out_of_fold_popularity,
    pair_matrix,
    popularity_of,
    service_features,
    training_pairs,
)
from sectors.welfare.services import ServiceCatalogue
from sectors.welfare.takeup import TakeupModel, simulate_receipt
from shared.estimator import Estimator
from shared.recsys.pipeline import make_ranker, recommend
from shared.rules import Facts
from shared.store import dataset_fingerprint, register

#: Welfare's overrides of the suite's ranker configuration (:data:`shared.recsys.pipeline.RANKER_DEFAULTS`):
#: larger leaves (households of one kind are many) and NDCG@5 for early stopping (a caseworker reads five).
WELFARE_RANKER: dict[str, Any] = {"min_child_samples": 40, "eval_at": 5}


@register
class WelfareMatcher(Estimator):
    """A catalogue with extracted conditions, the eligibility rules, and a LambdaRank ranker on top.

    Parameters: the ``catalogue``; the ranker's ``n_estimators`` (at most: early stopping on ``valid``),
    its ``seed`` (also the take-up simulation's when ``fit`` simulates receipt) and further
    ``ranker_params`` (overrides of :func:`shared.recsys.pipeline.make_ranker`). Fitted:
    ``popularity_`` (take-up share per service among eligible training households) and ``ranker_``.
    """

    intended_use = (
        "Finding the welfare services (Bokjiro catalogue) a household is likely eligible for and ranking "
        "them, so caseworkers can reach people in the blind spot proactively."
    )
    limitations = (
        "Eligibility conditions are extracted from service texts by rules (precision 0.89 on a 20-service"
        " held-out sample; some need review), and the ranker learnt simulated take-up of synthetic "
        "households, not real receipt. It suggests, never decides: eligibility must be confirmed against "
        "each service's official criteria."
    )

    store_kind = "sectors.welfare.WelfareMatcher"
    store_version = 2

    def __init__(
        self,
        catalogue: ServiceCatalogue,
        *,
        n_estimators: int = 300,
        seed: int | None = None,
        ranker_params: Mapping[str, Any] | None = None,
    ) -> None:
        self.catalogue = catalogue
        self.n_estimators = n_estimators
        self.seed = seed
        self.ranker_params = ranker_params

    # ----------------------------------------------------------------- caches (not saved)
    def _cache(self, name: str) -> dict:
        return self.__dict__.setdefault(name, {})

    def set_params(self, **params: Any) -> WelfareMatcher:
        """Set parameters (scikit-learn convention); the per-year caches are dropped with them."""
        for name in ("_engines", "_features"):
            self.__dict__.pop(name, None)
        return super().set_params(**params)

    def engine(self, year: int) -> EligibilityEngine:
        """The eligibility engine for ``year`` (built once per year)."""
        engines = self._cache("_engines")
        if year not in engines:
            engines[year] = EligibilityEngine(self.catalogue, year)
        return engines[year]

    def service_table(self, year: int) -> pd.DataFrame:
        """Service features for ``year`` with the fitted popularity (none before ``fit``)."""
        tables = self._cache("_features")
        if year not in tables:
            tables[year] = service_features(self.catalogue, year, getattr(self, "popularity_", None))
        return tables[year]

    def conditions(self, service_id: str) -> list[Condition]:
        """The extracted conditions of a service."""
        return self.catalogue.conditions.get(service_id, [])

    def plugins(
        self, households: Mapping[str, Mapping[str, Any]], year: int, *, lang: str = "ko"
    ) -> WelfarePlugins:
        """Welfare's pipeline plug-ins for ``households`` (id -> household dict) in ``year``."""
        return WelfarePlugins(self.engine(year), self.service_table(year), households, lang=lang)

    # ----------------------------------------------------------------- fit
    def fit(
        self,
        population: Population,
        *,
        received: np.ndarray | None = None,
        valid: Population | None = None,
        takeup: TakeupModel | None = None,
    ) -> WelfareMatcher:
        """Train the ranker on a population whose receipt is given or simulated (see :mod:`sectors.welfare.ranking`)."""
        for stale in ("popularity_", "ranker_", "training_data_"):
            self.__dict__.pop(stale, None)
        self._cache("_features").clear()
        year = population.year
        takeup = takeup or TakeupModel(seed=self.seed)
        facts = facts_from_population(population)
        codes = self.engine(year).evaluate(facts)
        if received is None:
            received = simulate_receipt(population, codes, self.catalogue, self.service_table(year), takeup)
        popularity = popularity_of(codes, received, self.catalogue.ids)
        self.popularity_ = popularity
        self._cache("_features").clear()
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
        settings = {**WELFARE_RANKER, "n_estimators": self.n_estimators, **(self.ranker_params or {})}
        self.ranker_ = make_ranker(settings, seed=self.seed).fit(X, y, rows, eval_set=eval_set)
        self.training_data_ = dataset_fingerprint(  # the catalogue's dataset: the card finds its licence
            "welfare/bokjiro",
            X,
            y,
            note=f"{len(population):,} synthetic households ({year}, sectors.welfare.population) with "
            f"simulated receipt; catalogue {self.catalogue.origin} ({len(self.catalogue)} services)",
        )
        return self

    # ----------------------------------------------------------------- serve
    def score_pairs(
        self,
        facts: Facts,
        codes: np.ndarray,
        year: int,
        rows: np.ndarray,
        cols: np.ndarray,
        *,
        num_threads: int | None = None,
    ) -> np.ndarray:
        """Ranker scores of (household row, service column) pairs of ``facts`` (the batch path).

        ``num_threads``: LightGBM threads (default: the ranker's choice by table size).
        """
        if len(rows) == 0:
            return np.zeros(0)
        self._check_fitted()
        X = pair_matrix(household_features(facts, year, codes), self.service_table(year), rows, cols)
        ranker = self.ranker_
        if list(ranker.features_) != FEATURES:  # a ranker trained on other columns: go through its checks
            return ranker.predict(pd.DataFrame(X, columns=FEATURES))
        # the float32 matrix straight to LightGBM (no per-chunk DataFrame), row-major: LightGBM walks
        # its trees row by row and reads a row-major table faster than the feature-major one built
        return ranker.booster_.predict(
            np.ascontiguousarray(X),
            num_iteration=ranker.best_iteration_,
            num_threads=num_threads if num_threads is not None else ranker._threads(len(X)),
        )

    def recommend(
        self,
        households: Mapping[str, Mapping[str, Any]],
        year: int = 2025,
        *,
        k: int | None = None,
        lang: str = "ko",
    ) -> pd.DataFrame:
        """Ranked list (:mod:`shared.schema`) of the services each household is eligible for or must have reviewed.

        ``households`` maps a household id (``entity_id``) to a household dict. Columns after the
        schema's: service, eligible (True, or None = needs review), value_krw_year, received,
        unknown_conditions, why (quoted source sentences), conditions, rule and threshold (see
        :class:`~sectors.welfare.plugins.WelfarePlugins`). ``k`` keeps the top k per household.
        """
        self._check_fitted()
        plugins = self.plugins(households, year, lang=lang)
        return recommend(plugins, self.ranker_, plugins.ids, k=k or len(self.catalogue))

    def match(
        self,
        household: Mapping[str, Any],
        year: int = 2025,
        *,
        lang: str = "ko",
        k: int | None = None,
        household_id: str = "household",
    ) -> pd.DataFrame:
        """The ranked list for one household (``entity_id`` = ``household_id``); see :meth:`recommend`."""
        return self.recommend({household_id: household}, year, k=k, lang=lang)

    def assess(self, household: Mapping[str, Any], year: int = 2025, *, lang: str = "ko") -> pd.DataFrame:
        """Eligibility of every service for one household, in catalogue order, with no ranking (needs no fit).

        Columns: service_id, then the extras of :meth:`recommend` (eligible is True, False or None).
        """
        plugins = self.plugins({"household": household}, year, lang=lang)
        records = [plugins.service_row(0, j) for j in range(len(self.catalogue))]
        table = pd.DataFrame.from_records(records)
        table.insert(0, "service_id", self.catalogue.ids)
        table["eligible"] = table["eligible"].astype(object)
        return table

    @classmethod
    def _conformance_case(cls) -> Any:
        """A tiny worked example for :mod:`shared.estimator_checks` (a six-service toy catalogue)."""
        from sectors.welfare.demo import toy_catalogue
        from sectors.welfare.households import SAMPLE_HOUSEHOLDS
        from sectors.welfare.population import generate_population
        from shared.estimator_checks import ConformanceCase

        catalogue = toy_catalogue()
        train = generate_population(400, seed=3)
        households = {k: SAMPLE_HOUSEHOLDS[k]["household"] for k in list(SAMPLE_HOUSEHOLDS)[:3]}
        return ConformanceCase(
            make=lambda: cls(catalogue, n_estimators=10, seed=0),
            fit=lambda m: m.fit(train),
            predict=lambda m: m.recommend(households, 2025, k=3),
            schema="ranked",
            bad_input=lambda m: m.match({"region": "서울특별시 관악구", "members": []}),
        )


def match(
    household: Mapping[str, Any],
    year: int = 2025,
    *,
    matcher: WelfareMatcher | None = None,
    lang: str = "ko",
    k: int | None = None,
) -> pd.DataFrame:
    """The ranked services for ``household`` in ``year`` (default matcher: :func:`sectors.welfare.demo.demo_model`).

    Columns: entity_id, item_id (service id), rank, score, reasons_ko, reasons_en, then service,
    eligible (True; None = needs review), value_krw_year, received, unknown_conditions, why,
    conditions, rule, threshold. Services the household is plainly not eligible for are left out
    (:meth:`WelfareMatcher.assess` lists every service).

    ``household`` is a plain dict (documented in the README): region, income_recognized_krw (monthly
    소득인정액), members (age in years or age_months, disability "none"/"mild"/"severe"/"unknown", optional
    pregnant, employed, in_school and relation), receives (service ids or names), and optionally recipient,
    household_type, married, recent_birth, single_parent, crisis, obligor_ok and situations. Facts not
    stated give "needs review" where a rule needs them, never "not eligible".
    """
    if matcher is None:
        from sectors.welfare.demo import demo_model

        matcher = demo_model()
    return matcher.match(household, year, lang=lang, k=k)
