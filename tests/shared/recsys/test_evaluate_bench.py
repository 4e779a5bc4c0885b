import json

import numpy as np
import pandas as pd
from typer.testing import CliRunner

from apps import cli
from shared.data.formats.interactions import read_interactions
from shared.data.registry import SAMPLES
from shared.recsys import EASE, Popularity, ScorerModel, evaluate_models, generate_interactions

UDATA = SAMPLES / "recsys" / "udata-constructed" / "u.data"


def test_generated_log_is_seeded_and_shaped_like_movielens():
    a = generate_interactions(n_users=50, n_items=80, mean_length=30, seed=9)
    b = generate_interactions(n_users=50, n_items=80, mean_length=30, seed=9)
    pd.testing.assert_frame_equal(a.interactions, b.interactions)
    sizes = a.interactions.groupby("user").size()
    assert sizes.min() >= 20 and set(a.interactions["weight"]) <= {1.0, 2.0, 3.0, 4.0, 5.0}
    counts = a.interactions["item"].value_counts()
    assert counts.iloc[0] > 2.5 * counts.median()  # a popularity head
    assert not a.interactions.duplicated(["user", "item"]).any()


def test_protocol_excludes_seen_items_and_ease_beats_popularity():
    log = generate_interactions(n_users=150, n_items=120, mean_length=30, seed=4)
    table = evaluate_models(
        log.interactions,
        {"popularity": lambda: ScorerModel(Popularity), "ease": lambda: ScorerModel(EASE, tune=True)},
    ).set_index("model")
    assert table.loc["ease", "ndcg@10"] > table.loc["popularity", "ndcg@10"]
    assert {"precision@10", "recall@10", "ndcg@10", "map@10", "coverage", "train_s"} <= set(table.columns)
    assert table.loc["popularity", "coverage"] < table.loc["ease", "coverage"]


def test_udata_reader_on_the_constructed_fixture(tmp_path):
    frame = read_interactions(UDATA)
    assert list(frame.columns) == ["user", "item", "time", "weight"]
    assert len(frame) == 166 and frame["time"].dt.year.min() == 1997
    csv = tmp_path / "log.csv"
    csv.write_text("user,item,rating,timestamp\nu1,a,4,2024-01-02\nu1,b,,2024-01-01\n")
    f = read_interactions(csv)
    assert f["item"].tolist() == ["b", "a"] and f["weight"].tolist() == [1.0, 4.0]


def test_reader_errors_name_file_and_column(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("user,thing,rating,timestamp\n1,2,3,4\n")
    try:
        read_interactions(bad)
    except Exception as exc:  # DataError
        assert "bad.csv" in str(exc) and "'item'" in str(exc)
    else:
        raise AssertionError("expected a DataError")


def test_civic_bench_recsys_on_a_udata_file_writes_the_issue_keys(tmp_path):
    log = generate_interactions(n_users=60, n_items=70, mean_length=24, seed=8).interactions
    path = tmp_path / "u.data"
    stamps = (log["time"] - pd.Timestamp("1970-01-01")) // pd.Timedelta(seconds=1)
    pd.DataFrame(
        {"u": log["user"].str[1:], "i": log["item"].str[1:], "r": log["weight"].astype(int), "t": stamps}
    ).to_csv(path, sep="\t", header=False, index=False)
    out = tmp_path / "r.json"
    result = CliRunner().invoke(
        cli.app, ["bench", "recsys", "--interactions", str(path), "--quick", "--json", str(out)]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(out.read_text())["rows"]
    assert [r["model"] for r in rows] == ["popularity", "itemknn", "ease", "ranker"]
    assert all(set(r) == {"model", "ndcg@10", "recall@10", "map@10", "coverage", "train_s"} for r in rows)
    assert all(0 <= r["ndcg@10"] <= 1 and np.isfinite(r["train_s"]) for r in rows)
