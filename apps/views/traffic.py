"""Streamlit page 'Traffic': forecast speed on every sensor 5 to 60 minutes ahead, and who congests next.

The model is built once per server process (st.cache_resource in apps.demo_models, at server start),
never on each visit; the page only draws. Speeds are stored in mph (METR-LA) and shown in km/h in Korean mode.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st

from apps.demo_models import traffic_demo as trained
from apps.demo_models import traffic_issue_time as default_issue_time
from apps.sections import by_key
from sectors.traffic import BUNDLED_SAMPLE, congestion_alerts, free_flow_speed
from sectors.traffic.bulletin import congestion_bulletin
from shared.bench import read_report
from shared.data import env_data_dir
from shared.errors import CivicError
from shared.ui import forecast_band_chart, get_language, network_map, show_model_card, tr, url_index
from shared.ui.notes import show_note

MPH_TO_KMH = 1.609344
MODEL_NAMES = {
    "historical_average": ("요일·시각 평균", "historical average"),
    "last_value": ("직전 값 유지", "last value"),
    "seasonal_naive": ("하루 전 같은 시각", "same time yesterday"),
    "lightgbm": ("LightGBM", "LightGBM"),
    "nhits": ("N-HiTS", "N-HiTS"),
    "tft": ("TFT", "TFT"),
    "civic_stid": ("civic_stid (이 페이지 모델)", "civic_stid (this page's model)"),
}

section = by_key("traffic")
st.header(f"{section.icon} {tr(section.ko, section.en)}")
st.caption(
    tr(
        "목적: LA 도로 센서 207곳의 속도를 5~60분 앞까지 예측해, 곧 막힐 구간을 미리 알려 줍니다.",
        "Purpose: forecast speed on 207 LA road sensors 5-60 minutes ahead and flag the stretches about to congest.",
    )
)
korean = get_language() == "ko"
factor = MPH_TO_KMH if korean else 1.0
unit = "km/h" if korean else "mph"


def data_sources() -> dict[str, Path]:
    """The bundled sample, plus the 7-day METR-LA slice when a data folder holds it."""
    sources = {tr("내장 표본 (METR-LA 3일)", "Bundled sample (METR-LA, 3 days)"): BUNDLED_SAMPLE}
    root = env_data_dir()
    if root is not None and (root / "traffic" / "metr-la-7d" / "los_speed.csv").exists():
        sources[tr("METR-LA 7일 (데이터 폴더)", "METR-LA, 7 days (data folder)")] = (
            root / "traffic" / "metr-la-7d"
        )
    return sources


@st.cache_data(show_spinner=False)
def road_segments(path: str) -> list[tuple[int, int]]:
    """Pairs of sensors the network's own adjacency links (each once), drawn as road segments."""
    ds = trained(path)[0]
    if "adjacency" not in ds:
        return []
    adj = ds["adjacency"].to_numpy()
    linked = (adj > 0) | (adj.T > 0)
    a, b = np.nonzero(np.triu(linked, k=1))
    return list(zip(a.tolist(), b.tolist(), strict=True))


sources = data_sources()
with st.container(border=True):
    st.markdown("**" + tr("조건", "Settings") + "**")
    choice = st.radio(tr("데이터", "Data"), list(sources), horizontal=True, key="traffic_source")
    with st.spinner(tr("모델 준비 중 (서버에서 한 번만)...", "Preparing the model (once per server)...")):
        ds, forecaster, metrics, card = trained(str(sources[choice]))
    split = forecaster.split(ds)
    times = pd.DatetimeIndex(ds.time.values)
    test_times = times[split.test.start - 1 : split.test.stop - 1]  # issue times of the test windows
    speed = ds.speed.transpose("time", "sensor").to_numpy()
    default_time = default_issue_time(str(sources[choice]))
    c1, c2 = st.columns(2)
    issue = c1.select_slider(
        tr("예측 시점", "Forecast issued at"),
        options=list(test_times),
        value=default_time,
        format_func=lambda t: pd.Timestamp(t).strftime("%m-%d %H:%M"),
        key="traffic_issue",
        help=tr(
            "기본값은 시험 구간에서 1시간 안에 정체될 센서가 가장 많은 시점입니다 (예측이 가장 쓸모 있는 때).",
            "The default is the test-period time with the most sensors about to congest, where a forecast matters most.",
        ),
    )
    minutes = c2.slider(tr("예측 시간 (분 뒤)", "Minutes ahead"), 5, 60, 30, step=5, key="traffic_minutes")
    h = minutes // 5

    forecast = forecaster.predict(ds, at=[issue])  # dims (site, issue_time, lead, quantile)
    median = forecast.speed.sel(quantile=0.5).isel(issue_time=0)
    sensors = [str(s) for s in ds.sensor.values]
    pos = int(times.get_loc(pd.Timestamp(issue)))
    now = pd.Series(speed[pos], index=sensors)
    alerts = congestion_alerts(forecast, now=now, free_flow=free_flow_speed(ds))
    drop = (now - median.min("lead").to_series().reindex(sensors)).sort_values(ascending=False)
    default_sensor = alerts["sensor"].iloc[0] if len(alerts) else drop.index[0]
    sensor = st.selectbox(
        tr("센서", "Sensor"),
        sensors,
        index=url_index("traffic_sensor", sensors, default_sensor, param="sensor"),
        key="traffic_sensor",
        help=tr(
            "기본값: 1시간 안에 가장 먼저 정체될 것으로 예상되는 센서.",
            "Default: the sensor expected to congest first within the hour.",
        ),
    )
j = sensors.index(sensor)
valid = pd.DatetimeIndex(forecast.valid_time.values[0])
band = forecast.speed.isel(issue_time=0).sel(site=sensor)
mid, low, high = (band.sel(quantile=q).values * factor for q in (0.5, 0.1, 0.9))
actual = speed[pos + 1 : pos + 13, j] * factor

m1, m2, m3 = st.columns(3)
m1.metric(
    tr(f"센서 {sensor} 현재 속도", f"Sensor {sensor} now"),
    f"{speed[pos, j] * factor:.0f} {unit}",
    help=tr("예측 시점에 관측된 속도.", "Speed observed at the issue time."),
)
m2.metric(
    tr(f"{minutes}분 뒤 예측", f"Forecast in {minutes} min"),
    f"{mid[h - 1]:.0f} {unit}",
    delta=f"{mid[h - 1] - speed[pos, j] * factor:+.0f} {unit}",
    help=tr(
        "예측 중앙값: 실제 속도가 이보다 높을 확률과 낮을 확률이 반반.",
        "Median forecast: as likely to be above as below.",
    ),
)
width = high[h - 1] - low[h - 1]
m3.metric(
    tr("80% 예측 범위", "80% band"),
    f"{low[h - 1]:.0f}–{high[h - 1]:.0f} {unit}",
    help=tr(
        "실제 속도가 10번 중 8번은 이 범위 안에 들어옵니다. 넓을수록 모델이 덜 확신합니다.",
        "The real speed falls inside this range 8 times in 10; the wider it is, the less sure the model.",
    ),
)
if width > 0.5 * max(mid[h - 1], 1.0):
    st.warning(
        tr(
            "이 센서의 예측 범위가 넓습니다: 모델이 확신하지 못하니 참고로만 보세요.",
            "This sensor's band is wide: the model is unsure here, read the forecast as a rough guide.",
        )
    )

left, right = st.columns([3, 2])
with left:
    st.subheader(tr("센서 이력과 예측", "Sensor history and forecast"))
    hist = pd.Series(speed[max(0, pos - 35) : pos + 1, j] * factor, index=times[max(0, pos - 35) : pos + 1])
    fig = forecast_band_chart(
        hist,
        pd.Series(mid, index=valid),
        pd.Series(low, index=valid),
        pd.Series(high, index=valid),
        y_label=tr(f"속도 ({unit})", f"speed ({unit})"),
        band_label=tr("80% 예측 범위", "80% band"),
        history_label=tr("관측 (예측 시점까지)", "observed (to issue time)"),
        forecast_label=tr("예측 중앙값", "median forecast"),
        observed=pd.Series(actual, index=valid[: len(actual)]),
        observed_label=tr("실제 (나중에 관측)", "observed later"),
    )
    st.plotly_chart(fig, width="stretch", key="traffic_band_chart")
with right:
    st.subheader(tr(f"{minutes}분 뒤 도로망", f"Network in {minutes} min"))
    st.plotly_chart(
        network_map(
            ds.lat.values,
            ds.lon.values,
            road_segments(str(sources[choice])),
            median.isel(lead=h - 1).values * factor,
            labels=sensors,
            colour_label=unit,
            zmin=0,
            zmax=70 * factor,
            highlight=j,
            height=420,
        ),
        width="stretch",
        key="traffic_network_map",
    )
    st.caption(
        tr(
            "선: 인접 행렬로 이어진 센서 사이 도로 구간 (빨강=느림). 검은 고리: 선택한 센서.",
            "Lines: road segments between sensors linked in the adjacency matrix (red = slow). Black ring: selected sensor.",
        )
    )

st.subheader(tr("1시간 안에 정체가 예상되는 센서", "Sensors expected to congest within the hour"))
st.caption(
    tr(
        "정체: 예측 중앙값이 자유 흐름 속도(관측 85백분위)의 60% 아래로 떨어짐. 지금 정체가 아닌 센서만.",
        "Congested: median forecast below 60% of free-flow speed (85th percentile observed). Only sensors not congested now.",
    )
)
if len(alerts):
    shown = alerts[["sensor", "now", "lowest_forecast", "congestion_line", "minutes_until"]].copy()
    for col in ("now", "lowest_forecast", "congestion_line"):
        shown[col] = shown[col] * factor
    speed_fmt = f"%.0f {unit}"
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        column_config={
            "sensor": st.column_config.TextColumn(tr("센서", "Sensor")),
            "now": st.column_config.NumberColumn(
                tr("현재 속도", "Speed now"),
                format=speed_fmt,
                help=tr("예측 시점의 관측 속도", "Observed at issue time"),
            ),
            "lowest_forecast": st.column_config.NumberColumn(
                tr("1시간 내 최저 예측", "Lowest forecast in the hour"),
                format=speed_fmt,
                help=tr(
                    "앞으로 60분 중 예측 중앙값이 가장 낮은 값",
                    "The lowest median forecast over the next 60 minutes",
                ),
            ),
            "congestion_line": st.column_config.NumberColumn(
                tr("정체 기준", "Congestion line"),
                format=speed_fmt,
                help=tr(
                    "이 속도 아래면 정체로 봅니다 (자유 흐름의 60%)",
                    "Below this speed counts as congested (60% of free flow)",
                ),
            ),
            "minutes_until": st.column_config.NumberColumn(
                tr("정체까지", "Congested in"),
                format=tr("%d분", "%d min"),
                help=tr(
                    "예측이 처음 정체 기준 아래로 떨어지는 시간",
                    "When the forecast first falls below the line",
                ),
            ),
        },
    )
else:
    st.info(
        tr(
            "이 시점에는 1시간 안에 새로 정체될 센서가 예상되지 않습니다. 다른 예측 시점을 골라 보세요.",
            "No sensor is expected to start congesting within the hour from this time. Try another issue time.",
        )
    )

# issue 15: the bulletin goes through shared.llm's service layer (redaction, citations, audit)
with st.expander(tr("교통 정체 예보문", "Congestion bulletin")):
    show_note(
        congestion_bulletin(
            alerts, pd.Timestamp(issue), unit=unit, factor=factor, lang="ko" if korean else "en"
        )
    )

st.subheader(tr("이 모델은 얼마나 정확한가", "How accurate is this model"))
st.caption(
    tr(
        f"civic_stid, '{choice}'의 앞 70%로 학습, 마지막 20%(시험 구간)에서 잰 평균 오차. 작을수록 좋습니다.",
        f"civic_stid trained on the first 70% of '{choice}', scored on the last 20% (test part). Smaller is better.",
    )
)
acc = metrics.reset_index()
acc.columns = ["horizon", *metrics.columns]
acc["minutes"] = acc["horizon"] * 5
acc["mae"] = acc["mae"] * factor
acc["rmse"] = acc["rmse"] * factor
acc["mape"] = acc["mape"] * 100
st.dataframe(
    acc[["minutes", "mae", "rmse", "mape"]],
    hide_index=True,
    width="stretch",
    column_config={
        "minutes": st.column_config.NumberColumn(
            tr("예측 시간", "Minutes ahead"), format=tr("%d분 뒤", "%d min")
        ),
        "mae": st.column_config.NumberColumn(
            tr("평균 오차", "Mean error"),
            format=f"%.1f {unit}",
            help=tr(
                "예측 속도가 실제와 평균 몇 만큼 어긋나는지 (MAE)",
                "How far the forecast is from the real speed on average (MAE)",
            ),
        ),
        "rmse": st.column_config.NumberColumn(
            tr("큰 오차 반영 오차", "Error, large misses weighted"),
            format=f"%.1f {unit}",
            help=tr("큰 오차에 더 무게를 둔 오차 (RMSE)", "An error that weighs large misses more (RMSE)"),
        ),
        "mape": st.column_config.NumberColumn(
            tr("상대 오차", "Relative error"),
            format="%.1f%%",
            help=tr("실제 속도 대비 오차의 비율 (MAPE)", "Error as a share of the real speed (MAPE)"),
        ),
    },
)
show_model_card(card, title=tr("모델 카드 (저장 형식)", "Model card (as stored)"))
try:
    report = read_report(Path(__file__).resolve().parents[1] / "results" / "traffic.json")
except CivicError:
    report = None
if report:
    st.markdown(
        "**"
        + tr("벤치마크: 단순한 방법과 비교 (60분 뒤)", "Benchmark: against the simple ways (60 min ahead)")
        + "**"
    )
    created = report.get("created", "")[:10]
    st.caption(
        tr(
            f"METR-LA 전체 시험 구간, 측정일 {created or '기록 없음'}. '직전 값 유지'가 단순한 기준선입니다.",
            f"Full METR-LA test period, measured {created or 'date not recorded'}. 'Last value' is the simple baseline.",
        )
    )
    rows = pd.DataFrame(report["rows"])
    bench = pd.DataFrame(
        {
            "model": [tr(*MODEL_NAMES.get(m, (m, m))) for m in rows["model"]],
            "mae": rows.get("mae_h12", pd.Series(np.nan, index=rows.index)) * factor,
            "mape": rows.get("mape_h12", pd.Series(np.nan, index=rows.index)),
            "train_s": rows.get("train_s", pd.Series(np.nan, index=rows.index)),
        }
    ).dropna(subset=["mae"])
    st.dataframe(
        bench,
        hide_index=True,
        width="stretch",
        column_config={
            "model": st.column_config.TextColumn(tr("방법", "Method")),
            "mae": st.column_config.NumberColumn(
                tr("60분 뒤 평균 오차", "Mean error, 60 min"),
                format=f"%.1f {unit}",
                help=tr("작을수록 좋음", "Smaller is better"),
            ),
            "mape": st.column_config.NumberColumn(tr("상대 오차", "Relative error"), format="%.1f%%"),
            "train_s": st.column_config.NumberColumn(
                tr("학습 시간", "Training time"), format=tr("%.0f초", "%.0f s")
            ),
        },
    )
