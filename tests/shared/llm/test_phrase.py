"""phrase(): the templated paragraph, and the private-server path with its fallback."""

import json
from pathlib import Path

import pytest

from shared.llm import AuditLog, ChatServerBackend, phrase, redact
from shared.llm.phrasing import templated_paragraph


def test_templated_paragraph_joins_points_into_sentences():
    text = templated_paragraph(
        ["  하천 수위가 상승하고 있습니다", "", "- 저지대 주민은 대피하세요", "차량을 옮기세요."],
        title="홍수 주의",
    )
    assert (
        text
        == "홍수 주의: 하천 수위가 상승하고 있습니다. 또한 저지대 주민은 대피하세요. 끝으로 차량을 옮기세요."
    )


def test_english_keeps_acronyms_after_a_connective():
    assert (
        phrase(["Rain tonight", "KMA warns of floods"], lang="en")
        == "Rain tonight. In addition, KMA warns of floods."
    )


def test_phrase_rejects_bad_arguments():
    with pytest.raises(ValueError):
        phrase(["a"], lang="fr")
    with pytest.raises(TypeError):
        phrase("one string")


def test_phrase_through_the_server_sends_only_redacted_points(chat_server, server_config):
    chat_server.mode = lambda body: "안내: " + body["messages"][-1]["content"].replace("- ", "")
    points = ["담당자 연락처는 010-2222-3333입니다", "접수번호 2024-000123 건은 10일 이내 처리됩니다"]
    out = phrase(points, title="처리 안내", backend=server_config)
    assert "010-2222-3333" in out  # restored on the way back
    assert "010-2222-3333" not in chat_server.prompts()
    assert "[PHONE_1]" in chat_server.prompts()
    assert chat_server.headers[0]["Authorization"] == "Bearer test-key"
    records = AuditLog(server_config.audit_path).records()
    assert len(records) == 1 and records[0]["purpose"] == "phrase" and records[0]["status"] == "ok"


@pytest.mark.parametrize("mode", ["garbage", "http500", "no-choices"])
def test_a_failing_server_gives_the_templated_paragraph(chat_server, server_config, mode):
    chat_server.mode = mode
    points = ["Shelters open at 18:00", "bring medicine"]
    assert phrase(points, lang="en", backend=ChatServerBackend(server_config)) == templated_paragraph(
        points, lang="en"
    )
    record = AuditLog(server_config.audit_path).records()[-1]
    assert record["status"] in {"bad_response", "http_error"} and record["fallback"] is True


def test_phrase_fails_closed_when_redaction_fails(chat_server, server_config, monkeypatch):
    import shared.llm.phrasing as phrase_mod

    def broken(text, **kwargs):
        raise RuntimeError("redaction broke")

    monkeypatch.setattr(phrase_mod, "redact", broken)
    with pytest.raises(RuntimeError):
        phrase(["연락처 010-1111-2222"], backend=server_config)
    assert chat_server.requests == []
    assert not AuditLog(server_config.audit_path).records()


def test_audit_record_has_no_raw_text(chat_server, server_config):
    chat_server.mode = lambda body: "ok"
    phrase(["민원인 홍길동 씨 900101-1234568"], backend=server_config)
    line = Path(server_config.audit_path).read_text(encoding="utf-8")
    assert "900101" not in line and "홍길동" not in line
    record = json.loads(line)
    assert set(record) == set(AuditLog.FIELDS)
    assert len(record["prompt_sha256"]) == 64
    assert redact("민원인 홍길동 씨 900101-1234568").text.count("[") == 2
