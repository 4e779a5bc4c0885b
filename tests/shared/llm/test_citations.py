"""The citation check: every bracket variant of a source number, laws with or without 「」, and articles."""

from __future__ import annotations

import random

import pytest

from shared.llm.citations import CitationError, check_citations, citations_in
from shared.llm.corpus import corpus_retriever, example_complaints
from shared.llm.drafts import KINDS, DraftSection, embedded_draft
from shared.llm.retrieval import Hit
from shared.llm.summaries import extractive_summary

LAW = "공공기관의 정보공개에 관한 법률"


def _hit(doc_id, law, article, text, kind="statute"):
    meta = {"type": kind, "law": law, "article": article} if kind == "statute" else {"type": kind}
    return Hit(doc_id, 1.0, text, (0, len(text)), f"{law} {article}" if law else doc_id, meta)


SOURCES = [
    _hit(
        "oida/11",
        LAW,
        "제11조",
        "① 공공기관은 10일 이내에 공개 여부를 결정하여야 한다. 「민법」 제159조를 준용한다. 제18조에 따른 이의신청.",
    ),
    _hit("oida/18", LAW, "제18조", "① 청구인은 20일이 경과한 날부터 30일 이내에 이의신청을 할 수 있다."),
    _hit("road/3", "도로교통법", "제3조", "시장등은 교통안전시설을 설치ㆍ관리하여야 한다."),
    _hit(
        "guide-1",
        "",
        "",
        "처리 기간에는 공휴일을 산입하지 않는다(민원 처리에 관한 법률 제19조). 같은 법 제27조에 따라 통지한다.",
        kind="guideline",
    ),
]


def _check(text):
    check_citations([DraftSection("answer", "답변", text)], SOURCES)


@pytest.mark.parametrize(
    "text, numbers",
    [
        ("기한 [1]. 연장 [2, 3]. 연락처 [PHONE_1]", [1, 2, 3]),
        ("기한 [ 4 ]과 【2】, 〔3〕, ［４］", [4, 2, 3, 4]),
        ("근거 [1-3], [^2], [출처 1], [source: 4]", [1, 2, 3, 2, 1, 4]),
        ("결정하여야 합니다 (2). 통지합니다(3)", [2, 3]),
        ("(1) 청구 요지\n(2) 검토 사항", []),  # list items, not citations
        ("2020년(2020) 개정, 제11조(정보공개 여부의 결정)", []),
        ("기한\u200b[\u200b4\u200b]", [4]),  # zero-width characters do not hide a citation
    ],
)
def test_citation_numbers_in_every_form(text, numbers):
    assert citations_in(text) == numbers


@pytest.mark.parametrize(
    "text",
    [
        "근거 [ 9 ]",
        "근거 【12】",
        "근거 〔9〕",
        "근거 ［９］",
        "근거 [^9]",
        "근거 [출처 9]",
        "결정합니다 (9).",
        "근거 [1-9]",
        "근거 [1, 9]",
        "근거 [0]",
    ],
)
def test_a_source_number_that_was_not_retrieved_is_caught_in_every_bracket(text):
    with pytest.raises(CitationError, match="sources were retrieved"):
        _check(text)


@pytest.mark.parametrize(
    "text, match",
    [
        ("민법 제9999조에 따라 배상합니다 [1].", "민법 제9999조"),
        ("「민법」 제9999조에 따릅니다 [1].", "민법"),
        ("도로교통법 제99조에 따릅니다 [3].", "도로교통법 제99조"),
        (f"{LAW} 제12조에 따라 [1]", "제12조"),
        ("헌법 제10조에 따라 [1]", "헌법 제10조"),
        ("검토 결과 제9999조가 적용됩니다 [1].", "제9999조"),
        (f"「{LAW}」 제11조 및 제99조에 따라 [1]", "제99조"),
        (f"「{LAW}」 제11조 [1]. 같은 법 제99조 [2]", "제99조"),
        ("「개인정보 보호법」에 따라 처리합니다 [1].", "개인정보 보호법"),
        ("민법\u200b 제９９９９조에 따라 [1]", "제9999조"),  # full width and zero width
    ],
)
def test_a_law_or_an_article_that_was_not_retrieved_is_caught(text, match):
    with pytest.raises(CitationError, match=match):
        _check(text)


@pytest.mark.parametrize(
    "text",
    [
        f"{LAW} 제11조에 따라 10일 이내에 결정합니다 [1].",
        f"「{LAW}」 제11조제1항에 따라 결정합니다 [1].",
        "정보공개에 관한 법률 제11조에 따라 [1]",  # a long tail of the retrieved name
        f"「{LAW}」 제11조 및 제18조에 따라 [1][2]",
        f"「{LAW}」 제11조 [1]. 같은 법 제18조에 따라 이의신청할 수 있습니다 [2].",
        "「민법」 제159조를 준용합니다 [1].",  # named by a retrieved text
        "민원 처리에 관한 법률 제19조와 같은 법 제27조에 따릅니다 [4].",  # named by a retrieved guideline
        "「도로교통법」 제3조에 따라 시장등이 관리합니다 (3).",
        "제18조에 따라 이의신청할 수 있습니다 [2].",  # a bare article some retrieved text has
        "적법한 방법으로 처리합니다 [1].",
    ],
)
def test_what_was_retrieved_passes(text):
    _check(text)


def test_embedded_drafts_pass_the_check_over_the_bundled_corpus():
    """No false alarm on the offline drafts: every example complaint and a seeded sample of documents
    used as complaints, in every kind and both languages."""
    retriever = corpus_retriever()
    docs = list(retriever.docs_)
    queries = [e["text"] for e in example_complaints()]
    queries += [f"{d.title} {d.text[:200]}" for d in random.Random(0).sample(docs, min(25, len(docs)))]
    assert len(queries) >= 25
    for query in queries:
        summary = extractive_summary(query, 3)
        hits = retriever.search(query, k=5)
        for kind in KINDS:
            for lang in ("ko", "en"):
                draft = embedded_draft(kind, summary, hits, lang)
                assert all(1 <= n <= len(hits) for s in draft.sections for n in s.citations)


def test_a_decree_s_law_is_its_act_and_loose_branch_numbers_are_read():
    decree = _hit(
        "decree/125", "소득세법 시행령", "제125조", "② 신고를 하지 아니한 때에는 법 제80조의 규정을 준용한다."
    )
    branch = _hit(
        "crim/227-2", "형법", "제227조의2", "권리ㆍ의무 또는 사실증명에 관한 전자기록을 위작한 자는 처벌한다."
    )
    sources = [decree, branch]
    check_citations([DraftSection("a", "A", "소득세법 제80조를 준용합니다 [1].")], sources)
    check_citations([DraftSection("a", "A", "형법 제227조2에서 정한 형 [2], 형법 제227조의 2 [2]")], sources)
    for wrong in ("소득세법 시행령 제80조 [1]", "형법 제227조에 따라 [2]", "형법 제227조3 [2]"):
        with pytest.raises(CitationError):
            check_citations([DraftSection("a", "A", wrong)], sources)
