"""Extraction rules: each kind from real-looking catalogue sentences, exclusions skipped, sources kept."""

import pytest

from sectors.welfare.extract import conditions_from_sentences, extract_conditions
from sectors.welfare.text import sentences_of


def _conds(text, field="선정기준", name=""):
    return conditions_from_sentences(sentences_of([(field, text)]), name)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("만 65세 이상인 어르신을 지원합니다.", {"lo": 65.0, "lo_unit": "years"}),
        ("신청 당시 만 19세~만 34세", {"lo": 19.0, "lo_unit": "years", "hi": 34.0, "hi_unit": "years"}),
        ("만 18세 미만의 아동", {"hi": 18.0, "hi_unit": "years", "hi_strict": True}),
        ("생후 3개월~36개월 이하의 영아", {"lo": 3.0, "lo_unit": "months", "hi": 36.0, "hi_unit": "months"}),
        ("18세이상 39세이하 청년", {"lo": 18.0, "lo_unit": "years", "hi": 39.0, "hi_unit": "years"}),
    ],
)
def test_age_ranges_and_bounds(text, expected):
    ages = [c for c in _conds(text) if c.kind == "age"]
    assert [c.params for c in ages] == [expected]
    assert ages[0].source == text.strip()


@pytest.mark.parametrize(
    ("text", "pct"),
    [
        ("소득인정액이 기준중위소득의 50% 이하인 가구", 50.0),
        ("전국가구 기준 중위소득 150%이하에 해당하는 출산 가정", 150.0),
        ("기준 중위소득의 100분의 50 이하인 사람", 50.0),
        ("3인가구 기준 중위소득 2분의 1 이하인 근로자", 50.0),
    ],
)
def test_income_as_share_of_the_standard_median(text, pct):
    income = [c for c in _conds(text) if c.kind == "income"]
    assert [(c.get("type"), c.get("pct")) for c in income] == [("median", pct)]


def test_tiers_and_lower_bounds_are_not_eligibility():
    assert not [c for c in _conds("- 기준 중위소득 75% : 4,574,000원") if c.kind == "income"]
    assert not [c for c in _conds("중위소득 40%를 초과한 자") if c.kind == "income"]


def test_selection_amounts_by_household_type_keep_their_year_and_parameter():
    (c,) = [
        c
        for c in _conds("2025도 선정기준액은 단독가구는 2,280,000원, 부부가구는 3,648,000원", name="기초연금")
        if c.kind == "income"
    ]
    assert dict(c.get("amounts")) == {"single": 2_280_000.0, "couple": 3_648_000.0}
    assert c.get("stated_year") == 2025 and c.get("parameter") == "kr.basic_pension.selection_amount"


def test_recipient_statuses():
    (c,) = [
        c
        for c in _conds("산모 또는 배우자가 생계의료주거교육급여 수급자 또는 차상위계층")
        if c.kind == "recipient"
    ]
    assert c.get("statuses") == ("생계", "의료", "주거", "교육", "차상위")
    (c,) = [
        c
        for c in _conds("의료급여 수급권자 중에서 본인부담금이 일정한 금액을 초과한 수급권자")
        if c.kind == "recipient"
    ]
    assert c.get("statuses") == ("의료",)


def test_household_types_disability_pregnancy_employment():
    kinds = {
        (c.kind, tuple(sorted(c.params.items())))
        for c in _conds("취업 한부모가정, 다자녀가정, 독거노인, 다문화가족")
    }
    types = {dict(p)["type"] for k, p in kinds if k == "household_type"}
    assert {"single_parent", "multi_child", "elderly_alone", "multicultural"} <= types
    assert [c.get("level") for c in _conds("장애의 정도가 심한 장애인") if c.kind == "disability"] == [
        "severe"
    ]
    assert [c.get("level") for c in _conds("등록 장애인") if c.kind == "disability"] == ["any"]
    assert [c.get("event") for c in _conds("임신부 및 출산 가정") if c.kind == "pregnancy_birth"] == [
        "pregnant",
        "birth",
    ]
    assert [c.get("status") for c in _conds("50세 이상 미취업자") if c.kind == "employment"] == ["unemployed"]


def test_exclusions_and_relatives_give_no_conditions():
    assert not _conds("생계급여 수급자는 신청 제외합니다.")
    assert not _conds("2019년~2024년 TV를 받은 분은 신청 불가")
    text = (
        "신청 제외자는 다음과 같습니다.\n국민기초생활보장법에 의한 생계급여 수급자\n국민건강보험 직장가입자"
    )
    assert not _conds(text)
    assert not [
        c for c in _conds("부양의무자가 생계,의료,주거,교육급여 대상자인 경우") if c.kind == "recipient"
    ]


def test_unmodelled_targets_need_review():
    cats = {
        c.get("category") for c in _conds("국가유공자 및 북한이탈주민을 지원합니다.") if c.kind == "other"
    }
    assert {"보훈대상자", "북한이탈주민"} <= cats
    assert all(not c.decidable for c in _conds("국가유공자를 지원합니다.") if c.kind == "other")


def test_structured_fields_of_bokjiro_entries():
    record = {
        "service_id": "X",
        "service": "구 장애인 지원",
        "source": "local",
        "description": "장애인 가정을 지원합니다.",
        "region_field": "서울특별시 관악구",
        "traits": "저소득,한부모·조손",
        "household_scope": "한부모 가구",
        "income_basis": None,
        "age_bands": "19~39세,40~64세",
        "life_stage": None,
    }
    conds = extract_conditions(record)
    got = {(c.kind, c.get("region") or c.get("type") or c.get("level") or c.get("lo")) for c in conds}
    assert ("region", "서울특별시 관악구") in got
    assert ("income", "unspecified") in got and ("household_type", "single_parent") in got
    assert ("age", 19.0) in got and ("disability", "any") in got
    age = next(c for c in conds if c.kind == "age")
    assert age.get("hi") == 64.0 and age.source == "지원가능한 나이: 19~39세,40~64세"


def test_every_condition_of_the_sample_quotes_its_catalogue_text(catalogue):
    import pandas as pd

    frame = pd.DataFrame(catalogue.services)
    assert len(frame) == 91
    for sid, conds in catalogue.conditions.items():
        for c in conds:
            assert c.source and c.field, (sid, c)


HOUSING = (
    "소득인정액이 기준중위소득의 48% 이하인 가구를 대상으로 합니다.\n"
    "24년도 기준 주거급여 대상은 소득인정액 기준(기준 중위소득 48% 이하)은 다음과같습니다.\n"
    "1인 가구 : 1,148,166원\n2인 가구 : 1,887,676원\n3인가구 : 2,412,169원\n"
    "주거급여 수급가구 내 부모와 떨어져 사는 청년에게는 주거급여를 분리하여 지급하며 대상은 아래와 같습니다.\n"
    "임차급여 또는 수선유지급여를 지급받는 수급가구 내 만19세 이상 30세미만의 미혼자녀"
)


def test_a_separately_paid_sub_provision_is_not_anded_and_a_size_table_is_one_income_condition():
    conds = _conds(HOUSING)
    assert {(c.kind, c.get("type"), c.get("pct")) for c in conds} == {("income", "median", 48.0)}
    assert not [c for c in conds if c.kind in ("age", "household_type", "recipient")]


def test_a_table_that_reproduces_no_median_share_is_kept_by_size_for_its_year():
    conds = _conds("2025년 소득 기준은 다음과 같습니다.\n1인 가구 : 1,000,000원\n2인 가구 : 1,500,000원")
    (c,) = [c for c in conds if c.kind == "income"]
    assert c.get("type") == "table" and dict(c.get("amounts")) == {1: 1_000_000.0, 2: 1_500_000.0}
    assert c.get("stated_year") == 2025 and not [c for c in conds if c.kind == "household_type"]


def test_alternatives_share_a_block_and_a_proviso_is_cut():
    conds = _conds(
        "세대원이 다음 어느 하나에 해당\n(노인)만 65세 이상\n(장애인) 등록 장애인", field="지원대상상세"
    )
    alts = {c.get("alt") for c in conds if c.kind in ("age", "disability")}
    assert len(alts) == 1 and None not in alts
    (age,) = [
        c
        for c in _conds("저소득 한부모가구의18세 미만의 아동* 단, 고등학교 재학 중인 경우 22세 미만")
        if c.kind == "age"
    ]
    assert age.get("hi") == 18.0


def test_special_provisions_and_reference_blocks_are_skipped():
    text = "기준 중위소득 63% 이하 한부모가족\n(참고) 청소년한부모의 기준은 다음과 같습니다.\n기준중위소득 65% 이하 청소년한부모"
    assert [c.get("pct") for c in _conds(text) if c.kind == "income"] == [63.0]


def test_coarse_age_bands_are_uncertain_and_the_name_names_the_target_group():
    record = {
        "service_id": "X",
        "service": "의사상자지원",
        "source": "central",
        "target_text": "직무 외의 행위로 다른 사람을 구하다가 부상을 입은 사람",
        "criteria_text": None,
        "age_bands": "65세이상,40~64세,19~39세",
    }
    conds = extract_conditions(record)
    assert ("other", "의사상자") in {(c.kind, c.get("category")) for c in conds}
    (age,) = [c for c in conds if c.kind == "age"]
    assert age.get("uncertain") is True and age.source.startswith("지원가능한 나이")


def test_a_parents_age_is_marked_as_the_parents():
    (age,) = [c for c in _conds("만 19세 이하의 청소년산모를 지원합니다.") if c.kind == "age"]
    assert age.get("role") == "parent"
    (age,) = [c for c in _conds("만 9~18세 청소년 및 부모를 지원합니다.") if c.kind == "age"]
    assert age.get("role") is None
