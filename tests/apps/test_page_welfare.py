"""The Welfare page: caseworker search with reasons and sources, policymaker blind spots, both languages;
the sample household in the URL; results that follow the household and respect its age, type and income."""

import re

import pytest
from streamlit.testing.v1 import AppTest

from apps.sections import by_key
from sectors.welfare.households import SAMPLE_HOUSEHOLDS
from sectors.welfare.services import catalogue_for

PAGE = str(by_key("welfare").page_path)
TIMEOUT = 180

#: Standard median income 2025, KRW a month, by household size (보건복지부 고시 제2024-147호): the
#: published table, written here independently of the suite's parameter files.
MEDIAN_2025 = {1: 2_392_013, 2: 3_932_658, 3: 5_025_353, 4: 6_097_773, 5: 7_108_192, 6: 8_064_805}


def _page(lang="ko", **params):
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    at.session_state["civic_lang"] = lang
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, at.exception
    return at


def _custom(at):
    at.selectbox(key="w_sample").set_value("custom").run()
    assert not at.exception, at.exception
    return at


def _ranked(at) -> list[str]:
    """The services of the caseworker tab's ranked list, in order (the cards' titles)."""
    titles = [m.value for m in at.tabs[0].markdown if re.match(r"\*\*\d+\. ", m.value)]
    return [re.match(r"\*\*\d+\. (.+?)\*\*", t).group(1) for t in titles]


def _profile(at):
    return next(d.value for d in at.dataframe if "relation" in d.value.columns)


def test_caseworker_finds_the_basic_pension_for_the_issue_household():
    at = _custom(_page())
    assert at.selectbox(key="w_province").value == "서울특별시"
    assert at.selectbox(key="w_muni").value == "관악구"
    at.number_input(key="w_income").set_value(1_500_000)
    at.number_input(key="w_age0").set_value(70.0)
    at.button(key="w_go").click().run()
    assert not at.exception, at.exception
    assert "기초연금" in _ranked(at)
    captions = " ".join(c.value for c in at.caption)
    assert "«" in captions  # every criterion shows its source sentence
    assert "추천 이유: 충족: " in captions  # the eligibility rule's reasons come first, then the ranker's
    qualified = next(m for m in at.metric if m.label == "받을 수 있는 서비스")
    assert int(qualified.value) >= 1


def test_a_richer_household_loses_the_basic_pension():
    at = _custom(_page())
    at.number_input(key="w_income").set_value(5_000_000)
    at.number_input(key="w_age0").set_value(70.0)
    at.button(key="w_go").click().run()
    assert not at.exception, at.exception
    assert "기초연금" not in _ranked(at)


def test_policymaker_view_in_english():
    at = _page("en")
    labels = [m.label for m in at.metric]
    assert "Blind-spot rate" in labels and "Eligible for high-value" in labels
    rate = next(m.value for m in at.metric if m.label == "Blind-spot rate")
    assert rate.endswith("%")
    assert any("Blind spots (synthetic households)" in s.value for s in at.subheader)
    groups = next(d.value for d in at.dataframe if "blind_spot_rate" in d.value.columns)
    assert "elderly living alone" in set(groups["value"]) and "Seoul" in " ".join(groups["value"])


def test_a_sample_household_sees_the_housing_threshold_beside_its_income():
    at = _page()
    at.selectbox(key="w_sample").set_value("issue_housing").run()
    assert not at.exception, at.exception
    captions = " ".join(c.value for c in at.caption)
    assert "소득인정액 900,000원 ≤ 기준 1,148,166원 (1인 가구, 중위 48%)" in captions
    national = next(d.value for d in at.dataframe if "programme" in d.value.columns)
    assert "주거급여(맞춤형 급여)" in set(national["programme"])


def test_the_url_opens_the_sample_household_and_follows_the_choice():
    at = _page(household="single_parent")
    assert at.selectbox(key="w_sample").value == "single_parent"
    assert len(_profile(at)) == 3  # the parent and two children
    at.selectbox(key="w_sample").set_value("severe_disability").run()
    at.run()  # the URL is written on the run after the choice
    assert at.query_params["household"] == ["severe_disability"] or at.query_params["household"] == (
        "severe_disability"
    )
    assert _page(household="no such household").selectbox(key="w_sample").value == "elderly_alone"


def test_changing_the_household_changes_the_profile_and_the_services():
    at = _page()
    before = (_profile(at).to_dict("list"), _ranked(at))
    assert before[1], "the default sample household shows its services at once"
    at.selectbox(key="w_sample").set_value("newborn").run()
    assert not at.exception, at.exception
    after = (_profile(at).to_dict("list"), _ranked(at))
    assert after[0] != before[0] and after[1] and after[1] != before[1]
    assert "부모급여 지원" in after[1] and "기초연금" not in after[1]


def _ages(household) -> list[float]:
    return [
        m["age_months"] / 12 if m.get("age_months") is not None else m["age"] for m in household["members"]
    ]


def _violations(household, conditions) -> list[str]:
    """Conditions of a service the household plainly fails, checked here from the catalogue's own fields."""
    out = []
    ages = _ages(household)
    size = len(household["members"])
    for c in conditions:
        p = dict(c.value)
        if "alt" in p or p.get("uncertain") or "role" in p:
            continue  # alternatives and uncertain readings are not plain requirements
        if c.kind == "age":
            lo = p.get("lo", 0) / (12 if p.get("lo_unit") == "months" else 1)
            hi = p.get("hi", 200) / (12 if p.get("hi_unit") == "months" else 1)
            if not any(lo <= a < hi + 1 for a in ages):
                out.append(f"age {lo}-{hi} vs {ages}")
        elif c.kind == "income" and p.get("type") == "median":
            limit = MEDIAN_2025[size] * p["pct"] / 100
            if household["income_recognized_krw"] > limit:
                out.append(f"income {household['income_recognized_krw']} > {limit:.0f}")
        elif c.kind == "household_type":
            kind = p["type"]
            if kind in ("single_person", "elderly_alone") and size != 1:
                out.append(f"{kind} with {size} members")
            if kind == "elderly_alone" and not (size == 1 and ages[0] >= 65):
                out.append("elderly_alone")
            if kind == "single_parent" and not household.get("single_parent"):
                out.append("single_parent")
            if kind == "multi_child":
                children = sum(a < 18 for a in ages)
                if children < p.get("min_children", 2):
                    out.append(f"multi_child with {children} children")
    return out


@pytest.mark.parametrize("sample", list(SAMPLE_HOUSEHOLDS))
def test_top_services_respect_age_household_type_and_income(sample):
    at = _page(household=sample)
    ranked = _ranked(at)
    assert ranked, f"no service shown for {sample}"
    catalogue = catalogue_for(None)
    by_name = dict(zip(catalogue.services["service"], catalogue.ids, strict=True))
    household = SAMPLE_HOUSEHOLDS[sample]["household"]
    for name in ranked[:10]:
        bad = _violations(household, catalogue.conditions[by_name[name]])
        assert not bad, (sample, name, bad)
    if sample == "elderly_alone":
        youth = [
            n
            for n in ranked
            if any(
                c.kind == "age" and dict(c.value).get("hi", 200) < 65 and "alt" not in dict(c.value)
                for c in catalogue.conditions[by_name[n]]
            )
        ]
        assert not youth and "의사상자지원" not in ranked[:5]


def test_korean_mode_has_korean_placeholders_headers_and_one_money_unit():
    at = _custom(_page())
    for widget in (*at.multiselect, *at.selectbox):
        assert widget.placeholder and re.search("[가-힣]", widget.placeholder), (
            widget.key,
            widget.placeholder,
        )
    at.selectbox(key="w_sample").set_value("single_parent").run()
    # the page's own words (the catalogue's source sentences are quoted as written, «...»)
    texts = [m.value for m in at.markdown if "«" not in m.value and ":material/help:" not in m.value]
    texts += [c.value for c in at.caption if "«" not in c.value] + at.selectbox(key="w_sample").options
    assert any("원" in t for t in texts) and not any("(bundled)" in t or "만원" in t for t in texts), texts
    import json

    for frame in at.dataframe:
        config = json.loads(frame.proto.columns or "{}")
        for column in frame.value.columns:
            label = config.get(str(column), {}).get("label") or str(column)
            assert re.search("[가-힣]", label), (list(frame.value.columns), label)
