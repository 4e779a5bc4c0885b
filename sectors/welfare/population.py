"""A seeded synthetic population of Korean households whose marginals follow published statistics.

Nothing here describes a real person. Each figure below names its source; figures marked
"assumption" are not from a publication and are stated as such.

Household size - 통계청 「2023년 인구주택총조사」 (등록센서스, released 2024-07-29): of general
households, 1 person 35.5%, 2 persons 28.8%, 3 persons 19.0%, 4 persons 13.3%, 4 or more 16.8%
(so 5 or more 3.5%; split here 2.9% five and 0.6% six: assumption).

Age - same census: population 0-14 10.9%, 15-64 70.6%, 65+ 18.6%. One-person households: 65+
living alone are 9.1% of all households (so 25.6% of one-person households); the age mix of younger
one-person households follows the census shares 20s-and-under 18.6%, 30s 17.3%, 60s 17.3%, with
40s 12.6% and 50s 15.4% (assumption: these two shares are not quoted in the release). Household
compositions by size (couples, children, a co-resident grandparent) are assumptions; the
generator is checked against the age shares above in the tests.

Income - 통계청 「2024년 가계금융복지조사」 (2023 incomes, equivalised disposable income): median
3,757만원 a year, relative poverty (below half the median) 14.9% of persons and 38.2% of persons
aged 65+ (reported 2025-02-03). Equivalised income is log-normal; the spread and the medians for
households headed by someone 65+ and for others are solved so that both poverty rates and the
overall median hold. Single-parent households (x0.70) and households with a registered disabled
member (x0.85) get lower incomes (assumption). The monthly 소득인정액 used by the rules is taken
as household disposable income (equivalised x sqrt(size), /12): assets are ignored (assumption).

Disability - 보건복지부 「2023년도 등록장애인 현황」 (2024-04-18): 2,641,896 registered (5.1% of the
population), 53.9% aged 65+, 37.0% with a severe (심한) disability. With the census age shares that
is 14.8% of people 65+ and 2.9% of people under 65; severity does not depend on age (assumption).

Single parents - 통계청 「청년(20~39세) 한부모가구 사회·경제적 특성 분석」 (2025-09-11): 7.6% of
young households with children are single-parent (2023); used here for all parents of minors.

Employment - 통계청 「2023년 연간 고용동향」 (2024-01-10): 15-64 employment rate 69.2%; 65+: 37%
(assumption).

Pregnancy - about 230 thousand births in 2023 (통계청 출생통계); a pregnancy lasts about 3/4 of a
year, so about 0.8% of households have a pregnant member at a time (assumption derived from it).
Multicultural households: 41.6만 of 2,207만 general households, 1.9% (2023 census). Newlywed couples
(4% of couples under 40) and grandparent-headed households (0.3%): assumptions.

Recipient status (생계, 의료, 주거, 교육급여; 차상위) - a household is income-eligible at 32 / 40 /
48 / 50% of the standard median income (교육: with a child aged 6-18; 차상위: up to 50%, not a
생계·의료 recipient). Registration is drawn so that recipient households are 8.1% of households:
보건복지부 「2023년 국민기초생활보장 수급자 현황」: 255만 recipients in 178.8만 households (December
2023), against 2,207만 general households.

Region - 행정안전부 주민등록 인구 (2023-12): 전국 51,325,329; 서울 9,386,034; 부산 3,293,362; 대구
2,374,960; 인천 3,012,997; 광주 1,419,237; 대전 1,446,749; 울산 1,098,728; 세종 386,126; 경기
13,630,821; 강원 1,527,807; 전남 1,804,217 (verified). 충북, 충남, 전북, 경북, 경남, 제주 were not
verified: approximate figures, scaled so that the 17 provinces add up to the national total.
Within a province, municipalities are equally likely (assumption).

Example:
    >>> pop = generate_population(200, seed=1)
    >>> len(pop.households), pop.members["household"].is_monotonic_increasing
    (200, True)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
from scipy.optimize import brentq
from scipy.stats import norm

from sectors.welfare.regions import PROVINCES, municipalities
from sectors.welfare.rules.parameters import KR_WELFARE, MEDIAN_INCOME
from shared.seeding import rng as make_rng

SIZE_SHARES = {1: 0.355, 2: 0.288, 3: 0.190, 4: 0.133, 5: 0.029, 6: 0.005}
ELDERLY_ALONE_SHARE_OF_ONE_PERSON = 0.091 / 0.355
YOUNG_ONE_PERSON_AGE_BANDS = [
    (20, 30, 18.6),
    (30, 40, 17.3),
    (40, 50, 12.6),
    (50, 60, 15.4),
    (60, 65, 17.3 / 2),
]
MEDIAN_EQ_INCOME_MANWON = 3757.0
POVERTY_ALL, POVERTY_65 = 0.149, 0.382
SHARE_65 = 0.186
DISABILITY_65, DISABILITY_UNDER_65 = 0.148, 0.029
SEVERE_SHARE = 0.370
SINGLE_PARENT_SHARE = 0.076
EMPLOYMENT_15_64, EMPLOYMENT_65 = 0.692, 0.37
PREGNANT_SHARE = 0.008
MULTICULTURAL_SHARE = 0.019
NEWLYWED_SHARE_OF_YOUNG_COUPLES = 0.04
GRANDPARENT_FAMILY_SHARE = 0.003
RECIPIENT_HOUSEHOLD_SHARE = 178.8 / 2207.0
RECIPIENT_LINES = {"생계": 0.32, "의료": 0.40, "주거": 0.48, "교육": 0.50}

_VERIFIED_PROVINCES = {
    "서울특별시": 9_386_034,
    "부산광역시": 3_293_362,
    "대구광역시": 2_374_960,
    "인천광역시": 3_012_997,
    "광주광역시": 1_419_237,
    "대전광역시": 1_446_749,
    "울산광역시": 1_098_728,
    "세종특별자치시": 386_126,
    "경기도": 13_630_821,
    "강원도": 1_527_807,
    "전라남도": 1_804_217,
}
_APPROXIMATE_PROVINCES = {  # not verified; rescaled below to the verified national total
    "충청북도": 1_591_000,
    "충청남도": 2_130_000,
    "전라북도": 1_755_000,
    "경상북도": 2_554_000,
    "경상남도": 3_251_000,
    "제주특별자치도": 675_000,
}
NATIONAL_POPULATION = 51_325_329


def province_shares() -> dict[str, float]:
    """Population share of each province (see the module notes for which figures are verified)."""
    rest = NATIONAL_POPULATION - sum(_VERIFIED_PROVINCES.values())
    scale = rest / sum(_APPROXIMATE_PROVINCES.values())
    counts = {**_VERIFIED_PROVINCES, **{k: v * scale for k, v in _APPROXIMATE_PROVINCES.items()}}
    return {p: counts[p] / NATIONAL_POPULATION for p in PROVINCES}


@lru_cache(maxsize=1)
def income_parameters() -> tuple[float, float, float]:
    """(sigma, log-median for 65+-headed households, log-median for others) of equivalised income.

    Solved so that persons below half the median are 38.2% (65+) and 14.9% (all), and the
    overall median is 3,757만원.
    """
    z_65 = norm.ppf(POVERTY_65)
    z_rest = norm.ppf((POVERTY_ALL - SHARE_65 * POVERTY_65) / (1 - SHARE_65))
    a = np.log(2.0)  # log(median / poverty line)

    def gap(sigma: float) -> float:
        return SHARE_65 * norm.cdf(a / sigma + z_65) + (1 - SHARE_65) * norm.cdf(a / sigma + z_rest) - 0.5

    sigma = brentq(gap, 0.2, 3.0)
    line = np.log(MEDIAN_EQ_INCOME_MANWON / 2)
    return float(sigma), float(line - sigma * z_65), float(line - sigma * z_rest)


@dataclass
class Population:
    """Households (one row each) and their members (sorted by household)."""

    households: pd.DataFrame
    members: pd.DataFrame
    year: int

    def __len__(self) -> int:
        return len(self.households)

    def subset(self, index: np.ndarray) -> Population:
        """The households at positions ``index`` (renumbered 0..k-1), with their members."""
        index = np.asarray(index)
        hh = self.households.iloc[index].reset_index(drop=True)
        old = self.households["household"].to_numpy()[index]
        new_of_old = pd.Series(np.arange(len(index)), index=old)
        m = self.members[self.members["household"].isin(old)].copy()
        m["household"] = new_of_old.loc[m["household"].to_numpy()].to_numpy()
        m = m.sort_values("household", kind="stable").reset_index(drop=True)
        hh["household"] = np.arange(len(index))
        return Population(hh, m, self.year)

    def household_dict(self, i: int) -> dict:
        """Household ``i`` as the plain dict :func:`sectors.welfare.match` takes."""
        h = self.households.iloc[i]
        mem = self.members[self.members["household"] == h["household"]]
        types = [t for t in ("single_parent", "grandparent_family", "multicultural", "newlywed") if h[t]]
        return {
            "region": h["region"],
            "income_recognized_krw": float(h["income"]),
            "members": [
                {
                    "age": float(r.age),
                    "disability": ("none", "mild", "severe")[int(r.disability_level)],
                    "employed": bool(r.employed),
                    "pregnant": bool(r.pregnant),
                }
                for r in mem.itertuples()
            ],
            "married": bool(h["married"]),
            "household_type": types,
            "recipient": [s for s in ("생계", "의료", "주거", "교육", "차상위") if h[f"rcp_{s}"]],
            "receives": [],
        }


def _choice(g: np.random.Generator, options: list, probs: list[float], n: int) -> np.ndarray:
    p = np.asarray(probs, dtype=float)
    return np.asarray(options, dtype=object)[g.choice(len(options), size=n, p=p / p.sum())]


def _compositions(
    g: np.random.Generator, size: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per household: couple (head + spouse), number of children, number of co-resident elders, other adults."""
    n = len(size)
    couple = np.zeros(n, bool)
    children = np.zeros(n, int)
    elders = np.zeros(n, int)
    others = np.zeros(n, int)
    u = g.random(n)
    s2, s3, s4 = size == 2, size == 3, size == 4
    couple[s2 & (u < 0.62)] = True
    children[s2 & (u >= 0.62) & (u < 0.85)] = 1
    others[s2 & (u >= 0.85)] = 1
    couple[s3 & ((u < 0.72) | (u >= 0.78))] = True
    children[s3 & (u < 0.72)] = 1
    children[s3 & (u >= 0.72) & (u < 0.78)] = 2
    elders[s3 & (u >= 0.78)] = 1
    couple[s4 & ((u < 0.84) | (u >= 0.86))] = True
    children[s4 & (u < 0.84)] = 2
    children[s4 & (u >= 0.84) & (u < 0.86)] = 3
    children[s4 & (u >= 0.86)] = 1
    elders[s4 & (u >= 0.86)] = 1
    big = size >= 5
    couple[big] = True
    extra = size[big] - 2
    with_elder = g.random(big.sum()) < 0.45
    elders[big] = np.where(with_elder, 1, 0)
    children[big] = extra - elders[big]
    return couple, children, elders, others


def generate_population(n: int, seed: int | None = None, year: int = 2025) -> Population:
    """``n`` synthetic households with members, incomes, disability, recipient statuses and region."""
    g = make_rng(seed)
    size = g.choice(
        list(SIZE_SHARES), size=n, p=np.array(list(SIZE_SHARES.values())) / sum(SIZE_SHARES.values())
    )
    couple, n_child, n_elder, n_other = _compositions(g, size)
    alone = size == 1
    head_age = np.empty(n)
    old_alone = alone & (g.random(n) < ELDERLY_ALONE_SHARE_OF_ONE_PERSON)
    head_age[old_alone] = 65 + g.gamma(2.0, 5.0, old_alone.sum())
    young_alone = alone & ~old_alone
    bands = YOUNG_ONE_PERSON_AGE_BANDS
    pick = g.choice(
        len(bands), size=young_alone.sum(), p=np.array([b[2] for b in bands]) / sum(b[2] for b in bands)
    )
    lo = np.array([b[0] for b in bands])[pick]
    hi = np.array([b[1] for b in bands])[pick]
    head_age[young_alone] = lo + g.random(young_alone.sum()) * (hi - lo)
    # Heads of family households: parents of minors are 28-55; others (couples without children,
    # households with co-resident elders) spread over 25-85 with more weight on older ages.
    fam = ~alone
    has_child = n_child > 0
    head_age[fam & has_child] = np.clip(g.normal(47, 9, (fam & has_child).sum()), 24, 80)
    no_child = fam & ~has_child
    head_age[no_child] = np.clip(25 + g.gamma(5.5, 8.0, no_child.sum()), 22, 95)
    head_age[fam & (n_elder > 0)] = np.clip(g.normal(48, 7, (fam & (n_elder > 0)).sum()), 30, 70)
    head_age += g.random(n)  # fractions of a year

    rows_household: list[np.ndarray] = []
    rows_age: list[np.ndarray] = []
    rows_role: list[np.ndarray] = []
    ids = np.arange(n)
    rows_household.append(ids)
    rows_age.append(head_age)
    rows_role.append(np.full(n, "head", dtype=object))
    sp = ids[couple]
    rows_household.append(sp)
    rows_age.append(np.clip(head_age[couple] + g.normal(-2, 3, len(sp)), 19, 100))
    rows_role.append(np.full(len(sp), "spouse", dtype=object))
    ch_h = np.repeat(ids, n_child)
    gap_years = np.clip(g.normal(31, 5, len(ch_h)), 20, 45)
    rows_household.append(ch_h)
    rows_age.append(np.clip(head_age[ch_h] - gap_years, 0, None) * 1.0)
    rows_role.append(np.full(len(ch_h), "child", dtype=object))
    el_h = np.repeat(ids, n_elder)
    rows_household.append(el_h)
    rows_age.append(np.clip(head_age[el_h] + g.normal(28, 4, len(el_h)), 65, 104))
    rows_role.append(np.full(len(el_h), "elder", dtype=object))
    ot_h = np.repeat(ids, n_other)
    rows_household.append(ot_h)
    rows_age.append(np.clip(head_age[ot_h] + g.normal(0, 20, len(ot_h)), 19, 100))
    rows_role.append(np.full(len(ot_h), "other", dtype=object))
    household = np.concatenate(rows_household)
    order = np.argsort(household, kind="stable")
    household = household[order]
    age = np.concatenate(rows_age)[order]
    role = np.concatenate(rows_role)[order]
    m = len(household)

    disabled = g.random(m) < np.where(age >= 65, DISABILITY_65, DISABILITY_UNDER_65)
    level = np.where(disabled, np.where(g.random(m) < SEVERE_SHARE, 2, 1), 0).astype(np.int8)
    employ_p = np.where((age >= 15) & (age < 65), EMPLOYMENT_15_64, np.where(age >= 65, EMPLOYMENT_65, 0.0))
    employ_p = np.where(
        level == 2, employ_p * 0.4, employ_p
    )  # assumption: severe disability lowers employment
    employed = g.random(m) < employ_p

    minors = np.bincount(household, weights=(age < 18), minlength=n).astype(int)
    single_parent = (~couple) & (n_child > 0) & (minors > 0) & (size >= 2)
    # Keep the published share: among households with a minor child, 7.6% are single-parent.
    with_minor = minors > 0
    target = SINGLE_PARENT_SHARE * with_minor.sum()
    if single_parent.sum() > target:
        drop = g.choice(np.flatnonzero(single_parent), int(single_parent.sum() - target), replace=False)
        single_parent[drop] = False
        couple[drop] = True  # the "missing" parent joins as a spouse in the composition
    flip = np.flatnonzero(with_minor & couple & ~single_parent)
    need = int(round(target - single_parent.sum()))
    if need > 0 and len(flip):
        chosen = g.choice(flip, min(need, len(flip)), replace=False)
        single_parent[chosen] = True
    is_spouse = role == "spouse"
    drop_spouse = is_spouse & single_parent[household]
    keep = ~drop_spouse
    household, age, role, level, employed = (a[keep] for a in (household, age, role, level, employed))
    couple = couple & ~single_parent
    size = np.bincount(household, minlength=n)
    m = len(household)

    sigma, mu_65, mu_rest = income_parameters()
    elderly_head = head_age >= 65
    log_eq = np.where(elderly_head, mu_65, mu_rest) + sigma * g.standard_normal(n)
    has_disabled = np.bincount(household, weights=level > 0, minlength=n) > 0
    factor = np.where(single_parent, 0.70, 1.0) * np.where(has_disabled, 0.85, 1.0)
    eq_income = np.exp(log_eq) * factor  # 만원 a year
    income = eq_income * np.sqrt(size) * 10_000 / 12  # KRW a month

    pregnant_hh = couple & (head_age < 45) & (head_age >= 20)
    pregnant_hh &= g.random(n) < PREGNANT_SHARE * n / max(pregnant_hh.sum(), 1)
    spouse_rows = np.flatnonzero(role == "spouse")
    pregnant = np.zeros(m, bool)
    pregnant[spouse_rows[pregnant_hh[household[spouse_rows]]]] = True

    median = KR_WELFARE.get(MEDIAN_INCOME).values_for(year, size.astype(float))
    ratio = income / median
    school_child = np.bincount(household, weights=(age >= 6) & (age < 19), minlength=n) > 0
    eligible_any = ratio <= 0.48
    registered = g.random(n) < min(1.0, RECIPIENT_HOUSEHOLD_SHARE / max(eligible_any.mean(), 1e-9))
    rcp = {s: registered & (ratio <= line) for s, line in RECIPIENT_LINES.items()}
    rcp["교육"] &= school_child
    rcp["차상위"] = (ratio <= 0.5) & ~rcp["생계"] & ~rcp["의료"] & (g.random(n) < 0.5)

    shares = province_shares()
    province = _choice(g, list(shares), list(shares.values()), n)
    region = np.empty(n, dtype=object)
    munis = municipalities()
    for p in np.unique(province):
        where = np.flatnonzero(province == p)
        names = munis.get(p) or ("",)
        region[where] = [
            f"{p} {x}".strip() for x in np.asarray(names, dtype=object)[g.integers(0, len(names), len(where))]
        ]

    eldest = np.maximum.reduceat(age, np.searchsorted(household, np.arange(n)))
    households = pd.DataFrame(
        {
            "household": np.arange(n),
            "region": region,
            "province": province,
            "size": size,
            "income": income,
            "married": couple,
            "single_parent": single_parent,
            "grandparent_family": (g.random(n) < GRANDPARENT_FAMILY_SHARE) & (minors > 0) & ~couple,
            "multicultural": g.random(n) < MULTICULTURAL_SHARE,
            "newlywed": couple & (head_age < 40) & (g.random(n) < NEWLYWED_SHARE_OF_YOUNG_COUPLES),
            "head_age": head_age,
            "eldest_age": eldest,
            "n_children": np.bincount(household, weights=age < 18, minlength=n).astype(int),
            **{f"rcp_{s}": v for s, v in rcp.items()},
        }
    )
    households["household_type"] = household_type_label(households)
    households["age_group"] = age_group_label(households["eldest_age"].to_numpy())
    members = pd.DataFrame(
        {
            "household": household,
            "age": age,
            "role": role,
            "disability_level": level,
            "employed": employed,
            "pregnant": pregnant,
        }
    )
    return Population(households, members, year)


AGE_GROUPS = ("0-39", "40-64", "65-74", "75+")


def age_group_label(eldest_age: np.ndarray) -> np.ndarray:
    """The household's age group by its eldest member ("0-39", "40-64", "65-74", "75+")."""
    return np.asarray(AGE_GROUPS, dtype=object)[np.digitize(eldest_age, [40, 65, 75])]


def household_type_label(h: pd.DataFrame) -> np.ndarray:
    """One label per household for policy tables: 독거노인, 1인, 한부모, 다자녀, 노인부부, 자녀 양육, 기타."""
    out = np.full(len(h), "기타", dtype=object)
    out[(h["n_children"] > 0).to_numpy()] = "자녀 양육"
    out[(h["married"] & (h["head_age"] >= 65) & (h["size"] == 2)).to_numpy()] = "노인 부부"
    out[(h["n_children"] >= 3).to_numpy()] = "다자녀"
    out[h["single_parent"].to_numpy()] = "한부모"
    out[((h["size"] == 1) & (h["head_age"] < 65)).to_numpy()] = "1인(65세 미만)"
    out[((h["size"] == 1) & (h["head_age"] >= 65)).to_numpy()] = "독거노인"
    return out
