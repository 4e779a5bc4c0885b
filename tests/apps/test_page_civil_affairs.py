"""The Civil Affairs page: renders on bundled data, redacts, cites, opens sources, switches backend."""

import pytest
from streamlit.testing.v1 import AppTest

from apps.sections import by_key

PAGE = str(by_key("llm").page_path)
TIMEOUT = 120


@pytest.fixture
def page():
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    return at


def _markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_example_is_redacted_summarised_sourced_and_drafted(page):
    text = _markdown(page)
    assert "[PHONE_1]" in text and "010-2345-6789" not in text
    assert "접수번호 2024-0502-117" in text  # receipt numbers stay
    assert any("[1]" in e.label for e in page.expander)
    assert "법적 근거" in text
    assert not page.warning


def test_a_citation_button_opens_its_source(page):
    buttons = [b for b in page.button if b.key and b.key.startswith("ca_cite_")]
    assert buttons
    buttons[0].click().run()
    assert not page.exception
    number = buttons[0].key.rsplit("_", 1)[1]
    assert f"**[{number}]" in _markdown(page)


def test_pasted_english_complaint_and_press_release(page):
    page.radio(key="ca_source").set_value("paste").run()
    page.text_area(key="ca_text").input(
        "My neighbour Mr. John Smith (john@example.org, 010-1111-2222) asked for the CCTV records. "
        "Please disclose the records of the district office."
    ).run()
    page.radio(key="ca_kind").set_value("press_release").run()
    assert not page.exception
    text = _markdown(page)
    assert "john@example.org" not in text and "[EMAIL_1]" in text
    assert "Headline" in text or "제목" in text


def test_restore_toggle_shows_the_identifiers_in_the_draft(page):
    page.radio(key="ca_source").set_value("paste").run()
    page.text_area(key="ca_text").input(
        "민원인 홍길동 씨입니다. 정보공개 청구 후 10일이 지났는데 결정이 없습니다. 답변 바랍니다."
    ).run()
    assert "홍길동" not in _markdown(page)
    page.toggle(key="ca_restore").set_value(True).run()
    assert not page.exception


def test_server_backend_without_settings_stays_offline_and_english_labels(page):
    page.session_state["civic_lang"] = "en"
    page.radio(key="ca_backend").set_value("server").run()
    assert not page.exception
    assert any("embedded backend is used" in i.value for i in page.info)
    assert any(s.value.startswith("4. Draft") for s in page.subheader)


def test_server_backend_with_a_dead_server_falls_back_with_a_warning(page, tmp_path, monkeypatch):
    import socket

    monkeypatch.setenv("CIVIC_LLM_AUDIT", str(tmp_path / "audit.jsonl"))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    page.radio(key="ca_backend").set_value("server").run()
    page.text_input(key="ca_url").input(f"http://127.0.0.1:{port}/v1").run()
    page.text_input(key="ca_model").input("local-model").run()
    assert not page.exception
    assert page.warning and "unreachable" in page.warning[0].value
    assert (tmp_path / "audit.jsonl").read_text(encoding="utf-8").count('"status": "unreachable"') >= 1
