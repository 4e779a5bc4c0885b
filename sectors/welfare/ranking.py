"""Ranking the services a household qualifies for, by expected benefit and need (LambdaRank).

Training labels, stated plainly: there is no public record of who receives what, so the label of
an eligible (household, service) pair is its *simulated receipt* (:mod:`sectors.welfare.takeup`),
which grows with the benefit's value, the household's need and the service's targeting. A ranker
that scores well here has recovered that simulated mechanism; it says nothing yet about real
households. Features never include receipt itself, the hidden awareness or region effects.

The ranker itself is the suite's LambdaRank configuration with welfare's overrides
(:data:`sectors.welfare.matcher.WELFARE_RANKER`, through :func:`shared.recsys.pipeline.make_ranker`).

Baselines on the same candidates: rank by benefit value only, by popularity (the share of eligible
training households that receive the service), and at random.

Example:
    >>> from sectors.welfare.services import catalogue_for
    >>> feats = service_features(catalogue_for(), 2025)
    >>> {"log_value", "means_tested", "specificity"} <= set(feats.columns)
    True
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from sectors.welfare.eligibility import plan_service
from sectors.welfare.rules.parameters import KR_WELFARE, MEDIAN_INCOME
from sectors.welfare.services import ServiceCatalogue
from shared.recsys import evaluate_rankings
from shared.rules import TRUE, Facts
from shared.rules.logic import group_starts

SERVICE_FEATURES = [
    "log_value",
    "value_imputed",
    "cash",
    "monthly",
    "category_code",
    "is_local",
    "means_tested",
    "median_pct",
    "specificity",
    "min_age",
    "max_age",
    "targets_disability",
    "targets_children",
    "targets_elderly",
    "popularity",
]
HOUSEHOLD_FEATURES = [
    "size",
    "income_ratio",
    "n_children",
    "eldest_age",
    "max_disability",
    "single_parent",
    "recipient_any",
    "n_eligible",
]
PAIR_FEATURES = ["income_margin", "disability_match", "child_match", "elderly_match"]
FEATURES = SERVICE_FEATURES + HOUSEHOLD_FEATURES + PAIR_FEATURES

FEATURE_LABELS_KO = {
    "log_value": "급여액",
    "cash": "현금 지급",
    "monthly": "매월 지급",
    "means_tested": "소득 기준 사업",
    "median_pct": "소득 기준선",
    "specificity": "맞춤 대상 조건 수",
    "popularity": "비슷한 가구의 이용률",
    "income_ratio": "가구 소득 수준",
    "income_margin": "소득 기준선까지 여유",
    "disability_match": "장애 가구 대상",
    "child_match": "아동 가구 대상",
    "elderly_match": "노인 가구 대상",
    "targets_elderly": "노인 대상 사업",
    "targets_children": "아동 대상 사업",
    "targets_disability": "장애인 대상 사업",
    "value_imputed": "급여액 미상",
    "category_code": "사업 분야",
    "is_local": "지자체 사업",
    "min_age": "대상 최저 연령",
    "max_age": "대상 최고 연령",
    "size": "가구원 수",
    "n_children": "아동 수",
    "eldest_age": "가구 최고령자 나이",
    "max_disability": "장애 정도",
    "single_parent": "한부모 가구",
    "recipient_any": "수급 자격 보유",
    "n_eligible": "받을 수 있는 서비스 수",
}
FEATURE_LABELS_EN = {
    "log_value": "benefit value",
    "cash": "paid in cash",
    "monthly": "paid monthly",
    "means_tested": "means-tested",
    "median_pct": "income line",
    "specificity": "targeted conditions",
    "popularity": "take-up among similar households",
    "income_ratio": "household income level",
    "income_margin": "room under the income line",
    "disability_match": "for households with a disabled member",
    "child_match": "for households with children",
    "elderly_match": "for older households",
    "targets_elderly": "for older people",
    "targets_children": "for children",
    "targets_disability": "for disabled people",
    "value_imputed": "value not stated",
    "category_code": "service category",
    "is_local": "local-government service",
    "min_age": "minimum age",
    "max_age": "maximum age",
    "size": "household size",
    "n_children": "children",
    "eldest_age": "age of the eldest member",
    "max_disability": "disability level",
    "single_parent": "single-parent household",
    "recipient_any": "holds a recipient status",
    "n_eligible": "services qualified for",
}


def service_features(
    catalogue: ServiceCatalogue, year: int, popularity: Mapping[str, float] | None = None
) -> pd.DataFrame:
    """One row of ranking features per service (in catalogue order)."""
    s = catalogue.services
    cats = sorted(s["category"].astype(str).unique())
    rows = []
    for sid in catalogue.ids:
        conds = catalogue.conditions.get(sid, [])
        plan = plan_service(conds, year)
        ages_lo = [
            c.get("lo") / (12 if c.get("lo_unit") == "months" else 1)
            for c in conds
            if c.kind == "age" and c.get("lo") is not None
        ]
        ages_hi = [
            c.get("hi") / (12 if c.get("hi_unit") == "months" else 1)
            for c in conds
            if c.kind == "age" and c.get("hi") is not None
        ]
        pcts = [c.get("pct") for c in conds if c.kind == "income" and c.get("type") == "median"]
        has_age_lo = bool(ages_lo) and len(ages_lo) == sum(c.kind == "age" for c in conds)
        has_age_hi = bool(ages_hi) and len(ages_hi) == sum(c.kind == "age" for c in conds)
        rows.append(
            {
                "is_local": float(any(c.kind == "region" for c in conds)),
                "means_tested": float(any(c.kind in ("income", "recipient") for c in conds)),
                "median_pct": max(pcts) if pcts else np.nan,
                "specificity": float(len(plan.person) + len(plan.household)),
                "min_age": min(ages_lo) if has_age_lo else np.nan,
                "max_age": max(ages_hi) if has_age_hi else np.nan,
                "targets_disability": float(any(c.kind == "disability" for c in conds)),
            }
        )
    out = pd.DataFrame(rows)
    out.insert(0, "log_value", np.log10(s["value"].to_numpy(dtype=float).clip(1_000)))
    out.insert(1, "value_imputed", s["value_imputed"].to_numpy(dtype=float))
    out.insert(2, "cash", s["cash"].to_numpy(dtype=float))
    out.insert(3, "monthly", (s["frequency"].fillna("") == "월").to_numpy(dtype=float))
    out.insert(
        4,
        "category_code",
        s["category"].astype(str).map({c: i for i, c in enumerate(cats)}).to_numpy(dtype=float),
    )
    out["targets_children"] = (out["max_age"] <= 18).astype(float)
    out["targets_elderly"] = (out["min_age"] >= 60).astype(float)
    pop = popularity or {}
    out["popularity"] = [float(pop.get(sid, np.nan)) for sid in catalogue.ids]
    out.index = catalogue.ids
    return out[SERVICE_FEATURES]


def household_features(facts: Facts, year: int, codes: np.ndarray) -> pd.DataFrame:
    """One row of ranking features per household of ``facts``."""
    rows = facts.rows
    n = len(facts)
    size = rows["size"]
    median = KR_WELFARE.get(MEDIAN_INCOME).values_for(year, size)
    members = facts.members
    starts = group_starts(facts.member_row, n)
    has_members = np.diff(np.append(starts, len(facts.member_row))) > 0
    eldest = np.full(n, np.nan)
    disab = np.zeros(n)
    if len(facts.member_row):
        idx = starts[has_members]
        eldest[has_members] = np.maximum.reduceat(members["age"], idx)
        disab[has_members] = np.maximum.reduceat(np.nan_to_num(members["disability_level"]), idx)
    rcp = np.zeros(n)
    for k, v in rows.items():
        if k.startswith("rcp_"):
            rcp = np.maximum(rcp, np.nan_to_num(v))
    return pd.DataFrame(
        {
            "size": size,
            "income_ratio": rows["income"] / median,
            "n_children": rows["n_children"],
            "eldest_age": eldest,
            "max_disability": disab,
            "single_parent": rows["single_parent"],
            "recipient_any": rcp,
            "n_eligible": (codes == TRUE).sum(axis=1).astype(float),
        }
    )


def pair_matrix(hh: pd.DataFrame, svc: pd.DataFrame, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Features of (household row, service column) pairs: a (pairs x features) float32 array, :data:`FEATURES` order.

    The batch path feeds this straight to LightGBM (no DataFrame per chunk); :func:`pair_features`
    wraps it in a frame. Built feature by feature with numpy gathers: no Python per pair.
    """
    rows = np.asarray(rows, dtype=np.intp)
    cols = np.asarray(cols, dtype=np.intp)
    s = {name: svc[name].to_numpy(dtype=np.float64) for name in SERVICE_FEATURES}
    h = {name: hh[name].to_numpy(dtype=np.float64) for name in HOUSEHOLD_FEATURES}
    # feature-major (one contiguous column per feature, handed over as a Fortran-ordered view):
    # a 1-D gather per feature is about three times faster than gathering rows of a row-major table
    out = np.empty((len(FEATURES), len(rows)), dtype=np.float32)
    for j, name in enumerate(SERVICE_FEATURES):
        np.take(s[name].astype(np.float32), cols, out=out[j])
    base = len(SERVICE_FEATURES)
    for j, name in enumerate(HOUSEHOLD_FEATURES):
        np.take(h[name].astype(np.float32), rows, out=out[base + j])
    base += len(HOUSEHOLD_FEATURES)
    # pair features in float64 (as the frame version computed them), then stored as float32
    out[base] = s["median_pct"][cols] / 100 - h["income_ratio"][rows]
    out[base + 1] = s["targets_disability"][cols] * (h["max_disability"] > 0)[rows]
    out[base + 2] = s["targets_children"][cols] * (h["n_children"] > 0)[rows]
    out[base + 3] = s["targets_elderly"][cols] * (h["eldest_age"] >= 65)[rows]
    return out.T


def pair_features(hh: pd.DataFrame, svc: pd.DataFrame, rows: np.ndarray, cols: np.ndarray) -> pd.DataFrame:
    """Features of (household row, service column) pairs (a frame of :func:`pair_matrix`)."""
    return pd.DataFrame(pair_matrix(hh, svc, rows, cols), columns=FEATURES)


def out_of_fold_popularity(
    codes: np.ndarray, received: np.ndarray, rows: np.ndarray, cols: np.ndarray, ids: list[str]
) -> np.ndarray:
    """Popularity of each training pair measured on the *other* half of the households (even / odd rows).

    Popularity measured on the same households would leak each pair's own label into its feature
    (and leave-one-out encoding leaks it inversely), so the ranker would learn the leak.

    Welfare-specific on purpose: this is a *feature* of the welfare ranker (the take-up share among
    eligible households, :func:`popularity_of`), computed out of fold because welfare trains on the
    same households it measures take-up on. It is not a candidate source; the suite's one popularity
    recommender stays :class:`shared.recsys.candidates.Popularity`.
    """
    even = np.arange(codes.shape[0]) % 2 == 0
    halves = []
    for part in (even, ~even):
        pop = popularity_of(codes[part], received[part], ids)
        halves.append(np.array([pop.get(sid, np.nan) for sid in ids]))
    return np.where(even[rows], halves[1][cols], halves[0][cols]).astype(np.float32)


def popularity_of(
    codes: np.ndarray, received: np.ndarray, ids: list[str], min_eligible: int = 5
) -> dict[str, float]:
    """Share of eligible households that receive each service (services with few eligible: left out).

    A welfare ranking feature (see :func:`out_of_fold_popularity`), not a second Popularity recommender.
    """
    eligible = (codes == TRUE).sum(axis=0)
    got = (received & (codes == TRUE)).sum(axis=0)
    return {sid: float(got[j] / eligible[j]) for j, sid in enumerate(ids) if eligible[j] >= min_eligible}


def training_pairs(
    hh: pd.DataFrame, svc: pd.DataFrame, codes: np.ndarray, received: np.ndarray
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, np.ndarray]:
    """(X, y, groups, cols) for eligible pairs of households with at least one receipt and two candidates."""
    elig = codes == TRUE
    keep = (elig.sum(axis=1) >= 2) & ((received & elig).sum(axis=1) >= 1)
    rows, cols = np.nonzero(elig & keep[:, None])
    X = pair_features(hh, svc, rows, cols)
    y = received[rows, cols].astype(int)
    return X, y, rows, cols


def rank_lists(
    rows: np.ndarray, cols: np.ndarray, scores: np.ndarray, ids: list[str], tiebreak: np.ndarray | None = None
) -> dict[int, list[str]]:
    """Per household row, its candidate service ids by descending score."""
    order = np.lexsort(
        (tiebreak if tiebreak is not None else np.zeros(len(scores)), -np.nan_to_num(scores, nan=-1e18), rows)
    )
    out: dict[int, list[str]] = {}
    for r, c in zip(rows[order], cols[order], strict=True):
        out.setdefault(int(r), []).append(ids[c])
    return out


def ranking_metrics(
    lists: Mapping[int, list[str]],
    rows: np.ndarray,
    cols: np.ndarray,
    relevant: np.ndarray,
    ids: list[str],
    k: int = 5,
) -> dict[str, float]:
    """Precision/recall/NDCG/MAP at k against the received services (households with at least one)."""
    truth: dict[int, set[str]] = {}
    for r, c, rel in zip(rows, cols, relevant, strict=True):
        if rel:
            truth.setdefault(int(r), set()).add(ids[c])
    return evaluate_rankings(lists, truth, k=k, n_items=len(ids))
