"""The Disaster page: hydrograph, basin map, typhoon cone and strike grid, bulletin; widgets change the output."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from apps.sections import by_key

PAGE = str(by_key("disaster").page_path)


def test_disaster_page_draws_and_reacts_to_its_widgets():
    at = AppTest.from_file(PAGE, default_timeout=180)
    at.session_state["civic_lang"] = "en"
    at.run()
    assert not at.exception, at.exception
    assert [t.label for t in at.tabs] == ["Flood risk", "Typhoon", "Risk bulletin", "Benchmark"]
    bulletin = " ".join(t.value for t in at.text)  # the phrased bulletin is model output: plain text
    assert not any("Flood risk from" in m.value for m in at.markdown)
    assert "Flood risk from" in bulletin and "201915" in bulletin and "Jeju" in bulletin
    charts = len(at.get("plotly_chart"))
    assert (
        charts >= 4
    )  # hydrograph, basin map, track with cone, strike grid (+ reliability when results exist)
    metrics_before = [m.value for m in at.metric]

    basin = at.selectbox(key="flood_basin")
    other = next(o for o in basin.options if o != basin.value)
    basin.set_value(other).run()
    assert not at.exception
    assert at.selectbox(key="flood_basin").value == other
    assert [m.value for m in at.metric] != metrics_before or len(metrics_before) == 3

    issue = at.select_slider(key="issue")
    issue.set_value(issue.options[0]).run()
    assert not at.exception
    cities = at.dataframe[0].value
    assert list(cities["city"]) == ["Seoul", "Busan", "Jeju", "Gwangju", "Gangneung"]


def _values(v) -> list:
    """Plain values of a plotly array (plotly 6+ ships numbers as {"dtype", "bdata"} base64)."""
    import base64

    import numpy as np

    if isinstance(v, dict) and "bdata" in v:
        return np.frombuffer(base64.b64decode(v["bdata"]), dtype=v["dtype"]).tolist()
    return list(v)


def _spec(at: AppTest, index: int):
    """The chart as a plotly Figure (plotly 6+ ships arrays base64-encoded in the spec)."""
    import plotly.io as pio

    return pio.from_json(at.get("plotly_chart")[index].proto.spec, skip_invalid=True)


def test_disaster_page_flood_chance_agrees_with_its_chart_and_follows_the_basin_in_korean():
    import json
    import time

    at = AppTest.from_file(PAGE, default_timeout=180)
    at.session_state["civic_lang"] = "ko"
    start = time.perf_counter()
    at.run()
    cold = time.perf_counter() - start
    assert not at.exception, at.exception

    def flood_state():
        spec = _spec(at, 0)
        forecast = next(t for t in spec.data if t.name == "예측")
        threshold = spec.layout.shapes[0].y0
        chances = [float(m.value.rstrip("%")) / 100 for m in at.metric if "홍수 확률" in m.label]
        return [float(v) for v in _values(forecast.y)[1:]], threshold, chances, [m.value for m in at.metric]

    flow, threshold, chances, values = flood_state()
    assert len(chances) == len(flow) == 3
    for f, p in zip(flow, chances, strict=True):
        assert (f >= threshold) == (p >= 0.5) or abs(f - threshold) < 1e-6, (f, threshold, p)

    basin = at.selectbox(key="flood_basin")
    other = next(o for o in basin.options if o != basin.value)
    map_before = _spec(at, 1).data[-1].text
    basin.set_value(other).run()
    assert not at.exception
    flow2, threshold2, chances2, values2 = flood_state()
    assert (flow2, threshold2) != (flow, threshold) and values2 != values  # chart and chances follow
    assert list(_spec(at, 1).data[-1].text) == [other] != list(map_before)  # the map rings the new basin

    for frame in at.dataframe:
        config = json.loads(frame.proto.columns or "{}")
        shown = [str(config.get(str(c), {}).get("label") or c) for c in frame.value.columns]
        assert not [h for h in shown if "_" in h or h.isascii()], shown
    start = time.perf_counter()
    at.run()
    print(f"\ndisaster page (AppTest): cold {cold:.1f} s, warm {time.perf_counter() - start:.2f} s")


def test_a_link_with_a_basin_opens_that_basin_on_the_us_outline():
    at = AppTest.from_file(PAGE, default_timeout=180)
    at.session_state["civic_lang"] = "en"
    at.run()
    assert not at.exception, at.exception
    labels = at.selectbox(key="flood_basin").options
    chosen = next(o for o in labels if o != at.selectbox(key="flood_basin").value)
    basin_id = chosen.split(" · ")[0]

    linked = AppTest.from_file(PAGE, default_timeout=180)
    linked.session_state["civic_lang"] = "en"
    linked.query_params["basin"] = basin_id
    linked.run()
    assert not linked.exception, linked.exception
    assert linked.selectbox(key="flood_basin").value == chosen
    spec = _spec(linked, 1)
    outline = spec.data[0]
    assert outline.mode == "lines" and min(x for x in outline.x if x is not None) < -120  # the state outline
    assert list(spec.data[-1].text) == [chosen]  # the map rings the linked basin
    assert _spec(linked, 0).to_json() != _spec(at, 0).to_json()  # and the hydrograph is that basin's
    linked.selectbox(key="flood_basin").set_value(labels[0]).run()
    linked.run()
    value = linked.query_params["basin"]
    assert (value[0] if isinstance(value, list) else value) == labels[0].split(" · ")[0]
