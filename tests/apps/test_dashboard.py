"""The policymaker dashboard: plain words, URL state, and the 'needs attention now' lists."""

import time

from streamlit.testing.v1 import AppTest

from apps import APP_DIR, attention
from apps.sections import SECTIONS
from shared.bench import read_report

TIMEOUT = 120
INTERNALS = ("device", "cpu (", "x86_64", "MAP@", "NDCG@", "NSE", "MAE", "civic_stid", "lightgbm")


def _texts(at) -> list[str]:
    out = [m.value for m in at.markdown] + [c.value for c in at.caption] + [s.value for s in at.subheader]
    out += [str(m.label) + " " + str(m.value) for m in at.metric]
    return out


def test_link_opens_english_and_one_sector():
    at = AppTest.from_file(str(APP_DIR / "Home.py"), default_timeout=TIMEOUT)
    at.query_params["lang"] = "en"
    at.query_params["focus"] = "welfare"
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == "civic-ai-suite"
    tiles = [s.value for s in at.subheader]
    assert any("Welfare" in t for t in tiles) and not any("Traffic" in t for t in tiles), tiles
    assert any("Regions with the most blind-spot households" in t for t in _texts(at))


def test_tiles_speak_plain_words_with_baseline_and_date():
    at = AppTest.from_file(str(APP_DIR / "Home.py"), default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    texts = _texts(at)
    for bad in INTERNALS:
        assert not any(bad in t for t in texts), (bad, [t for t in texts if bad in t])
    dated = [c.value for c in at.caption if "측정" in c.value]
    assert len(dated) == len(SECTIONS), dated
    assert all(m.label == "단순한 방법과 비교" and "%" in m.value for m in at.metric)


def test_switching_focus_writes_the_url():
    at = AppTest.from_file(str(APP_DIR / "Home.py"), default_timeout=TIMEOUT).run()
    at.button_group(key="dash_focus").set_value("traffic").run()
    at.run()
    assert not at.exception, at.exception
    assert at.query_params["focus"] == "traffic"
    assert at.query_params["lang"] == "ko"


def test_attention_panel_fills_in():
    at = AppTest.from_file(str(APP_DIR / "Home.py"), default_timeout=TIMEOUT).run()
    deadline = time.time() + 90
    while time.time() < deadline and any("계산 중" in c.value for c in at.caption):
        time.sleep(2)
        at.run()
    assert not at.exception, at.exception
    texts = _texts(at)
    assert not any("계산 중" in t or "계산할 수 없습니다" in t for t in texts), texts
    assert any(t.startswith("- 센서") or "정체가 예상되는 센서가 없습니다" in t for t in texts), texts


def test_blind_spot_regions_from_the_committed_report():
    report = read_report(next(s for s in SECTIONS if s.key == "welfare").results_file)
    rows = attention.blind_spot_regions(report)
    assert len(rows) == 3
    assert rows["blind_spots"].is_monotonic_decreasing
    assert attention.blind_spot_regions(None).empty


def test_congestion_soon_lists_sensors_soonest_first():
    item = attention.congestion_soon()
    rows = item.rows
    assert list(rows.columns) == ["sensor", "minutes_until", "now_kmh", "forecast_kmh"]
    assert rows["minutes_until"].is_monotonic_increasing
    assert (rows["forecast_kmh"] < rows["now_kmh"]).all()
    assert item.as_of and item.how_en


def test_complaint_topics_name_each_act_in_both_languages():
    rows = attention.complaint_topics()
    assert not rows.empty
    assert rows["complaints"].is_monotonic_decreasing
    assert all(any("\uac00" <= c <= "\ud7a3" for c in law) for law in rows["law"])
    assert all(en.isascii() and en.endswith("Act") for en in rows["law_en"]), rows["law_en"].tolist()
