"""The Finance page: ranked products with reasons, eligibility checks that react to the profile, adoption by segment."""

from streamlit.testing.v1 import AppTest

from apps.sections import by_key

PAGE = str(by_key("finance").page_path)


def _titles(at):
    return [m.value for m in at.markdown if m.value.startswith("**") and m.value[2:3].isdigit()]


def test_finance_page_ranks_products_and_reacts_to_the_profile():
    at = AppTest.from_file(PAGE, default_timeout=180)
    at.session_state["civic_lang"] = "en"
    at.run()
    assert not at.exception, at.exception
    adult = _titles(at)
    assert 1 <= len(adult) <= 7
    assert any(
        "within" in c.value or "meets" in c.value for c in at.caption
    )  # reasons carry the rules passed
    at.number_input(key="fin_age").set_value(15).run()
    assert not at.exception, at.exception
    minor = _titles(at)
    assert minor and not any(
        word in " ".join(minor) for word in ("Credit card", "Mortgage", "Loan", "Payroll")
    )
    at.radio(key="fin_seg_by").set_value("segment").run()
    assert not at.exception, at.exception
    assert len(at.dataframe) >= 2


def test_finance_page_in_korean_with_a_serving_channel():
    at = AppTest.from_file(PAGE, default_timeout=180)
    at.session_state["civic_lang"] = "ko"
    at.run()
    assert not at.exception, at.exception
    at.selectbox(key="fin_channel").set_value("online").run()
    assert not at.exception, at.exception
    titles = _titles(at)
    assert titles and not any("주택담보대출" in t for t in titles)  # mortgages: branch only


def _tax_metrics(at):
    return {m.label: m.value for m in at.metric}


def test_year_end_tax_tab_renders_the_statement_and_reacts_to_the_salary():
    at = AppTest.from_file(PAGE, default_timeout=180)
    at.session_state["civic_lang"] = "en"
    at.run()
    assert not at.exception, at.exception
    assert any(t.label == "Year-end tax" for t in at.tabs)
    before = _tax_metrics(at)
    assert "Determined tax" in before and ("Refund" in before or "Additional payment" in before)
    statement = next(d.value for d in at.dataframe if "basis" in d.value.columns)
    assert statement["basis"].str.contains("소득세법 제55조").any() and len(statement) > 10
    assert any(
        d.value.shape[0] == 4 and "change_in_tax_krw" in d.value.columns for d in at.dataframe
    )  # what-if
    at.number_input(key="tax_gross").set_value(90_000_000).run()
    assert not at.exception, at.exception
    after = _tax_metrics(at)
    assert after["Determined tax"] != before["Determined tax"]


def test_year_end_tax_tab_screens_a_parent_claimed_twice_in_korean():
    at = AppTest.from_file(PAGE, default_timeout=180)
    at.session_state["civic_lang"] = "ko"
    at.run()
    assert not at.exception, at.exception
    assert any("문제 없음" in s.value for s in at.success)
    at.checkbox(key="tax_sibling").check().run()
    assert not at.exception, at.exception
    assert any("추가 납부" in w.value for w in at.warning)
    flags = next(d.value for d in at.dataframe if "extra_tax_krw" in d.value.columns)
    assert flags["basis"].tolist() == ["소득세법 시행령 제106조"]
    at.selectbox(key="tax_year").set_value(2023).run()
    assert not at.exception, at.exception
