"""The dashboard's plain-words headlines, from the committed benchmark reports."""

import re

import pytest

from apps.headlines import plain_headline
from apps.sections import SECTIONS
from shared.bench import read_report

RAW_CODES = re.compile(r"MAP@|NDCG|NSE|MAE|F1|BSS|Recall@|device|cpu")


@pytest.mark.parametrize("section", SECTIONS, ids=lambda s: s.key)
def test_every_committed_report_reads_in_plain_words(section):
    plain = plain_headline(section.key, read_report(section.results_file))
    assert plain is not None, section.key
    for text in (plain.sentence_ko, plain.sentence_en, plain.baseline_ko, plain.baseline_en):
        assert text and not RAW_CODES.search(text), text
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", plain.measured)
    assert f"{abs(plain.better_pct):.0f}%" in plain.sentence_en


def test_traffic_numbers_come_from_the_rows():
    report = {
        "created": "2026-01-02T00:00:00+00:00",
        "headline": {"model": "ours"},
        "rows": [{"model": "ours", "mae_h12": 3.0}, {"model": "seasonal_naive", "mae_h12": 4.0}],
    }
    plain = plain_headline("traffic", report)
    assert plain.better_pct == pytest.approx(25.0)
    assert "4.8 km/h" in plain.sentence_en  # 3 mph
    assert plain.measured == "2026-01-02"


def test_flood_error_reduction_from_nse():
    rows = [
        {"model": "m", "task": "flood", "split": "temporal", "nse_lead1": 0.8},
        {"model": "persistence", "task": "flood", "split": "temporal", "nse_lead1": 0.6},
    ]
    plain = plain_headline("disaster", {"headline": {"model": "m"}, "rows": rows, "created": "2026-01-01"})
    assert plain.better_pct == pytest.approx(50.0)  # squared error 0.2 vs 0.4


def test_a_worse_model_says_so_and_missing_rows_give_none():
    rows = [{"model": "ranker", "map@7": 0.01}, {"model": "popularity", "map@7": 0.02}]
    plain = plain_headline("finance", {"headline": {"model": "ranker"}, "rows": rows, "created": "2026"})
    assert plain.better_pct == pytest.approx(-50.0)
    assert plain_headline("finance", {"headline": {"model": "ranker"}, "rows": rows[:1]}) is None
    assert plain_headline("finance", None) is None
    assert plain_headline("unknown", {"rows": rows}) is None
