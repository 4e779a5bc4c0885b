"""The ranking never puts a service the household plainly cannot use at the top (the page's sample
households, on the bundled catalogue plus two situation-specific services quoted from the full catalogue)."""

import pandas as pd
import pytest

from sectors.welfare import WelfareMatcher, build_catalogue, generate_population, load_catalogue
from sectors.welfare.households import SAMPLE_HOUSEHOLDS

# Two central services whose only readable condition is a broad Bokjiro age band (text abridged from
# 복지로, KOGL): before, a 70-year-old living alone was "eligible" for both by absence of contradiction.
EXTRA = [
    {
        "service_id": "WLF00003272",
        "service": "의사상자지원",
        "source": "central",
        "target_text": "의사상자 인정요건은 다음과 같습니다.(법 제2조)\n 직무 외의 행위로\n"
        " 급박한 위험이나 재해에 처한 다른 사람의 생명, 신체, 재산을 구하기 위한 직접적이고 적극적인 행위를 하다가"
        " 사망하거나 부상을 입은 사람",
        "criteria_text": "지원대상의 내용을 참고해 주시기 바랍니다.",
        "benefit_text": "보상금, 의료급여, 교육보호",
        "age_bands": "65세이상,40~64세,19~39세",
        "category": "생활지원",
    },
    {
        "service_id": "WLF00001175",
        "service": "자립준비청년 자립수당 지급",
        "source": "central",
        "target_text": "아동복지시설, 가정위탁보호종료 5년 이내 자립준비청년(보호종료아동)을 지원합니다.",
        "criteria_text": "만 18세 이후 만기 또는 연장 보호종료된 자",
        "benefit_text": "월 50만원 지급",
        "frequency": "월",
        "payment": "현금지급",
        "age_bands": "19~39세,13~18세",
        "category": "생활지원",
    },
]


@pytest.fixture(scope="module")
def ranked():
    frame = load_catalogue()
    extra = pd.DataFrame([{c: r.get(c) for c in frame.columns} for r in EXTRA])
    catalogue = build_catalogue(pd.concat([frame, extra], ignore_index=True))
    matcher = WelfareMatcher(catalogue, n_estimators=60, seed=5).fit(
        generate_population(1_500, seed=5), valid=generate_population(400, seed=6)
    )
    return {k: matcher.match(v["household"], 2025) for k, v in SAMPLE_HOUSEHOLDS.items()}, matcher


@pytest.mark.parametrize("key", list(SAMPLE_HOUSEHOLDS))
def test_top_services_are_ones_the_household_can_plainly_use(ranked, key):
    table = ranked[0][key]
    eligible = table[table["eligible"].map(lambda v: v is True)]
    assert len(eligible), key
    for row in eligible.head(5).itertuples():
        # judged on a fact the household gave (a met condition beyond the region), never on the mere
        # absence of a contradiction, and no target group the household did not state
        met = [c for c in row.conditions if c["status"] is True and c["kind"] != "region"]
        assert met, (key, row.service, row.conditions)
        assert all(c["status"] is True for c in row.conditions if c["kind"] == "other"), (key, row.service)


def test_situation_specific_services_need_the_matching_fact(ranked):
    tables, matcher = ranked
    elderly = tables["elderly_alone"].set_index("item_id")
    assert elderly.loc["WLF00003272", "eligible"] is None  # 의사상자지원: needs the fact, never the top
    assert elderly.loc["WLF00001175", "eligible"] is None  # 자립준비청년 자립수당
    first = tables["elderly_alone"][tables["elderly_alone"]["eligible"].map(lambda v: v is True)].iloc[0]
    assert first["service"] == "기초연금"
    stated = matcher.match({**SAMPLE_HOUSEHOLDS["elderly_alone"]["household"], "situations": ["의사상자"]})
    assert stated.set_index("item_id").loc["WLF00003272", "eligible"] is True
    young = {"region": "서울특별시 관악구", "income_recognized_krw": 900_000, "members": [{"age": 20}]}
    assert matcher.match(young).set_index("item_id").loc["WLF00001175", "eligible"] is None
    leaver = matcher.match({**young, "situations": ["시설·보호·위탁"]}).set_index("item_id")
    assert leaver.loc["WLF00001175", "eligible"] is True


def test_a_parents_age_is_not_met_by_the_baby(ranked):
    newborn = ranked[1].assess(SAMPLE_HOUSEHOLDS["newborn"]["household"], 2025).set_index("service_id")
    assert (
        newborn.loc["WLF00003246", "eligible"] is False
    )  # 청소년산모 (만 19세 이하 산모): the parents are 31 and 32
    assert newborn.loc["WLF00004657", "eligible"] is True  # 부모급여: the baby is 3 months old


def test_match_shows_each_national_threshold_beside_the_household_figure(ranked):
    housing = ranked[0]["issue_housing"].set_index("item_id").loc["WLF00003201"]
    assert housing["eligible"] is True
    assert "소득인정액 900,000원 ≤ 기준 1,148,166원 (1인 가구, 중위 48%)" in housing["threshold"]
    assert housing["rule"].startswith("주거급여")
    en = ranked[1].match(SAMPLE_HOUSEHOLDS["issue_housing"]["household"], lang="en").set_index("item_id")
    assert (
        "recognised income 900,000 KRW ≤ line 1,148,166 KRW (1-person household, 48% of the median)"
        in (en.loc["WLF00003201", "threshold"])
    )
