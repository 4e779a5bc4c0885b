"""Issue 15 point 7: every sector page shows its drafted text from the shared LLM service layer.

Each text is shown with st.text (never Markdown), cites its sources, hides the identifiers of its input,
and leaves an audit record (the audit file is the test's own: tests/conftest.py sets CIVIC_LLM_AUDIT).
"""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from apps.sections import by_key
from shared.llm import AuditLog

TIMEOUT = 240


def _page(key: str, lang: str) -> AppTest:
    at = AppTest.from_file(str(by_key(key).page_path), default_timeout=TIMEOUT)
    at.session_state["civic_lang"] = lang
    at.run()
    assert not at.exception, at.exception
    return at


def _texts(at: AppTest) -> str:
    return "\n".join(t.value for t in at.text)


def _purposes() -> set[str]:
    return {r["purpose"] for r in AuditLog().records()}


def test_finance_page_explains_the_recommendation_from_its_terms():
    at = _page("finance", "en")
    assert any(e.label == "Why this product (cited from its terms)" for e in at.expander)
    shown = _texts(at)
    assert "Recommended product" in shown and "terms" in shown and "Sources\n[1]" in shown
    assert "finance.explain" in _purposes()


def test_welfare_page_drafts_the_notice_to_the_household():
    at = _page("welfare", "ko")  # the default sample household (70, living alone) shows its services at once
    assert not at.exception, at.exception
    assert any(e.label.startswith("가구에 보낼 신청 안내문") for e in at.expander)
    shown = _texts(at)
    assert "신청 방법" in shown and "선정 기준" in shown and "행정복지센터" in shown
    assert "welfare.notice" in _purposes()


def test_employment_page_reads_a_resume_and_explains_the_plan():
    at = _page("employment", "ko")
    assert any(e.label == "이력서로 훈련 계획 세우기 (설명 포함)" for e in at.expander)
    shown = _texts(at)
    assert "Microsoft Excel" in shown and "훈련 계획" in shown
    assert "010-1234-5678" not in shown and "[PHONE_1]" in shown  # the example résumé's number is hidden
    assert "employment.plan_explanation" in _purposes()


def test_traffic_page_shows_the_congestion_bulletin():
    at = _page("traffic", "ko")
    assert any(e.label == "교통 정체 예보문" for e in at.expander)
    shown = _texts(at)
    assert "교통 정체 예보" in shown and "km/h" in shown and "출처" in shown
    assert "traffic.bulletin" in _purposes()


def test_disaster_page_bulletin_goes_through_the_service_layer():
    at = _page("disaster", "en")
    shown = _texts(at)
    assert "Forecast risks" in shown and "[1]" in shown and "Sources" in shown
    assert "disaster.bulletin" in _purposes()
