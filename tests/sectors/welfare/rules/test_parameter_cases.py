"""The Korean welfare rules, tested as data: every case file gives inputs, year and expected answer."""

from pathlib import Path

import pytest

from sectors.welfare.rules import BASIC_PENSION, DISABILITY_PENSION, KR_WELFARE, MEDIAN_INCOME
from shared.rules import (
    AgeInRange,
    AnyMember,
    AtMost,
    Param,
    RegionWithin,
    load_cases,
    run_cases,
)

RULES = {
    "livelihood_32pct": AtMost("income", Param(MEDIAN_INCOME, key_field="size", scale=0.32)),
    "basic_pension_amount": AtMost("income", Param(BASIC_PENSION, key_field="household")),
    "disability_pension_amount": AtMost("income", Param(DISABILITY_PENSION, key_field="household")),
    "age_65_or_over": AnyMember(AgeInRange("age", lo=65)),
    "age_under_18": AnyMember(AgeInRange("age", hi=18, hi_strict=True)),
    "age_19_to_34": AnyMember(AgeInRange("age", lo=19, hi=34)),
    "age_3_to_36_months": AnyMember(AgeInRange("age", lo=3, hi=36, unit="months")),
    "age_over_60_strict": AnyMember(AgeInRange("age", lo=60, lo_strict=True)),
    "region_gwanak": RegionWithin("region", "서울특별시 관악구"),
}

CASE_FILES = sorted((Path(__file__).parent / "parameter_cases").glob("*.json"))


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_rule_cases(path):
    name, cases = load_cases(path)
    assert cases, f"{path.name} has no cases"
    assert run_cases(RULES[name], cases, KR_WELFARE) == []


def test_every_rule_has_a_case_file():
    assert {load_cases(p)[0] for p in CASE_FILES} == set(RULES)


def test_threshold_cases_cover_below_at_and_above():
    for path in CASE_FILES:
        _, cases = load_cases(path)
        names = " ".join(c.name for c in cases)
        if "amount" in path.stem or "pct" in path.stem:
            for edge in ("just below", "at", "just above"):
                assert edge in names, (path.name, edge)
