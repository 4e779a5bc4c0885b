"""The national programmes tested as data (OpenFisca-style): each case file gives households, years,
expected eligibility (true / false / null = needs review) and the source; one parametrised test runs them
through the eligibility engine on the bundled catalogue, so the programme must also win over the
extracted reading of its service."""

import json
from functools import cache
from pathlib import Path

import pytest

from sectors.welfare import EligibilityEngine, WelfareMatcher, facts_from_household
from sectors.welfare.rules import PROGRAMMES
from shared.rules import from_code

CASE_DIR = Path(__file__).parent / "programme_cases"
FILES = sorted(CASE_DIR.glob("*.json"))


def _cases():
    for path in FILES:
        data = json.loads(path.read_text(encoding="utf-8"))
        for i, case in enumerate(data["cases"]):
            yield pytest.param(data, case, id=f"{path.stem}-{i}-{case['name'][:40]}")


@cache
def _engine(year):
    from sectors.welfare.services import catalogue_for

    return EligibilityEngine(catalogue_for(), year)


@pytest.mark.parametrize(("spec", "case"), list(_cases()))
def test_programme_case(spec, case):
    engine = _engine(case["year"])
    j = engine.catalogue.ids.index(spec["service_id"])
    got = from_code(engine.evaluate(facts_from_household(case["household"]))[0, j])
    assert got is case["expected"], (case["name"], got)
    if case.get("received"):
        table = WelfareMatcher(engine.catalogue).assess(case["household"], case["year"])  # rules: no fit
        row = table[table["service_id"] == spec["service_id"]].iloc[0]
        assert row["received"] and row["eligible"] is case["expected"]


def test_every_programme_and_service_has_a_case_file_with_a_source():
    specs = [json.loads(p.read_text(encoding="utf-8")) for p in FILES]
    ids = {sid for p in PROGRAMMES.values() for sid in p.service_ids}
    assert {s["service_id"] for s in specs} == ids
    assert all(s["source"] and s["cases"] for s in specs)
    for s in specs:
        assert {True, False} & {c["expected"] for c in s["cases"]}, s["programme"]


def test_income_line_files_cover_sizes_one_to_six_inside_and_outside():
    for stem in ("livelihood", "medical_aid", "housing", "education", "disability_allowance"):
        cases = json.loads((CASE_DIR / f"{stem}.json").read_text(encoding="utf-8"))["cases"]
        for size in range(1, 7):
            names = [c["name"] for c in cases if c["name"].split()[1] == f"{size}인"]
            assert any("just inside" in n for n in names) and any("just outside" in n for n in names), (
                stem,
                size,
            )


def test_the_issue_example_reads_the_threshold_beside_the_household_figure():
    facts = facts_from_household({"income_recognized_krw": 900_000, "members": [{"age": 65}]})
    prog = PROGRAMMES["주거급여"]
    (income,) = [r for r in prog.explain(facts, 2025) if r.kind == "income"]
    assert income.describe("ko") == "소득인정액 900,000원 ≤ 기준 1,148,166원 (1인 가구, 중위 48%)"
    assert income.describe("en") == (
        "recognised income 900,000 KRW ≤ line 1,148,166 KRW (1-person household, 48% of the median)"
    )
    assert prog.judge(facts, 2025) is True
