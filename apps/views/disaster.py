"""Streamlit page 'Disaster': flood hydrographs and basin risk map, typhoon cone and strike probability, bulletin.

Models are trained (and cached) on the bundled samples, or on CIVIC_DATA_DIR when it is set; all the
computing lives in sectors.disaster.demo: this page only draws.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from apps.sections import by_key
from sectors.disaster.demo import (
    basin_risk,
    bulletin_points,
    busiest_day,
    city_strike,
    default_case,
    flood_demo,
    hydrograph,
    korea_storms,
    storm_cases,
    typhoon_demo,
)
from sectors.disaster.geo import offset_position
from sectors.disaster.strike import KOREA_LAT, KOREA_LON, write_strike_netcdf
from shared.bench import read_report
from shared.data import env_data_dir
from shared.errors import CivicError
from shared.ui import forecast_band_chart, get_language, grid_map, korea_boundaries, point_map, tr
from shared.ui.maps import add_outline

section = by_key("disaster")
st.header(f"{section.icon} {tr(section.ko, section.en)}")
st.caption(tr(section.summary_ko, section.summary_en))
data_dir = str(env_data_dir()) if env_data_dir() else None


@st.cache_resource(show_spinner=False)
def _flood(data_dir: str | None):
    return flood_demo(data_dir)


@st.cache_resource(show_spinner=False)
def _typhoon(data_dir: str | None):
    return typhoon_demo(data_dir)


@st.cache_data(show_spinner=False)
def _strike(data_dir: str | None, storm: str, index: int):
    demo = _typhoon(data_dir)
    case = storm_cases(demo, storm).iloc[index]
    return demo.forecaster.strike(case), demo.forecaster.cone(case), demo.forecaster.members(case)


@st.cache_data(show_spinner=False)
def _netcdf_bytes(data_dir: str | None, storm: str, index: int) -> bytes:
    strike, _, _ = _strike(data_dir, storm, index)
    with tempfile.TemporaryDirectory() as tmp:
        return write_strike_netcdf(strike, Path(tmp) / "strike.nc").read_bytes()


def _track_figure(
    history: pd.DataFrame, truth: pd.DataFrame, cone: pd.DataFrame, members, title: str
) -> go.Figure:
    """Best track so far, what followed, the forecast with its cone circles and a few ensemble members."""
    fig = go.Figure()
    add_outline(fig, korea_boundaries()["provinces"])
    m_lat, m_lon = members
    for k in range(min(40, m_lat.shape[0])):
        fig.add_trace(
            go.Scatter(
                x=m_lon[k],
                y=m_lat[k],
                mode="lines",
                line=dict(color="rgba(120,120,120,0.25)", width=1),
                showlegend=k == 0,
                name=tr("앙상블 경로", "ensemble members"),
                hoverinfo="skip",
            )
        )
    angles = np.linspace(0, 2 * np.pi, 60)
    for _, row in cone.iloc[1:].iterrows():
        c_lat, c_lon = offset_position(
            row["lat"], row["lon"], row["radius_km"] * np.cos(angles), row["radius_km"] * np.sin(angles)
        )
        fig.add_trace(
            go.Scatter(
                x=c_lon,
                y=c_lat,
                mode="lines",
                fill="toself",
                fillcolor="rgba(31,78,156,0.10)",
                line=dict(color="rgba(31,78,156,0.5)", width=1),
                showlegend=False,
                hoverinfo="skip",
            )
        )
    fig.add_trace(
        go.Scatter(
            x=history["lon"],
            y=history["lat"],
            mode="lines+markers",
            name=tr("관측 경로(과거)", "best track so far"),
            line=dict(color="#444"),
        )
    )
    fig.add_trace(
        go.Scatter(
            x=truth["lon"],
            y=truth["lat"],
            mode="lines",
            name=tr("실제 이후 경로", "what followed"),
            line=dict(color="#2e7d32", dash="dot"),
        )
    )
    fig.add_trace(
        go.Scatter(
            x=cone["lon"],
            y=cone["lat"],
            mode="lines+markers+text",
            name=tr("예측 경로", "forecast"),
            text=[f"+{h}h" if h else "" for h in cone["lead_h"]],
            textposition="top right",
            line=dict(color="#1f4e9c", width=3),
        )
    )
    fig.update_layout(
        title=title,
        height=560,
        margin=dict(l=10, r=10, t=30, b=10),
        plot_bgcolor="#f4f7fb",
        legend=dict(orientation="h", yanchor="top", y=-0.12),
        xaxis=dict(title="lon", range=[KOREA_LON[0] - 10, KOREA_LON[1] + 8], constrain="domain"),
        yaxis=dict(
            title="lat", range=[KOREA_LAT[0] - 14, KOREA_LAT[1] + 2], scaleanchor="x", constrain="domain"
        ),
    )
    return fig


lang = get_language()
flood_tab, typhoon_tab, bulletin_tab, bench_tab = st.tabs(
    [
        tr("홍수 위험", "Flood risk"),
        tr("태풍", "Typhoon"),
        tr("위험 안내문", "Risk bulletin"),
        tr("성능", "Benchmark"),
    ]
)

with st.spinner(tr("홍수 모델 학습 중…", "Training the flood model…")):
    flood = _flood(data_dir)
with flood_tab:
    st.caption(
        tr(
            f"CAMELS 유역 {flood.ds.sizes['basin']}곳 ({'내장 표본' if flood.origin == 'bundled' else flood.origin}), "
            "LightGBM: 발표일까지의 강수·유량으로 1~3일 뒤 유량과 홍수 기준(학습기간 99백분위) 초과 확률 예측.",
            f"{flood.ds.sizes['basin']} CAMELS basins ({'bundled sample' if flood.origin == 'bundled' else flood.origin}); "
            "LightGBM forecasts flow 1-3 days ahead and the chance of exceeding the flood threshold "
            "(99th percentile of training flow) from rain and flow up to the issue day.",
        )
    )
    days = pd.DatetimeIndex(flood.forecast["time"].values)
    default_day = busiest_day(flood)
    day = pd.Timestamp(
        st.date_input(
            tr("발표일", "Issue day"),
            value=default_day.date(),
            min_value=days[0].date(),
            max_value=days[-1].date(),
            key="flood_day",
        )
    )
    risk = basin_risk(flood, day)
    labels = [f"{b} · {n}" for b, n in zip(risk["basin"], risk["name"], strict=True)]
    choice = st.selectbox(
        tr("유역", "Basin"), labels, index=int(np.argmax(risk["p_max"].to_numpy())), key="flood_basin"
    )
    basin = choice.split(" · ")[0]
    h = hydrograph(flood, basin, day)
    fig = forecast_band_chart(
        h["history"],
        h["forecast"],
        h["lower"],
        h["upper"],
        title=tr("유량 예측", "Flow forecast"),
        y_label=tr("유량 (mm/일)", "flow (mm/day)"),
        threshold=h["threshold"],
        threshold_label=tr("홍수 기준", "flood threshold"),
        band_label=tr("5~95% 범위", "5-95% band"),
    )
    band_name = tr("5~95% 범위", "5-95% band")
    fig.update_traces(mode="lines", selector=dict(name=band_name))  # the band edges need no markers
    fig.update_traces(name=tr("과거 관측", "observed so far"), selector=dict(name="history"))
    fig.update_traces(name=tr("예측", "forecast"), selector=dict(name="forecast"))
    fig.add_scatter(
        x=h["observed"].index,
        y=h["observed"].values,
        mode="markers",
        name=tr("실제 관측", "observed later"),
        marker=dict(color="#2e7d32", size=8),
    )
    st.plotly_chart(fig, width="stretch")
    cols = st.columns(len(h["p_exceed"]))
    for col, (lead, p) in zip(cols, h["p_exceed"].items(), strict=True):
        warn = p >= h["warn"][lead]
        col.metric(
            tr(f"{lead}일 뒤 홍수 확률", f"Flood chance, day +{lead}"),
            f"{p:.0%}",
            delta=tr("경보", "warning") if warn else None,
            delta_color="inverse",
        )
    st.plotly_chart(
        point_map(
            risk["lat"],
            risk["lon"],
            100 * risk["p_max"],
            labels=labels,
            title=tr("유역별 3일 내 홍수 확률 (%)", "Flood chance within 3 days by basin (%)"),
            colour_label="%",
            colorscale="YlOrRd",
            size=14,
        ),
        width="stretch",
    )
    s = flood.scores.summary
    st.caption(
        tr(
            f"시험기간 {flood.protocol.test[0]}~{flood.protocol.test[1]}: 1일 뒤 중앙 NSE {s['nse_lead1']:.2f}, BSS {s['bss_lead1']:.2f}, CSI {s['csi_lead1']:.2f}.",
            f"Test period {flood.protocol.test[0]}..{flood.protocol.test[1]}: median NSE at day +1 {s['nse_lead1']:.2f}, BSS {s['bss_lead1']:.2f}, CSI {s['csi_lead1']:.2f}.",
        )
    )

with st.spinner(tr("태풍 모델 학습 중…", "Training the typhoon model…")):
    typhoon = _typhoon(data_dir)
strike = cities = None
with typhoon_tab:
    storms = korea_storms(typhoon.tracks)
    if storms.empty:
        st.info(
            tr(
                "2018~2021년 한반도 부근을 지난 태풍이 자료에 없습니다.",
                "No 2018-2021 storm near Korea in the data.",
            )
        )
    else:
        names = [f"{r.storm} ({r.start:%Y-%m-%d}, {r.vmax_max:.0f} kt)" for r in storms.itertuples()]
        default = (
            int(np.argmax(storms["storm"].to_numpy() == "201915")) if "201915" in set(storms["storm"]) else 0
        )
        pick = st.selectbox(tr("태풍 (JTWC 번호)", "Storm (JTWC number)"), names, index=default, key="storm")
        row = storms.iloc[names.index(pick)]
        cases = storm_cases(typhoon, row["storm"])
        if cases.empty:
            st.info(tr("이 태풍에는 예측 사례가 없습니다.", "This storm has no forecast case."))
        else:
            times = [f"{t:%Y-%m-%d %H} UTC" for t in cases["time"]]
            at = st.select_slider(
                tr("발표 시각", "Issue time"),
                times,
                value=times[default_case(cases, row["closest"])],
                key="issue",
            )
            index = times.index(at)
            strike, cone, members = _strike(data_dir, row["storm"], index)
            case = cases.iloc[index]
            track = typhoon.tracks[typhoon.tracks["storm"] == row["storm"]]
            history = track[track["time"] <= case["time"]]
            truth = track[
                (track["time"] >= case["time"]) & (track["time"] <= case["time"] + pd.Timedelta(hours=72))
            ]
            left, right = st.columns(2)
            left.plotly_chart(
                _track_figure(
                    history,
                    truth,
                    cone,
                    members,
                    tr("예측 경로와 예보원", "Forecast track and cone"),
                ),
                width="stretch",
            )
            right.plotly_chart(
                grid_map(
                    strike["lat"].values,
                    strike["lon"].values,
                    strike["strike_probability"].values,
                    title=tr("72시간 내 100 km 이내 통과 확률", "Strike within 100 km, 72 h"),
                    colour_label=tr("확률", "probability"),
                    zmin=0,
                    zmax=1,
                    outline=korea_boundaries()["provinces"],
                ),
                width="stretch",
            )
            cities = city_strike(strike, lang)
            st.dataframe(
                cities.assign(probability=cities["probability"].map("{:.0%}".format)), hide_index=True
            )
            st.caption(
                tr(
                    f"LightGBM 진로 모델 + 검증기간(2015~2017) 오차 궤적 {int(strike.attrs['members'])}개로 만든 앙상블. "
                    "예보원: 각 시각에서 과거 오차의 2/3가 들어가는 반경.",
                    f"LightGBM track model plus {int(strike.attrs['members'])} error trajectories from the 2015-2017 "
                    "validation years. Cone: the radius holding two thirds of past errors at each lead.",
                )
            )
            st.download_button(
                tr("통과 확률 격자 내려받기 (NetCDF)", "Download the strike grid (NetCDF)"),
                data=_netcdf_bytes(data_dir, row["storm"], index),
                file_name=f"strike_{row['storm']}_{case['time']:%Y%m%d%H}.nc",
                mime="application/x-netcdf",
            )

with bulletin_tab:
    points = bulletin_points(risk, day, strike, cities, lang=lang)
    title = tr("재난 위험 안내", "Disaster risk bulletin")
    try:
        from shared.llm import phrase
    except ImportError:  # the LLM layer is optional for this page
        phrase = None
    if phrase is not None:
        st.markdown(phrase(points, title=title, lang=lang))
        st.caption(tr("문장: shared.llm (기관 내부 실행)", "Phrased by shared.llm (runs inside the agency)"))
    else:
        st.markdown("\n".join(f"- {p}" for p in points))

with bench_tab:
    try:
        report = read_report(section.results_file)
    except CivicError:
        report = None
    if not report:
        st.info(tr("아직 벤치마크 결과가 없습니다.", "No benchmark results yet."))
    else:
        st.caption(
            f"civic bench disaster --data ../shared/data · device: {report.get('device')} · {report.get('created', '')[:10]}"
        )
        st.dataframe(pd.DataFrame(report["rows"]).set_index("model"))
        tables = report.get("tables", {})
        reliability = go.Figure()
        reliability.add_scatter(
            x=[0, 1],
            y=[0, 1],
            mode="lines",
            line=dict(color="#999", dash="dash"),
            name=tr("완벽한 신뢰도", "perfect reliability"),
        )
        for key, label in (
            ("flood_reliability_lstm", tr("홍수 1일 뒤 (LSTM)", "flood, day +1 (LSTM)")),
            ("strike_reliability", tr("태풍 72시간 통과", "typhoon strike, 72 h")),
        ):
            if key in tables:
                t = pd.DataFrame(tables[key]["data"], columns=tables[key]["columns"])
                t = t[t["lead"] == 1] if "lead" in t else t
                reliability.add_scatter(x=t["forecast"], y=t["observed"], mode="lines+markers", name=label)
        reliability.update_layout(
            title=tr("신뢰도 도표", "Reliability diagram"),
            xaxis_title=tr("예측 확률", "forecast probability"),
            yaxis_title=tr("관측 빈도", "observed frequency"),
            height=380,
        )
        st.plotly_chart(reliability, width="stretch")
