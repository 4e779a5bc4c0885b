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
    bulletin = " ".join(m.value for m in at.markdown)
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
