"""The optional LambdaRank reranking step and its cross-validated measurement."""

import pytest

from shared import store
from shared.errors import DataError
from shared.llm.rerank import FEATURES, Reranker, cross_validated_quality, query_features
from shared.llm.retrieval import Document, Retriever

TOPICS = ["주차", "소음", "쓰레기", "가로등", "도로", "놀이터", "정보공개", "건축"]


@pytest.fixture(scope="module")
def setup():
    # Each topic has an article whose title names it (the relevant one) and a decoy that repeats the
    # topic word in its text but is about something else: BM25 prefers the decoy, the title does not.
    docs, queries, golds = [], [], []
    for i, topic in enumerate(TOPICS):
        docs.append(
            Document(f"law{i}", f"민원법 제{i + 1}조 ({topic} 민원 기준)", f"{topic} 관련 사항을 정한다.")
        )
        docs.append(
            Document(f"decoy{i}", "보도자료", f"{topic} 민원 처리 기준 궁금 {topic} 민원 처리 기준 행사")
        )
        for phrase in ("불편", "신고", "요청"):
            queries.append(f"{topic} 민원 {phrase}\n{topic} 처리 기준이 궁금합니다")
            golds.append({f"law{i}"})
    return Retriever.from_documents(docs), queries, golds


def test_features_cover_every_candidate(setup):
    r, queries, _ = setup
    pool, X = query_features(r, queries[0], depth=5)
    assert list(X.columns) == FEATURES and len(X) == len(pool) == 5
    assert X["base_rank"].tolist() == [0, 1, 2, 3, 4] and X["dense"].eq(0).all()  # no embedder here
    assert 0 <= X["title_overlap"].max() <= 1 and X["bm25"].max() == pytest.approx(1.0)


def test_a_trained_reranker_fixes_what_bm25_gets_wrong_and_is_stored(setup, tmp_path):
    r, queries, golds = setup
    assert r.rank(queries[0], k=1) == ["decoy0"]  # BM25 alone is fooled by repetition
    rr = Reranker(depth=6, n_estimators=30, min_child_samples=2, num_leaves=4).fit(r, queries, golds)
    assert rr.rank(r, queries[0], k=1) == ["law0"]
    folder = store.save(rr, tmp_path / "reranker")
    assert store.load(folder).rank(r, queries[4], k=2) == rr.rank(r, queries[4], k=2)


def test_cross_validation_never_trains_on_the_questions_it_ranks(setup):
    r, queries, golds = setup
    quality = cross_validated_quality(
        r, queries, golds, folds=3, seeds=(0,), depth=6, n_estimators=30, min_child_samples=2, num_leaves=4
    )
    assert {"recall@5", "recall@10", "mrr", "folds", "seeds"} <= set(quality) and quality["folds"] == 3
    assert 0.0 <= quality["mrr"] <= 1.0 and quality["queries"] == len(queries)
    with pytest.raises(DataError):
        cross_validated_quality(r, queries[:2], golds[:2], folds=3)
    with pytest.raises(DataError):
        Reranker().fit(r, queries[:2], golds[:1])
