"""The service rules at their age boundaries, intervals, risk groups and dates (cases: person, date, expected)."""

import pandas as pd
import pytest

from sectors.welfare.medical.rules import evaluate, load_rules

ON = "2026-06-01"  # an even year: people born in even years are in this year's two-year cycle
RULES = {r.id: r for r in load_rules()}
SMOKER = [("2025-03-01", "72166-2", None, "449868002")]
NEVER = [("2025-03-01", "72166-2", None, "266919005")]


def status(rule, person, on=ON):
    f = evaluate(RULES[rule], person, on)
    return None if f is None else f.status


@pytest.mark.parametrize(
    ("rule", "birth", "sex", "expected"),
    [
        ("cancer_stomach", "1986-12-31", "M", "due"),  # 40 this year
        ("cancer_stomach", "1987-01-01", "M", "upcoming"),  # 39: next year
        ("cancer_stomach", "1985-05-05", "F", "upcoming"),  # 41, odd birth year: the other cycle
        ("cancer_colorectal", "1976-03-03", "M", "due"),  # 50, yearly
        ("cancer_colorectal", "1977-03-03", "M", "upcoming"),  # 49
        ("cancer_breast", "1986-01-01", "F", "due"),
        ("cancer_breast", "1986-01-01", "M", None),
        ("cancer_breast", "1987-01-01", "F", "upcoming"),
        ("cancer_cervical", "2006-06-01", "F", "due"),  # 20
        ("cancer_cervical", "2007-06-01", "F", "upcoming"),  # 19
        ("cancer_cervical", "2006-06-01", "M", None),
        ("checkup_general", "2006-02-02", "M", "due"),  # 20
        ("checkup_general", "2008-02-02", "M", None),  # 18
        ("checkup_lipids_m", "2002-02-02", "M", "due"),  # men from 24
        ("checkup_lipids_m", "2003-02-02", "M", "upcoming"),
        ("checkup_lipids_f", "2002-02-02", "F", None),  # women from 40
        ("checkup_lipids_f", "1986-02-02", "F", "due"),
        ("checkup_hepatitis_b", "1986-02-02", "F", "due"),  # exactly 40
        ("checkup_hepatitis_b", "1985-02-02", "F", None),
        ("checkup_bone_density", "1972-02-02", "F", "due"),  # 54
        ("checkup_bone_density", "1960-02-02", "F", "due"),  # 66
        ("checkup_bone_density", "1971-02-02", "F", None),  # 55
        ("checkup_bone_density", "1972-02-02", "M", None),
        ("checkup_cognitive", "1960-02-02", "M", "due"),  # 66
        ("checkup_cognitive", "1961-02-02", "M", "upcoming"),  # 65
        ("vaccine_pneumococcal", "1961-02-02", "M", "due"),  # 65
        ("vaccine_pneumococcal", "1962-02-02", "M", "upcoming"),  # 64
    ],
)
def test_age_and_sex_boundaries(person, rule, birth, sex, expected):
    assert status(rule, person(birth, sex)) == expected


@pytest.mark.parametrize(
    ("birth", "smoking", "expected"),
    [
        ("1972-01-01", SMOKER, "check"),  # 54: due, but 30 pack-years must be confirmed
        ("1973-01-01", SMOKER, "upcoming"),  # 53
        ("1952-01-01", SMOKER, "check"),  # 74
        ("1950-01-01", SMOKER, None),  # 76
        ("1972-01-01", NEVER, None),
        ("1972-01-01", [], None),
    ],
)
def test_lung_screening_needs_a_recorded_smoker_aged_54_to_74(person, birth, smoking, expected):
    f = evaluate(RULES["cancer_lung"], person(birth, "M", observations=smoking), ON)
    assert (None if f is None else f.status) == expected
    if f is not None:
        assert any("72166-2" in e and "Smokes tobacco daily" in e for e in f.evidence)


def test_liver_screening_needs_a_high_risk_condition(person):
    cirrhosis = [("19943007", "2015-01-01")]
    assert status("cancer_liver", person("1986-01-01", "M", conditions=cirrhosis)) == "due"
    assert status("cancer_liver", person("1986-01-01", "M")) is None
    assert status("cancer_liver", person("1987-01-01", "M", conditions=cirrhosis)) == "upcoming"
    cured = [("19943007", "2015-01-01", "2020-01-01")]
    assert status("cancer_liver", person("1986-01-01", "M", conditions=cured)) is None
    # a known high-risk person is not offered the hepatitis B test at 40
    assert status("checkup_hepatitis_b", person("1986-01-01", "M", conditions=cirrhosis)) is None


def test_intervals_count_from_the_last_record(person):
    recent = person("1970-01-01", "M", procedures=[("2025-12-01", "104435004")])
    f = evaluate(RULES["cancer_colorectal"], recent, ON)
    assert f.status == "upcoming" and f.due_date == pd.Timestamp("2026-12-01")
    assert any("104435004" in e for e in f.evidence)
    old = person("1970-01-01", "M", procedures=[("2025-05-01", "104435004")])
    assert status("cancer_colorectal", old) == "due"
    mammogram = person("1980-01-01", "F", procedures=[("2025-08-01", "24623002")])
    assert status("cancer_breast", mammogram) is None  # next due 2027-08, more than a year away
    soon = person("1980-01-01", "F", procedures=[("2025-02-01", "24623002")])
    assert evaluate(RULES["cancer_breast"], soon, ON).due_date == pd.Timestamp("2027-02-01")


def test_influenza_once_a_season(person):
    on = "2026-01-15"
    assert status("vaccine_influenza", person("1961-01-01", "F"), on) == "due"
    this_season = person("1961-01-01", "F", immunizations=[("2025-10-15", "140")])
    assert status("vaccine_influenza", this_season, on) is None
    last_season = person("1961-01-01", "F", immunizations=[("2025-03-01", "140")])
    assert status("vaccine_influenza", last_season, on) == "due"
    assert status("vaccine_influenza", person("1962-01-01", "F"), on) == "upcoming"


def test_pneumococcal_once_from_65(person):
    before_65 = person("1961-01-01", "M", immunizations=[("2016-04-01", "33")])
    assert status("vaccine_pneumococcal", before_65) == "due"
    after_65 = person("1961-01-01", "M", immunizations=[("2026-02-01", "33")])
    assert status("vaccine_pneumococcal", after_65) is None


def test_chronic_care_needs_an_active_diagnosis_and_names_it(person):
    f = evaluate(
        RULES["chronic_hypertension"], person("1980-01-01", "M", conditions=[("59621000", "2014-05-01")]), ON
    )
    assert f.status == "due"
    assert any(e.startswith("Condition 59621000 Essential hypertension") for e in f.evidence)
    assert "고혈압" in f.reason_ko and "hypertension" in f.reason_en
    assert (
        status("chronic_diabetes", person("1980-01-01", "M", conditions=[("59621000", "2014-05-01")])) is None
    )
    assert (
        status("chronic_diabetes", person("1980-01-01", "M", conditions=[("44054006", "2010-01-01")]))
        == "due"
    )


def test_rules_are_dated_and_the_dead_are_never_offered_anything(person):
    smoker = person("1962-01-01", "M", observations=[("2018-03-01", "72166-2", None, "449868002")])
    assert status("cancer_lung", smoker, "2019-01-01") is None  # lung screening began 2019-08-05
    assert status("cancer_lung", smoker, "2020-01-01") == "check"
    assert status("cancer_stomach", person("1986-01-01", death="2026-01-01")) is None


def test_every_rule_has_a_source_with_a_url():
    for rule in load_rules():
        assert rule.source["urls"] and rule.source["urls"][0].startswith("http")
        assert rule.source["authority"]
        assert rule.valid_from <= pd.Timestamp("2026-01-01")
