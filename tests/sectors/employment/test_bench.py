import pytest

from sectors.employment import bench
from shared.bench import BenchOptions
from shared.errors import DataError


def test_bench_rows_use_the_issue_keys(taxonomy, monkeypatch):
    monkeypatch.setattr(bench, "detect_device", lambda: "cpu (test)")  # importing torch is not under test
    report = bench.benchmark(taxonomy, quick=True, seed=1, n_folds=2, model_params={"n_estimators": 15})
    models = [r["model"] for r in report.rows]
    assert models[:2] == ["tfidf", "skill_jaccard"] and "job_ranker" in models
    for row in report.rows:
        assert set(row) == {"model", "ndcg@10", "recall@10"}
        assert 0 <= row["ndcg@10"] <= 1 and 0 <= row["recall@10"] <= 1
    assert report.headline["model"] == "job_ranker" and report.headline["unit"] == "NDCG@10"
    folds = report.tables["job_ranker_folds"]
    assert folds["queries"].sum() == len(taxonomy.related_truth())
    assert "employment" in report.render()


def test_bench_without_data_says_what_to_pass():
    with pytest.raises(DataError, match="--data"):
        bench.run(BenchOptions(data_dir=None))
