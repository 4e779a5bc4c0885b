"""The Traffic page: one set of controls, km/h in Korean, the selection drives every result, fast when warm."""

from __future__ import annotations

import json
import time

from streamlit.testing.v1 import AppTest

from apps.sections import by_key

PAGE = str(by_key("traffic").page_path)


def headers(frame) -> list[str]:
    """The column headers a visitor sees: the column_config label where one is set, else the name."""
    config = json.loads(frame.proto.columns or "{}")
    return [str(config.get(str(c), {}).get("label") or c) for c in frame.value.columns]


def _text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [m.value for m in at.metric]
    parts += [str(m.label) for m in at.metric]
    for frame in at.dataframe:
        parts += [str(c) for c in frame.value.columns] + frame.value.astype(str).to_numpy().ravel().tolist()
    return " ".join(parts)


def test_traffic_page_follows_its_sensor_and_says_speeds_in_kmh_in_korean():
    at = AppTest.from_file(PAGE, default_timeout=180)
    at.session_state["civic_lang"] = "ko"
    start = time.perf_counter()
    at.run()
    cold = time.perf_counter() - start
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert all("km/h" in v for v in metrics.values()), metrics
    assert "mph" not in _text(at)
    shown = [h for frame in at.dataframe for h in headers(frame)]
    assert not [h for h in shown if h.isascii() and h not in ("MAE", "RMSE")], shown  # Korean headers
    text = _text(at)
    words = set(text.replace(",", " ").split())
    assert not words & {"nan", "NaN", "None", "<NA>"}, words & {"nan", "NaN", "None", "<NA>"}

    sensor = at.selectbox(key="traffic_sensor")
    other = next(o for o in sensor.options if o != sensor.value)
    before_values = [m.value for m in at.metric]
    chart_before = at.get("plotly_chart")[0].proto.spec
    sensor.set_value(other).run()
    assert not at.exception
    assert any(other in m.label for m in at.metric)  # the headline names the new sensor
    assert [m.value for m in at.metric] != before_values
    assert at.get("plotly_chart")[0].proto.spec != chart_before  # the band chart follows

    start = time.perf_counter()
    at.run()
    warm = time.perf_counter() - start
    print(f"\ntraffic page (AppTest): cold {cold:.1f} s, warm {warm:.2f} s")
    assert warm < 10  # generous: the model is cached, a rerun only predicts and draws


def test_traffic_page_in_english_shows_mph_and_readable_headers():
    at = AppTest.from_file(PAGE, default_timeout=180)
    at.session_state["civic_lang"] = "en"
    at.run()
    assert not at.exception, at.exception
    assert all("mph" in m.value for m in at.metric)
    shown = [h for frame in at.dataframe for h in headers(frame)]
    assert shown and not [h for h in shown if "_" in h], shown


def test_a_link_with_a_sensor_opens_that_sensor_and_the_url_follows_the_choice():
    at = AppTest.from_file(PAGE, default_timeout=180)
    at.session_state["civic_lang"] = "en"
    at.run()
    assert not at.exception, at.exception
    options = at.selectbox(key="traffic_sensor").options
    chosen = next(o for o in options if o != at.selectbox(key="traffic_sensor").value)

    linked = AppTest.from_file(PAGE, default_timeout=180)
    linked.session_state["civic_lang"] = "en"
    linked.query_params["sensor"] = chosen
    linked.run()
    assert not linked.exception, linked.exception
    assert linked.selectbox(key="traffic_sensor").value == chosen
    assert any(chosen in m.label for m in linked.metric)  # the headline is that sensor's
    assert linked.get("plotly_chart")[0].proto.spec != at.get("plotly_chart")[0].proto.spec  # its forecast
    linked.selectbox(key="traffic_sensor").set_value(options[0]).run()
    linked.run()
    value = linked.query_params["sensor"]
    assert (value[0] if isinstance(value, list) else value) == options[0]
