"""The disaster risk bulletin on the shared service layer: each point cited, redacted, audited."""

import pandas as pd

from sectors.disaster.bulletin import risk_bulletin
from sectors.disaster.demo import bulletin_points
from shared.llm import AuditLog


def test_bulletin_cites_each_forecast_point_and_redacts_the_note():
    risk = pd.DataFrame({"name": ["A river", "B creek"], "p_max": [0.6, 0.3], "threshold": [12.0, 8.5]})
    points = bulletin_points(risk, pd.Timestamp("2006-06-01"), None, None, lang="en")
    note = risk_bulletin(points, title="Risk bulletin", note="duty officer 010-2345-6789", lang="en")
    assert "A river" in note.section("risks").text and "60%" in note.section("risks").text
    assert [h.doc_id for h in note.cited()] == ["forecast/1", "forecast/2"]
    assert "010-2345-6789" not in note.text and "[PHONE_1]" in note.text
    records = AuditLog().records()
    assert len(records) == 1 and records[0]["purpose"] == "disaster.bulletin"


def test_korean_bulletin_without_points():
    note = risk_bulletin([], lang="ko")
    assert "위험이 없습니다" in note.section("risks").text and not note.sources
