"""The Civil Affairs assistant end to end, offline and against a real chat-completions server on loopback."""

import json
from pathlib import Path

import pytest

from shared.llm import AuditLog, ChatServerBackend, CivilAffairsAssistant, Document, Retriever
from shared.llm.drafts import CitationError, DraftSection, check_citations

LAW = "공공기관의 정보공개에 관한 법률"
DOCS = [
    Document(
        "oida/11",
        f"{LAW} 제11조 (정보공개 여부의 결정)",
        "① 공공기관은 정보공개의 청구를 받으면 그 청구를 받은 날부터 10일 이내에 공개 여부를 결정하여야 한다.\n"
        "② 부득이한 사유로 기간 이내에 결정할 수 없을 때에는 10일의 범위에서 결정기간을 연장할 수 있다. <개정 2020.12.22>",
        {
            "type": "statute",
            "law": LAW,
            "article": "제11조",
            "heading": "정보공개 여부의 결정",
            "amendments": "2020.12.22",
            "promulgated": "2023-05-16",
            "in_force": "2023-11-17",
        },
    ),
    Document(
        "oida/18",
        f"{LAW} 제18조 (이의신청)",
        "① 청구인은 정보공개 청구 후 20일이 경과하도록 정보공개 결정이 없는 때에는 20일이 경과한 날부터 30일 이내에 이의신청을 할 수 있다.",
        {"type": "statute", "law": LAW, "article": "제18조", "heading": "이의신청"},
    ),
    Document(
        "guide-1",
        "정보공개 처리 안내 (데모용 지침)",
        "정보공개 청구는 접수일부터 처리 기한을 관리한다. 연장 시 청구인에게 문서로 알린다.",
        {"type": "guideline", "written_for_demo": True},
    ),
    Document(
        "case-1",
        "[사례] 결정기간 연장 (데모용)",
        "자료가 방대하여 결정기간을 10일 연장하고 청구인에게 통지하였다.",
        {"type": "case", "written_for_demo": True},
    ),
    Document(
        "road/3",
        "도로교통법 제3조 (신호기 등의 설치 및 관리)",
        "시장등은 교통안전시설을 설치ㆍ관리하여야 한다.",
        {"type": "statute", "law": "도로교통법", "article": "제3조"},
    ),
]
IDENTIFIERS = ["900101-1234568", "010-2345-6789", "minsu.kim@example.com", "110-123-456789", "김민수"]
COMPLAINT = (
    "저는 김민수입니다. 주민등록번호 900101-1234568, 연락처 010-2345-6789, 메일 minsu.kim@example.com 입니다.\n"
    "2024년 5월 2일 구청에 회의록 정보공개를 청구하였는데 20일이 지나도록 결정 통지가 없습니다(접수번호 2024-0502-117).\n"
    "결정기간을 연장한다는 통지도 받지 못했습니다. 수수료 환불은 계좌 110-123-456789로 해 주세요.\n"
    "이의신청을 언제까지 할 수 있는지 알려 주시고 회의록을 공개해 주시기 바랍니다."
)


@pytest.fixture(scope="module")
def retriever():
    return Retriever.from_documents(DOCS)


def _good_reply(body):
    sources = body["messages"][-1]["content"]
    assert "[1]" in sources
    return json.dumps(
        {
            "answer": "[NAME_1]님, 청구일부터 10일 이내에 결정하여야 하며 [1], 20일이 지나면 이의신청을 할 수 있습니다 [2].",
            "legal_basis": f"「{LAW}」 제11조 [1]; 「{LAW}」 제18조 [2]",
            "background": "2020년 개정으로 연장 통지 의무가 명확해졌습니다 [1].",
            "next_steps": "처리 결과는 문서로 알려 드립니다 [1].",
        },
        ensure_ascii=False,
    )


def test_offline_case_has_every_part_and_cites_only_retrieved_sources(retriever):
    case = CivilAffairsAssistant(retriever).handle(COMPLAINT)
    for value in IDENTIFIERS:
        assert value not in case.redacted_text
        assert value not in case.summary.text and value not in case.draft.text
    assert "2024년 5월 2일" in case.redacted_text and "접수번호 2024-0502-117" in case.redacted_text
    assert [s.key for s in case.draft.sections] == ["answer", "legal_basis", "background", "next_steps"]
    assert case.grounded and {h.doc_id for h in case.legal_basis} <= {"oida/11", "oida/18"}
    retrieved = {h.doc_id for h in case.sources}
    assert case.draft.cited() and {h.doc_id for h in case.draft.cited()} <= retrieved
    assert "oida/18" in retrieved
    answer = case.draft.section("answer").text
    assert answer.startswith("민원인께서는") and "요청하셨습니다" in answer  # the officer's voice
    assert "[RRN_1]" not in case.draft.text and "저는" not in case.draft.text
    assert "[1]" in case.draft.section("legal_basis").text or "[2]" in case.draft.section("legal_basis").text
    assert case.restore(case.redacted_text) == COMPLAINT
    assert case.warnings == []


@pytest.mark.parametrize(
    "kind, keys",
    [
        ("press_release", ["headline", "lead", "figures", "legal_basis", "background"]),
        ("disclosure_summary", ["request", "legal_basis", "deadline", "checks", "precedents"]),
    ],
)
def test_press_release_and_disclosure_summary_use_the_same_machinery(retriever, kind, keys):
    assistant = CivilAffairsAssistant(retriever)
    case = (
        assistant.press_release(COMPLAINT)
        if kind == "press_release"
        else assistant.disclosure_summary(COMPLAINT)
    )
    assert case.draft.kind == kind and [s.key for s in case.draft.sections] == keys
    check_citations(case.draft.sections, case.draft.sources)
    if kind == "disclosure_summary":
        assert "10일" in case.draft.section("deadline").text


def test_private_server_end_to_end(retriever, chat_server, server_config):
    chat_server.mode = lambda body: (
        _good_reply(body)
        if "JSON" in body["messages"][0]["content"]
        else "회의록 정보공개 결정이 지연됨. 이의신청 기한 문의."
    )
    case = CivilAffairsAssistant(retriever, backend=server_config).handle(COMPLAINT)
    sent = chat_server.prompts()
    for value in IDENTIFIERS:
        assert value not in sent, value
    assert chat_server.requests[0]["model"] == "test-model"
    assert case.draft.backend == "server:test-model" and case.warnings == []
    assert "[NAME_1]님" in case.draft.section("answer").text  # identifiers stay hidden in the draft ...
    assert case.restore(case.draft.text).count("김민수") == 1  # ... until the officer restores them
    records = AuditLog(server_config.audit_path).records()
    assert [r["purpose"] for r in records] == ["summary", "draft:reply"]
    assert all(r["status"] == "ok" and len(r["prompt_sha256"]) == 64 and r["time"] for r in records)
    audit_text = Path(server_config.audit_path).read_text(encoding="utf-8")
    for value in IDENTIFIERS + ["회의록"]:
        assert value not in audit_text


def test_timeout_gives_a_clear_error_and_the_embedded_draft(retriever, chat_server, server_config):
    chat_server.mode = "slow"
    chat_server.slow_seconds = 2.0  # the client waits 1 s
    offline = CivilAffairsAssistant(retriever).handle(COMPLAINT)
    case = CivilAffairsAssistant(retriever, backend=server_config).handle(COMPLAINT)
    assert case.draft.backend == "embedded" and case.draft.text == offline.draft.text
    assert any("did not answer within 1 s" in w for w in case.warnings)
    assert {r["status"] for r in AuditLog(server_config.audit_path).records()} == {"timeout"}


@pytest.mark.parametrize("mode", ["garbage", "http500", "no-choices", lambda body: "this is not JSON"])
def test_garbage_gives_the_embedded_draft(retriever, chat_server, server_config, mode):
    chat_server.mode = mode
    case = CivilAffairsAssistant(retriever, backend=server_config).handle(COMPLAINT)
    assert case.draft.backend == "embedded" and case.warnings
    if isinstance(mode, str):  # the whole exchange failed: same as offline (a text answer still summarises)
        assert case.draft.text == CivilAffairsAssistant(retriever).handle(COMPLAINT).draft.text


@pytest.mark.parametrize(
    "bad",
    [
        {"answer": "기한은 10일입니다 [9].", "legal_basis": "[1]", "background": "[1]", "next_steps": "[1]"},
        {
            "answer": "기한은 10일입니다 [1].",
            "legal_basis": "「도로교통법」 제99조에 따라 [1]",
            "background": "[1]",
            "next_steps": "[1]",
        },
    ],
)
def test_a_draft_citing_an_unretrieved_source_is_rejected(retriever, chat_server, server_config, bad):
    chat_server.mode = lambda body: (
        json.dumps(bad, ensure_ascii=False) if "JSON" in body["messages"][0]["content"] else "요약."
    )
    backend = ChatServerBackend(server_config)
    case = CivilAffairsAssistant(retriever, backend=backend).handle(COMPLAINT)
    assert case.draft.backend == "embedded"
    assert any("rejected" in w for w in case.warnings)
    statuses = [r["status"] for r in AuditLog(server_config.audit_path).records()]
    assert "rejected_citation" in statuses


def test_check_citations_allows_articles_quoted_by_retrieved_text(retriever):
    hits = retriever.search("결정기간 연장", k=3)
    check_citations([DraftSection("a", "A", f"「{LAW}」 제11조에 따릅니다 [1]")], hits)
    with pytest.raises(CitationError):
        check_citations([DraftSection("a", "A", "근거 [0]")], hits)


def test_assistant_fails_closed_when_redaction_fails(retriever, chat_server, server_config, monkeypatch):
    import importlib

    assistant_mod = importlib.import_module("shared.llm.assistant")

    def broken(text, **kwargs):
        raise RuntimeError("redaction broke")

    monkeypatch.setattr(assistant_mod, "redact", broken)
    with pytest.raises(RuntimeError):
        CivilAffairsAssistant(retriever, backend=server_config).handle(COMPLAINT)
    assert chat_server.requests == [] and not AuditLog(server_config.audit_path).records()


def test_server_redaction_failure_inside_chat_sends_nothing(chat_server, server_config, monkeypatch):
    import importlib

    backends_mod = importlib.import_module("shared.llm.backends")
    monkeypatch.setattr(backends_mod, "redact", lambda text: (_ for _ in ()).throw(RuntimeError("broke")))
    with pytest.raises(RuntimeError):
        ChatServerBackend(server_config).chat([{"role": "user", "content": "010-1111-2222"}], purpose="test")
    assert chat_server.requests == []


def test_server_config_from_env_and_toml(tmp_path, monkeypatch):
    from shared.errors import CivicError
    from shared.llm import ServerConfig

    monkeypatch.setenv("CIVIC_LLM_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("CIVIC_LLM_MODEL", "m")
    monkeypatch.setenv("CIVIC_LLM_KEY", "k")
    assert ServerConfig.from_env().api_key == "k"
    monkeypatch.setenv("SECRET_KEY_VAR", "s")
    path = tmp_path / "civic.toml"
    path.write_text(
        '[llm]\nurl = "http://10.0.0.5:8000/v1"\nmodel = "qwen"\nkey_env = "SECRET_KEY_VAR"\n',
        encoding="utf-8",
    )
    cfg = ServerConfig.from_toml(path)
    assert (cfg.endpoint, cfg.api_key) == ("http://10.0.0.5:8000/v1/chat/completions", "s")
    with pytest.raises(CivicError):
        ServerConfig(url="ftp://x", model="m")


def test_unreachable_server_is_a_clear_error(tmp_path):
    import socket

    from shared.llm import BackendError, ServerConfig

    with socket.socket() as s:  # a loopback port that nothing listens on once closed
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cfg = ServerConfig(
        url=f"http://127.0.0.1:{port}/v1", model="m", timeout_s=1, audit_path=str(tmp_path / "a.jsonl")
    )
    with pytest.raises(BackendError, match="unreachable"):
        ChatServerBackend(cfg).chat([{"role": "user", "content": "hi"}], purpose="test")
