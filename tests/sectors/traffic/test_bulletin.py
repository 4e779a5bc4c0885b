"""The congestion bulletin: every expected sensor cited to its forecast document, numbers from them, audited."""

import pandas as pd
import pytest

from sectors.traffic.bulletin import congestion_bulletin
from shared.llm import AuditLog
from shared.llm.service import numbers_in

ALERTS = pd.DataFrame(
    {
        "sensor": ["717490", "773869"],
        "now": [61.0, 58.0],
        "lowest_forecast": [30.2, 33.0],
        "congestion_line": [38.4, 36.0],
        "minutes_until": [15.0, 25.0],
        "lat": [34.07, 34.15],
        "lon": [-118.27, -118.22],
    }
)
ISSUED = pd.Timestamp("2012-06-01 08:00")


@pytest.mark.parametrize(("lang", "unit", "factor"), [("ko", "km/h", 1.609344), ("en", "mph", 1.0)])
def test_bulletin_cites_each_sensor_forecast(lang, unit, factor):
    note = congestion_bulletin(ALERTS, ISSUED, unit=unit, factor=factor, note="담당 010-2345-6789", lang=lang)
    sensors = note.section("sensors").text
    assert "717490" in sensors and "773869" in sensors and unit in sensors
    assert sensors.index("717490") < sensors.index("773869")  # soonest first
    assert {h.doc_id for h in note.cited()} == {"rule/congestion", "forecast/717490", "forecast/773869"}
    assert f"{61 * factor:.0f} {unit}" in sensors
    assert numbers_in(note.body) <= set().union(*(numbers_in(h.text) for h in note.sources)) | {"2"}
    assert "010-2345-6789" not in note.text and "[PHONE_1]" in note.text
    records = AuditLog().records()
    assert len(records) == 1 and records[0]["purpose"] == "traffic.bulletin"


def test_no_alert_says_no_new_congestion():
    note = congestion_bulletin(ALERTS.iloc[:0], ISSUED, lang="en")
    assert "no new congestion" in note.section("summary").text
