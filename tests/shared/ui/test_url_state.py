"""Language and a page's main selection survive in the URL (st.query_params)."""

from streamlit.testing.v1 import AppTest


def _page():
    import streamlit as st

    from shared.ui import language_switch, tr, url_index

    language_switch()
    options = ["a", "b", "c"]
    st.selectbox(tr("선택", "Choice"), options, index=url_index("choice", options, "b"), key="choice")
    st.title(tr("제목", "Title"))


def test_language_and_selection_come_from_the_url():
    at = AppTest.from_function(_page)
    at.query_params["lang"] = "en"
    at.query_params["choice"] = "c"
    at.run()
    assert not at.exception
    assert at.title[0].value == "Title"
    assert at.selectbox(key="choice").value == "c"


def test_defaults_and_invalid_values_are_ignored():
    at = AppTest.from_function(_page)
    at.query_params["lang"] = "xx"
    at.query_params["choice"] = "zzz"
    at.run()
    assert at.title[0].value == "제목"
    assert at.selectbox(key="choice").value == "b"
    assert at.query_params["lang"] == "ko"


def test_changes_are_written_back_to_the_url():
    at = AppTest.from_function(_page).run()
    at.sidebar.radio(key="civic_lang").set_value("en").run()
    at.selectbox(key="choice").set_value("a").run()
    at.run()
    assert at.query_params["lang"] == "en"
    assert at.query_params["choice"] == "a"
    assert at.title[0].value == "Title"


def _labelled_page():
    import streamlit as st

    from shared.ui import url_index

    labels = ["01013500 · Fish River", "03439000 · French Broad River"]
    st.selectbox(
        "basin",
        labels,
        index=url_index("basin", labels, labels[0], text=lambda v: v.split(" · ")[0]),
        key="basin",
    )


def test_a_long_label_is_kept_in_the_url_by_its_id():
    at = AppTest.from_function(_labelled_page)
    at.query_params["basin"] = "03439000"
    at.run()
    assert at.selectbox(key="basin").value == "03439000 · French Broad River"
    at.selectbox(key="basin").set_value("01013500 · Fish River").run()
    at.run()
    assert at.query_params["basin"] == "01013500"
