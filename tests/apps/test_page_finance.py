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
