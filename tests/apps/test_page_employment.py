"""The Employment page: example seekers fill the form, recommended listings with skills, the training-plan
timeline; the form and the results follow the chosen seeker; Korean titles and headers in Korean mode."""

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from apps.sections import by_key

PAGE = str(by_key("employment").page_path)


def _page(lang="en"):
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state["civic_lang"] = lang
    at.run()
    assert not at.exception, at.exception
    return at


def _listings(at):
    return next(d.value for d in at.dataframe if "standing" in d.value.columns)


def _column_labels(at):
    """The column headers a visitor sees: the column_config labels of the shown tables."""
    labels = []
    for frame in at.dataframe:
        config = json.loads(frame.proto.columns or "{}")
        labels += [config.get(c, {}).get("label") or str(c) for c in frame.value.columns]
    return labels


@pytest.fixture(scope="module")
def page():
    return _page()


def test_page_shows_listings_with_matched_and_missing_skills_and_a_timeline(page):
    assert [s.value for s in page.subheader] == ["Job seeker", "Recommended listings", "Training plan"]
    top = _listings(page)
    assert len(top) == 8 and top["rank"].tolist() == list(range(1, 9))
    assert top["standing"].between(0, 100).all() and top["standing"].is_monotonic_decreasing
    assert top["matched_skills"].map(len).sum() > 0 and top["missing_skills"].map(len).sum() > 0
    assert top["pay"].str.match(r"^[\d,]+ KRW$").all()
    assert len(page.get("plotly_chart")) == 1
    assert "O*NET" in page.caption[-1].value and "ESCO" in page.caption[-1].value


def test_korean_mode_has_korean_titles_headers_and_no_nan():
    at = _page("ko")
    assert [s.value for s in at.subheader] == ["구직자 정보", "추천 일자리", "맞춤형 훈련 계획"]
    top = _listings(at)
    assert top["job"].str.contains("[가-힣]").all()  # O*NET titles from the bundled Korean mapping
    assert top["pay"].str.endswith("만원").all() and top["place"].str.contains("[가-힣]").all()
    labels = _column_labels(at)
    assert labels and all(re.search("[가-힣]", label) for label in labels), labels
    for frame in at.dataframe:
        text = " ".join(frame.value.astype(str).to_numpy().ravel())
        assert not re.search(r"\b(nan|None|NaN|NaT)\b", text), text[:200]
        assert not re.search(r"\b[a-z]+_[a-z_]+\b", text), text[:200]  # no snake_case codes
    assert all(re.search("[가-힣]", o) for o in at.selectbox(key="emp_occupation_ko").options[:20])
    assert all("Busan" not in o and "Seoul" not in o for o in at.selectbox(key="emp_sample_ko").options)


def test_changing_the_example_seeker_changes_the_form_and_the_recommendations():
    at = _page()
    first_code = at.selectbox(key="emp_occupation_en").value
    first_skills = at.multiselect(key="emp_skills").value
    first_jobs = _listings(at)["job"].tolist()
    at.multiselect(key="emp_skills").set_value(["Python"])
    at.button(key="emp_submit").click().run()  # an edit of the first seeker's form
    at.selectbox(key="emp_sample_en").set_value(1).run()
    assert not at.exception, at.exception
    assert at.selectbox(key="emp_occupation_en").value == "15-1252.00" != first_code
    skills = at.multiselect(key="emp_skills").value
    assert "Git" in skills and skills != first_skills and "Python" not in skills
    jobs = _listings(at)["job"].tolist()
    assert jobs != first_jobs and "Software Developers" in jobs[0]
    at.selectbox(key="emp_sample_en").set_value(0).run()  # back: that seeker's own form again
    assert at.multiselect(key="emp_skills").value == first_skills
    assert _listings(at)["job"].tolist() == first_jobs


def test_changing_the_profile_changes_the_recommendations(page):
    at = _page()
    at.selectbox(key="emp_occupation_en").set_value("15-1252.00")
    at.multiselect(key="emp_skills").set_value(["Python", "Git"])
    at.selectbox(key="emp_education_en").set_value(6)  # bachelor's
    at.button(key="emp_submit").click().run()
    assert not at.exception, at.exception
    top = _listings(at)
    assert "Customer Service" not in top["job"].iloc[0]
    assert all(set(s) <= {"Python", "Git"} for s in top["matched_skills"])  # matched against the new skills


def test_no_time_gives_no_plan_and_strict_salary_gives_no_listing():
    at = _page()
    at.slider(key="emp_hours").set_value(0).run()
    assert not at.exception
    assert any("No course raises the match" in i.value for i in at.info)
    at.number_input(key="emp_min_salary").set_value(20_000)
    at.button(key="emp_submit").click().run()
    assert not at.exception
    assert any("No listing fits" in i.value for i in at.info)


def test_switching_the_language_keeps_the_chosen_seeker_and_translates_the_choices():
    at = _page()
    at.selectbox(key="emp_sample_en").set_value(2).run()
    chosen = at.selectbox(key="emp_occupation_en").value
    at.session_state["civic_lang"] = "ko"
    at.run()
    assert not at.exception, at.exception
    assert at.selectbox(key="emp_sample_ko").value == 2
    assert at.selectbox(key="emp_occupation_ko").value == chosen
    assert (
        at.selectbox(key="emp_occupation_ko").options[0] != at.selectbox(key="emp_occupation_ko").options[-1]
    )
    assert "간호사" in at.selectbox(key="emp_sample_ko").options[2]


def test_a_link_with_a_seeker_opens_that_seeker_and_the_url_follows_the_choice():
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state["civic_lang"] = "en"
    at.query_params["seeker"] = "1"
    at.run()
    assert not at.exception, at.exception
    assert at.selectbox(key="emp_sample_en").value == 1
    assert at.selectbox(key="emp_occupation_en").value == "15-1252.00"  # the form is that seeker's
    at.selectbox(key="emp_sample_en").set_value(2).run()
    at.run()
    value = at.query_params["seeker"]
    assert (value[0] if isinstance(value, list) else value) == "2"
