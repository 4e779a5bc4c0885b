"""The Welfare page: caseworker search with reasons and sources, policymaker blind spots, both languages."""

from streamlit.testing.v1 import AppTest

from apps.sections import by_key

PAGE = str(by_key("welfare").page_path)
TIMEOUT = 180


def test_caseworker_finds_the_basic_pension_for_the_issue_household():
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    assert at.selectbox(key="w_province").value == "서울특별시"
    assert at.selectbox(key="w_muni").value == "관악구"
    at.number_input(key="w_income").set_value(1_500_000)
    at.number_input(key="w_age0").set_value(70.0)
    at.button(key="w_go").click().run()
    assert not at.exception, at.exception
    texts = " ".join(m.value for m in at.markdown)
    assert "기초연금" in texts
    captions = " ".join(c.value for c in at.caption)
    assert "«" in captions  # every criterion shows its source sentence
    assert "추천 이유: 충족: " in captions  # the eligibility rule's reasons come first, then the ranker's
    qualified = next(m for m in at.metric if m.label == "받을 수 있는 서비스")
    assert int(qualified.value) >= 1


def test_a_richer_household_loses_the_basic_pension():
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT).run()
    at.number_input(key="w_income").set_value(5_000_000)
    at.number_input(key="w_age0").set_value(70.0)
    at.button(key="w_go").click().run()
    assert not at.exception, at.exception
    ranked = [m.value for m in at.markdown if m.value.startswith("**") and ". " in m.value[:8]]
    assert not any("기초연금" in r for r in ranked)


def test_policymaker_view_in_english():
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    at.session_state["civic_lang"] = "en"
    at.run()
    assert not at.exception, at.exception
    labels = [m.label for m in at.metric]
    assert "Blind-spot rate" in labels and "Eligible for high-value" in labels
    rate = next(m.value for m in at.metric if m.label == "Blind-spot rate")
    assert rate.endswith("%")
    assert any("Blind spots (synthetic households)" in s.value for s in at.subheader)


def test_a_sample_household_sees_the_housing_threshold_beside_its_income():
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT).run()
    at.selectbox(key="w_sample").set_value("issue_housing").run()
    at.button(key="w_go").click().run()
    assert not at.exception, at.exception
    captions = " ".join(c.value for c in at.caption)
    assert "소득인정액 900,000원 ≤ 기준 1,148,166원 (1인 가구, 중위 48%)" in captions
    national = at.dataframe[0].value
    assert "주거급여(맞춤형 급여)" in set(national.iloc[:, 0])
