"""Screen year-end settlement claims for the errors that most often end in 추가 납부 (additional tax).

Flags (each with the article it breaks):

- ``income_over_limit``: a dependant whose income is above the limit (연 소득금액 100만원; 총급여 500만원 when
  the income is wages only), 소득세법 제50조①.
- ``age_ineligible``: a child over 20, a parent under 60 or a sibling aged 21-59 who is not disabled, 제50조①3호.
- ``double_claim``: the same dependant claimed by two earners of one household (a parent claimed by two
  siblings, a child by both parents), 소득세법 시행령 제106조 (one person is claimed by one earner only).
- ``card_over_cap``: a card deduction claimed above what 조세특례제한법 제126조의2 allows (threshold, rates, limits).
- ``ineligible_credit``: a credit claimed for someone who is not eligible: the child credit for a child who is not
  a 기본공제대상자 (소득세법 제59조의2), 추가공제 (경로우대, 장애인) for an ineligible dependant (제51조①).

Each flag carries ``extra_tax_krw``, the 결정세액 the error would have left unpaid (the settlement as claimed
minus the lawful one; for a double claim, the second earner's gain).

Who is who: a dependant is matched across earners by ``name`` and birth year when both name them, else by
relation and birth year. Earners are grouped by ``household`` (profiles without one form one household).

Example:
    >>> parent = {"relation": "parent", "birth_year": 1950, "name": "mother"}
    >>> a = {"gross_salary_krw": 50_000_000, "birth_year": 1980, "dependants": [parent]}
    >>> b = {"gross_salary_krw": 45_000_000, "birth_year": 1983, "dependants": [parent]}
    >>> screen([a, b], 2025)["flag"].tolist()
    ['double_claim']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from sectors.finance.tax import rules
from sectors.finance.tax.params import tax_parameters
from sectors.finance.tax.profile import Dependant, Profile, read_profile
from sectors.finance.tax.settle import RELATION_WORDS, settle

COLUMNS = ["profile", "household", "flag", "field", "message_ko", "message_en", "basis", "extra_tax_krw"]
FLAGS = ("income_over_limit", "age_ineligible", "double_claim", "card_over_cap", "ineligible_credit")


def _without(profile: Profile, index: int) -> Profile:
    kept = tuple(d for i, d in enumerate(profile.dependants) if i != index)
    return Profile(**{**profile.__dict__, "dependants": kept})


def _who(d: Dependant) -> str:
    return f"{RELATION_WORDS[d.relation][0]} {d.name or d.birth_year}"


def _who_en(d: Dependant) -> str:
    return f"{RELATION_WORDS[d.relation][1]} {d.name or d.birth_year}"


def _gain(profile: Profile, index: int, year: int) -> int:
    """The 결정세액 the earner saves by claiming dependant ``index`` (as claimed, eligible or not)."""
    with_it = settle(profile, year, as_claimed=True).determined_tax_krw
    without = settle(_without(profile, index), year, as_claimed=True).determined_tax_krw
    return max(0, without - with_it)


def _same(a: Dependant, b: Dependant) -> bool:
    if a.birth_year != b.birth_year:
        return False
    if a.name and b.name:
        return a.name == b.name
    return a.relation == b.relation


def _dependant_flags(prof: Profile, year: int) -> list[dict[str, Any]]:
    p = tax_parameters(year)
    lim = p.value("dependant_limits")
    child = p.value("child_tax_credit")
    rows = []
    for j, d in enumerate(prof.dependants):
        problems = rules.dependant_problems(d, year, p)
        if not problems:
            continue
        gain = _gain(prof, j, year)
        field = f"dependants[{j}]"
        if "income" in problems:
            cap = lim["wage_only_gross"] if d.wage_only else lim["income"]
            kind = "총급여" if d.wage_only else "소득금액"
            rows.append(
                {
                    "flag": "income_over_limit",
                    "field": f"{field}.income_krw",
                    "message_ko": f"{_who(d)}: {kind} {d.income_krw:,}원 > {cap:,}원, 기본공제 대상 아님",
                    "message_en": f"{_who_en(d)}: income {d.income_krw:,} > {cap:,} KRW, cannot be claimed",
                    "basis": "소득세법 제50조①",
                    "extra_tax_krw": gain,
                }
            )
        if "age" in problems:
            rows.append(
                {
                    "flag": "age_ineligible",
                    "field": f"{field}.birth_year",
                    "message_ko": f"{_who(d)}: {d.age(year)}세, 나이 요건 미충족 (장애인 아님)",
                    "message_en": f"{_who_en(d)}: aged {d.age(year)}, outside the age limits (not disabled)",
                    "basis": "소득세법 제50조①3호",
                    "extra_tax_krw": gain,
                }
            )
        credits = []
        if d.relation == "child" and child["min_age"] <= d.age(year) <= child["max_age"]:
            credits.append(("자녀세액공제", "child credit", "소득세법 제59조의2"))
        if d.disabled or d.age(year) >= p.value("personal_deduction")["elderly_age"]:
            credits.append(
                (
                    "추가공제 (경로우대·장애인)",
                    "additional deduction (aged 70+, disabled)",
                    "소득세법 제51조①",
                )
            )
        for ko, en, basis in credits:
            rows.append(
                {
                    "flag": "ineligible_credit",
                    "field": field,
                    "message_ko": f"{_who(d)}: 기본공제 대상이 아니므로 {ko} 불가",
                    "message_en": f"{_who_en(d)}: not a dependant, so no {en}",
                    "basis": basis,
                    "extra_tax_krw": gain,
                }
            )
    return rows


def _card_flag(prof: Profile, year: int) -> list[dict[str, Any]]:
    if prof.claimed_card_deduction_krw is None:
        return []
    lawful = rules.card_deduction(
        prof.gross_salary_krw, prof.card, tax_parameters(year), prof.card_previous_year_krw
    )["deduction"]
    if prof.claimed_card_deduction_krw <= lawful:
        return []
    # the tax the excess would save: the 산출세액 on the base lowered by the excess, within the 결정세액
    p = tax_parameters(year)
    lawful_run = settle(prof, year)
    base = lawful_run.tax_base_krw
    saved = rules.progressive_tax(base, p) - rules.progressive_tax(
        max(0, base - (prof.claimed_card_deduction_krw - lawful)), p
    )
    extra = min(lawful_run.determined_tax_krw, saved)
    return [
        {
            "flag": "card_over_cap",
            "field": "claimed_card_deduction_krw",
            "message_ko": f"신용카드 등 소득공제 신청 {prof.claimed_card_deduction_krw:,}원 > 공제 가능액 {lawful:,}원",
            "message_en": f"card deduction claimed {prof.claimed_card_deduction_krw:,} > allowed {lawful:,} KRW",
            "basis": "조세특례제한법 제126조의2",
            "extra_tax_krw": max(0, extra),
        }
    ]


def screen(profiles: Sequence[Mapping[str, Any] | Profile], year: int = 2025) -> pd.DataFrame:
    """Flag the claims in ``profiles`` that the law does not allow: one row per flag (see the module notes).

    Columns: ``profile`` (position in ``profiles``), ``household``, ``flag``, ``field``, ``message_ko``,
    ``message_en``, ``basis`` (the article), ``extra_tax_krw``.
    """
    checked = [read_profile(raw, year) for raw in profiles]
    rows: list[dict[str, Any]] = []
    for i, prof in enumerate(checked):
        for row in _dependant_flags(prof, year) + _card_flag(prof, year):
            rows.append({"profile": i, "household": prof.household, **row})
    seen: dict[str, list[tuple[int, int, Dependant]]] = {}
    for i, prof in enumerate(checked):
        for j, d in enumerate(prof.dependants):
            if d.relation == "spouse":
                continue
            group = seen.setdefault(prof.household, [])
            first = next((c for c in group if c[0] != i and _same(c[2], d)), None)
            if first is not None:
                rows.append(
                    {
                        "profile": i,
                        "household": prof.household,
                        "flag": "double_claim",
                        "field": f"dependants[{j}]",
                        "message_ko": f"{_who(d)}: 같은 가구의 다른 근로자(#{first[0]})도 공제 신청, 한 사람만 공제 가능",
                        "message_en": f"{_who_en(d)}: also claimed by earner #{first[0]} of the same household; only one may claim",
                        "basis": "소득세법 시행령 제106조",
                        "extra_tax_krw": _gain(prof, j, year),
                    }
                )
            group.append((i, j, d))
    return pd.DataFrame(rows, columns=COLUMNS)
