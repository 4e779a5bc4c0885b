"""The Traffic page under Streamlit's AppTest, on bundled data only: map, band, alerts, card, interactions."""

from streamlit.testing.v1 import AppTest

from apps.sections import by_key

PAGE = str(by_key("traffic").page_path)


def test_page_renders_and_reacts_to_the_horizon_and_sensor():
    at = AppTest.from_file(PAGE, default_timeout=180)
    at.session_state["civic_lang"] = "en"
    at.run()
    assert not at.exception, at.exception
    headers = [h.value for h in at.subheader]
    assert "Network in 30 min" in headers
    assert "Sensors expected to congest within the hour" in headers
    assert any("Model card" in e.label for e in at.expander)
    at.slider(key="traffic_minutes").set_value(60).run()
    assert not at.exception
    assert "Network in 60 min" in [h.value for h in at.subheader]
    assert any(m.label == "Forecast in 60 min" for m in at.metric)
    sensor = at.selectbox(key="traffic_sensor")
    other = sensor.options[1] if sensor.value != sensor.options[1] else sensor.options[0]
    sensor.set_value(other).run()
    assert not at.exception and at.selectbox(key="traffic_sensor").value == other
    scored = [d.value for d in at.dataframe if "minutes" in d.value.columns]
    assert scored and list(scored[0]["minutes"]) == [15, 30, 60] and (scored[0]["mae"] > 0).all()


def test_page_in_korean():
    at = AppTest.from_file(PAGE, default_timeout=180)
    at.session_state["civic_lang"] = "ko"
    at.run()
    assert not at.exception, at.exception
    assert any("도로망" in h.value for h in at.subheader)
