"""The Employment page: profile form, recommended listings with skills, and the training-plan timeline."""

import pytest
from streamlit.testing.v1 import AppTest

from apps.sections import by_key

PAGE = str(by_key("employment").page_path)


def _page(lang="en"):
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state["civic_lang"] = lang
    return at.run()


def _texts(at):
    return [m.value for m in at.markdown]


@pytest.fixture(scope="module")
def page():
    return _page()


def test_page_shows_listings_with_matched_and_missing_skills_and_a_timeline(page):
    assert not page.exception, page.exception
    assert [s.value for s in page.subheader] == ["Job seeker", "Recommended listings", "Training plan"]
    skills = [t for t in _texts(page) if t.startswith(":green[Matched")]
    assert len(skills) == 8 and all(":red[Missing" in t for t in skills)
    charts = page.get("plotly_chart")
    assert len(charts) == 1
    assert "O*NET" in page.caption[-1].value and "ESCO" in page.caption[-1].value


def test_korean_labels_by_default():
    at = _page("ko")
    assert not at.exception
    assert [s.value for s in at.subheader] == ["구직자 정보", "추천 일자리", "맞춤형 훈련 계획"]
    assert any(t.startswith(":green[보유 기술") for t in _texts(at))


def test_changing_the_profile_changes_the_recommendations(page):
    at = _page()
    at.selectbox(key="emp_occupation").set_value("15-1252.00")
    at.multiselect(key="emp_skills").set_value(["Python", "Git"])
    at.selectbox(key="emp_education").select_index(
        5
    )  # bachelor's (format_func labels are language-dependent)
    at.button(key="emp_submit").click().run()
    assert not at.exception, at.exception
    titles = [t for t in _texts(at) if t.startswith("**1. ")]
    assert titles and "Customer Service" not in titles[0]
    first_skills = next(t for t in _texts(at) if t.startswith(":green[Matched"))
    assert "Python" in first_skills or "Git" in first_skills or "Missing" in first_skills


def test_no_time_gives_no_plan_and_strict_salary_gives_no_listing():
    at = _page()
    at.slider(key="emp_hours").set_value(0).run()
    assert not at.exception
    assert any("No course raises the match" in i.value for i in at.info)
    at.number_input(key="emp_min_salary").set_value(20_000)
    at.button(key="emp_submit").click().run()
    assert not at.exception
    assert any("No listing fits" in i.value for i in at.info)
