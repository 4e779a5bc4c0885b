"""Streamlit page 'Traffic': forecast speed on every sensor 5 to 60 minutes ahead, and who congests next."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st

from apps.sections import by_key
from sectors.traffic import (
    BUNDLED_SAMPLE,
    TrafficForecaster,
    congestion_alerts,
    free_flow_speed,
    load_network,
)
from shared.bench import read_report
from shared.data import env_data_dir
from shared.errors import CivicError
from shared.store import read_card, save
from shared.ui import forecast_band_chart, point_map, show_model_card, tr

section = by_key("traffic")
st.header(f"{section.icon} {tr(section.ko, section.en)}")
st.write(tr(section.summary_ko, section.summary_en))


def data_sources() -> dict[str, Path]:
    """The bundled sample, plus the 7-day METR-LA slice when a data folder holds it."""
    sources = {tr("내장 표본 (METR-LA 3일)", "Bundled sample (METR-LA, 3 days)"): BUNDLED_SAMPLE}
    root = env_data_dir()
    if root is not None and (root / "traffic" / "metr-la-7d" / "los_speed.csv").exists():
        sources[tr("METR-LA 7일 (데이터 폴더)", "METR-LA, 7 days (data folder)")] = (
            root / "traffic" / "metr-la-7d"
        )
    return sources


@st.cache_resource(show_spinner=False)
def trained(path: str) -> tuple:
    """Load the network and train our network on it (once per process); return it with its card."""
    ds = load_network(path)
    forecaster = TrafficForecaster(
        "civic_stid", embed_dim=16, max_epochs=12, patience=4, time_limit_s=6.0, batch_size=32
    ).fit(ds)
    metrics = forecaster.evaluate(ds)
    with tempfile.TemporaryDirectory() as tmp:
        card = read_card(save(forecaster, Path(tmp) / "traffic-model", card_extra={"device": "cpu"}))
    return ds, forecaster, metrics, card


sources = data_sources()
choice = st.radio(tr("데이터", "Data"), list(sources), horizontal=True, key="traffic_source")
with st.spinner(tr("모델 학습 중 (처음 한 번)...", "Training the model (first time only)...")):
    ds, forecaster, metrics, card = trained(str(sources[choice]))

split = forecaster.split(ds)
times = pd.DatetimeIndex(ds.time.values)
test_times = times[split.test.start - 1 : split.test.stop - 1]  # issue times of the test windows
speed = ds.speed.transpose("time", "sensor").to_numpy()
# Default issue time: the test hour in which the network slows most (the interesting case).
drops = [np.nanmean(speed[t - 1]) - np.nanmean(speed[t : t + 12]) for t in split.test]
default_time = test_times[int(np.argmax(drops))]

c1, c2 = st.columns(2)
issue = c1.select_slider(
    tr("예측 시점", "Forecast issued at"),
    options=list(test_times),
    value=default_time,
    format_func=lambda t: pd.Timestamp(t).strftime("%m-%d %H:%M"),
    key="traffic_issue",
)
minutes = c2.slider(tr("예측 시간 (분 뒤)", "Minutes ahead"), 5, 60, 30, step=5, key="traffic_minutes")
h = minutes // 5

forecast = forecaster.predict(ds, at=[issue])
median = forecast.speed.sel(quantile=0.5).isel(time=0)
sensors = [str(s) for s in ds.sensor.values]

st.subheader(tr(f"{minutes}분 뒤 예측 속도 지도", f"Forecast speed {minutes} minutes ahead"))
st.plotly_chart(
    point_map(
        ds.lat.values,
        ds.lon.values,
        median.sel(horizon=h).values,
        labels=sensors,
        colour_label="mph",
        title="",
    ),
    use_container_width=True,
)

pos = int(times.get_loc(pd.Timestamp(issue)))
now = pd.Series(speed[pos], index=sensors)
alerts = congestion_alerts(forecast, now=now, free_flow=free_flow_speed(ds))
drop = (now - median.min("horizon").to_series().reindex(sensors)).sort_values(ascending=False)
default_sensor = alerts["sensor"].iloc[0] if len(alerts) else drop.index[0]

st.subheader(tr("센서별 이력과 예측 범위", "One sensor: history and forecast band"))
sensor = st.selectbox(
    tr("센서", "Sensor"), sensors, index=sensors.index(default_sensor), key="traffic_sensor"
)
j = sensors.index(sensor)
hist = pd.Series(speed[max(0, pos - 35) : pos + 1, j], index=times[max(0, pos - 35) : pos + 1])
valid = pd.DatetimeIndex(forecast.valid_time.values[0])
band = forecast.speed.isel(time=0).sel(sensor=sensor)
fig = forecast_band_chart(
    hist,
    pd.Series(band.sel(quantile=0.5).values, index=valid),
    pd.Series(band.sel(quantile=0.1).values, index=valid),
    pd.Series(band.sel(quantile=0.9).values, index=valid),
    y_label="mph",
    band_label=tr("80% 예측 범위", "80% band"),
)
actual = speed[pos + 1 : pos + 13, j]
fig.add_scatter(
    x=valid[: len(actual)],
    y=actual,
    name=tr("실제", "observed"),
    mode="markers",
    marker=dict(color="#c0392b"),
)
st.plotly_chart(fig, use_container_width=True)

st.subheader(tr("1시간 안에 정체가 예상되는 센서", "Sensors expected to congest within the hour"))
st.caption(
    tr(
        "정체: 예측 중앙값이 자유 흐름 속도(관측 85백분위)의 60% 아래로 떨어짐. 지금은 정체가 아닌 센서만.",
        "Congested: median forecast below 60% of free-flow speed (85th percentile observed). Only sensors not congested now.",
    )
)
if len(alerts):
    shown = alerts[["sensor", "now", "lowest_forecast", "congestion_line", "minutes_until"]].rename(
        columns={
            "sensor": tr("센서", "sensor"),
            "now": tr("현재 (mph)", "now (mph)"),
            "lowest_forecast": tr("최저 예측 (mph)", "lowest forecast (mph)"),
            "congestion_line": tr("정체 기준 (mph)", "congestion line (mph)"),
            "minutes_until": tr("남은 시간 (분)", "minutes until"),
        }
    )
    st.dataframe(shown.round(1), hide_index=True, use_container_width=True)
else:
    st.info(
        tr("이 시점에는 새로 정체될 센서가 예상되지 않습니다.", "No new congestion expected from this time.")
    )

st.subheader(tr("모델 카드", "Model card"))
st.caption(
    tr(
        f"이 페이지의 모델: civic_stid, '{choice}'의 앞 70%로 학습. 시험 구간(마지막 20%) 성능:",
        f"This page's model: civic_stid trained on the first 70% of '{choice}'. Scores on its test part (last 20%):",
    )
)
st.dataframe(
    metrics.rename(columns={"mae": "MAE (mph)", "rmse": "RMSE (mph)", "mape": "MAPE"}).round(3),
    use_container_width=True,
)
show_model_card(card, title=tr("모델 카드 (저장 형식)", "Model card (as stored)"))
try:
    report = read_report(Path(__file__).resolve().parents[1] / "results" / "traffic.json")
except CivicError:
    report = None
if report:
    st.markdown("**" + tr("벤치마크 (전체 모델 비교)", "Benchmark (all models)") + "**")
    st.caption(f"device: {report.get('device')} · {report.get('created', '')[:10]}")
    st.dataframe(pd.DataFrame(report["rows"]).set_index("model").round(3), use_container_width=True)
