"""The Finance page: ranked products with reasons, eligibility checks that react to the profile, adoption by
segment; the profile follows the chosen customer; readable tables in Korean."""

import re

from streamlit.testing.v1 import AppTest

from apps.sections import by_key
from sectors.finance import product_catalogue

PAGE = str(by_key("finance").page_path)


def _page(lang):
    at = AppTest.from_file(PAGE, default_timeout=180)
    at.session_state["civic_lang"] = lang
    at.run()
    assert not at.exception, at.exception
    return at


def _recommendations(at):
    return next(d.value for d in at.dataframe if "weight" in d.value.columns)


def _titles(at):
    return _recommendations(at)["product"].tolist()


def _profile(at):
    return (
        at.number_input(key="fin_age").value,
        at.number_input(key="fin_income").value,
        at.selectbox(key="fin_segment_en").value,
        tuple(at.multiselect(key="fin_held_en").value),
    )


def test_finance_page_ranks_products_and_reacts_to_the_profile():
    at = _page("en")
    adult = _recommendations(at)
    assert 1 <= len(adult) <= 7
    assert adult["rank"].tolist() == list(range(1, len(adult) + 1))
    weights = adult["weight"]
    assert (weights >= 0).all() and abs(weights.sum() - 100) < 1e-6 and weights.is_monotonic_decreasing
    assert adult["rules"].str.contains("within|meets").all()  # the rules passed, in words
    assert (adult["reasons"] != "").all() and not adult["reasons"].str.contains("meets the minimum").any()
    at.number_input(key="fin_age").set_value(15).run()
    assert not at.exception, at.exception
    minor = _titles(at)
    assert minor and not any(
        word in " ".join(minor) for word in ("Credit card", "Mortgage", "Loan", "Payroll")
    )
    at.radio(key="fin_seg_by_en").set_value("segment").run()
    assert not at.exception, at.exception
    groups = next(d.value for d in at.dataframe if "customers" in d.value.columns)
    assert groups.iloc[:, 0].tolist() == [
        "Top (VIP) customers",
        "Individual customers",
        "University students",
    ]


def test_changing_the_customer_changes_the_profile_and_the_recommendations():
    at = _page("en")
    labels = at.selectbox(key="fin_customer_en").options
    ids = [int(re.search(r"Customer (\d+)", label).group(1)) for label in labels]
    ages = [int(re.search(r"age (\d+)", label).group(1)) for label in labels]
    first, first_recs = _profile(at), _recommendations(at)
    assert first[0] == ages[0]
    at.number_input(key="fin_age").set_value(70).run()  # an edit belongs to this customer only
    for index in range(1, len(ids)):
        at.selectbox(key="fin_customer_en").set_value(ids[index]).run()
        assert not at.exception, at.exception
        profile = _profile(at)
        assert profile[0] == ages[index]  # the profile follows the customer, not the edit
        if profile[1:] != first[1:] and not _recommendations(at).equals(first_recs):
            break
    else:
        raise AssertionError("no other sample customer changed the profile and the recommendations")
    names = product_catalogue()["name_en"]
    offered = set(_recommendations(at)["product"])
    assert offered and not {names[c] for c in profile[3]} & offered  # held products are never offered
    at.selectbox(key="fin_customer_en").set_value(ids[0]).run()  # back: the customer's own data again
    assert _profile(at) == first and _recommendations(at).equals(first_recs)


def test_switching_the_language_keeps_the_customer_and_translates_the_choices():
    at = _page("en")
    at.selectbox(key="fin_customer_en").set_value(
        int(re.search(r"Customer (\d+)", at.selectbox(key="fin_customer_en").options[5]).group(1))
    ).run()
    profile = _profile(at)
    at.session_state["civic_lang"] = "ko"
    at.run()
    assert not at.exception, at.exception
    chosen = at.selectbox(key="fin_customer_ko")
    assert chosen.index == 5 and chosen.options[5].startswith("고객 ")
    assert at.number_input(key="fin_age").value == profile[0]
    assert at.selectbox(key="fin_segment_ko").value == profile[2]
    assert tuple(at.multiselect(key="fin_held_ko").value) == profile[3]


def test_finance_page_in_korean_with_a_serving_channel():
    at = _page("ko")
    at.selectbox(key="fin_channel_ko").set_value("online").run()
    assert not at.exception, at.exception
    titles = _titles(at)
    assert titles and not any("주택담보대출" in t for t in titles)  # mortgages: branch only


def test_korean_mode_shows_no_english_headers_no_nan_and_no_raw_codes():
    at = _page("ko")
    for by in ("age_band", "segment", "income_band", "channel", "active"):
        at.radio(key="fin_seg_by_ko").set_value(by).run()
        assert not at.exception, at.exception
        for frame in at.dataframe:
            cells = frame.value.astype(str)
            text = " ".join(cells.to_numpy().ravel())
            assert not re.search(r"\b(nan|None|NaN|NaT)\b", text), text[:200]
            assert "ind_" not in text and "_ult1" not in text
            assert not re.search(r"PARTICULARES|UNIVERSITARIO|TOP\b|EUR|€", text)
        labels = _column_labels(at)
        assert labels and all(re.search("[가-힣]", label) for label in labels), labels
    for element in (*at.markdown, *at.caption, *at.info, *at.subheader):
        assert not re.search(r"\b(nan|None)\b|유로\)|€", element.value), element.value


def _column_labels(at):
    """The column headers a visitor sees: the column_config labels of the shown tables."""
    import json

    labels = []
    for frame in at.dataframe:
        config = json.loads(frame.proto.columns or "{}")
        shown = [c for c in frame.value.columns]
        for column in shown:
            label = config.get(column, {}).get("label")
            labels.append(label if label is not None else str(column))
    return labels


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


def _param(at, name):
    value = at.query_params[name]
    return value[0] if isinstance(value, list) else value


def test_a_link_with_a_customer_opens_that_customer_and_the_url_follows_the_choice():
    options = _page("en").selectbox(key="fin_customer_en").options
    ids = [int(re.search(r"Customer (\d+)", label).group(1)) for label in options]
    ages = [int(re.search(r"age (\d+)", label).group(1)) for label in options]
    at = AppTest.from_file(PAGE, default_timeout=180)
    at.session_state["civic_lang"] = "en"
    at.query_params["customer"] = str(ids[4])
    at.run()
    assert not at.exception, at.exception
    assert at.selectbox(key="fin_customer_en").value == ids[4]
    assert at.number_input(key="fin_age").value == ages[4]  # the profile is that customer's
    at.selectbox(key="fin_customer_en").set_value(ids[2]).run()
    at.run()
    assert _param(at, "customer") == str(ids[2])
