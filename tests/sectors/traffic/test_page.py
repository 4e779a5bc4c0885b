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
    assert "Forecast speed 30 minutes ahead" in headers
    assert "Sensors expected to congest within the hour" in headers
    assert any("Model card" in e.label for e in at.expander)
    at.slider(key="traffic_minutes").set_value(60).run()
    assert not at.exception
    assert "Forecast speed 60 minutes ahead" in [h.value for h in at.subheader]
    sensor = at.selectbox(key="traffic_sensor")
    other = sensor.options[1] if sensor.value != sensor.options[1] else sensor.options[0]
    sensor.set_value(other).run()
    assert not at.exception and at.selectbox(key="traffic_sensor").value == other
    scored = [d.value for d in at.dataframe if "MAE (mph)" in d.value.columns]
    assert scored and list(scored[0].index) == [3, 6, 12] and (scored[0]["MAE (mph)"] > 0).all()


def test_page_in_korean():
    at = AppTest.from_file(PAGE, default_timeout=180)
    at.session_state["civic_lang"] = "ko"
    at.run()
    assert not at.exception, at.exception
    assert any("예측 속도 지도" in h.value for h in at.subheader)
