"""The résumé read into skills (redacted first) and the training plan explained from the cited documents."""

import pytest

from sectors.employment import Seeker, demo_model, demo_taxonomy, plan_training
from sectors.employment.resume import explain_plan, find_skills, read_resume
from shared.llm import AuditLog
from shared.llm.service import numbers_in

KO = "고객센터 상담원으로 5년 근무했습니다. 엑셀과 파워포인트를 능숙하게 다룹니다. 연락처 010-2345-6789, hong@example.com"
EN = "Five years as a customer service representative. Microsoft Excel, Salesforce and SQL Server. Phone 010-2345-6789"


@pytest.fixture(scope="module")
def taxonomy():
    return demo_taxonomy()


def test_korean_resume_gives_onet_skills_and_the_closest_occupation(taxonomy):
    r = read_resume(KO, taxonomy)
    assert r.skills == ("Microsoft Excel", "Microsoft PowerPoint") and r.evidence["Microsoft Excel"] == "엑셀"
    assert r.occupation == "43-4051.00" and r.lang == "ko"
    assert "010-2345-6789" not in r.redacted_text and "hong@example.com" not in r.redacted_text


def test_english_resume(taxonomy):
    r = read_resume(EN, taxonomy)
    assert set(r.skills) == {"Microsoft Excel", "Salesforce software", "Microsoft SQL Server"}
    assert r.occupation == "43-4051.00" and r.lang == "en"


def test_single_letters_and_unknown_words_are_not_skills(taxonomy):
    assert find_skills("R and C and a word of English", taxonomy) == {}


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_plan_explanation_cites_the_occupations_and_courses(taxonomy, lang):
    reading = read_resume(KO, taxonomy)
    seeker = Seeker(reading.occupation, reading.skills, education=2)
    plan = plan_training(seeker, "43-6014.00", hours=80, budget=1_500_000, recommender=demo_model())
    note = explain_plan(plan, taxonomy, reading=reading, lang=lang)
    assert "Microsoft Excel" in note.section("resume").text
    cited = {h.doc_id for h in note.cited()}
    assert {"onet/43-4051.00", "onet/43-6014.00"} <= cited
    assert {f"course/{c}" for c in plan.courses["course_id"]} <= cited and len(plan.courses)
    per_course = set().union(*(numbers_in(h.text) for h in note.sources))
    assert numbers_in(note.section("plan").text) - per_course <= numbers_in(
        f"{plan.hours_used:.0f} {plan.cost_used:,.0f} {plan.hours:.0f} {plan.budget:,.0f}"
    )
    assert "010-2345-6789" not in note.text
    records = AuditLog().records()
    assert len(records) == 1 and records[0]["purpose"] == "employment.plan_explanation"
