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

from apps.demo_models import disaster_demo
from apps.sections import by_key
from sectors.disaster.bulletin import risk_bulletin
from sectors.disaster.demo import (
    basin_risk,
    bulletin_points,
    busiest_day,
    city_strike,
    default_case,
    hydrograph,
    korea_storms,
    storm_cases,
)
from sectors.disaster.geo import offset_position
from sectors.disaster.typhoon.strike import KOREA_LAT, KOREA_LON, write_strike_netcdf
from shared.bench import read_report
from shared.data import env_data_dir
from shared.errors import CivicError
from shared.ui import (
    colour_for,
    forecast_band_chart,
    get_language,
    grid_map,
    korea_boundaries,
    point_map,
    style,
    tr,
    url_index,
    us_states,
)
from shared.ui.maps import add_outline
from shared.ui.notes import show_note

section = by_key("disaster")
st.header(f"{section.icon} {tr(section.ko, section.en)}")
st.caption(
    tr(
        "목적: 하천 유역의 1~3일 뒤 홍수 확률과 태풍이 72시간 안에 한반도 도시를 지날 확률을 미리 알려 줍니다.",
        "Purpose: the chance of a flood in each river basin 1-3 days ahead, and of a typhoon passing Korean cities within 72 h.",
    )
)
data_dir = str(env_data_dir()) if env_data_dir() else None


def _flood(data_dir: str | None):
    return disaster_demo("flood", data_dir)  # built once per server, at server start (apps.demo_models)


def _typhoon(data_dir: str | None):
    return disaster_demo("typhoon", data_dir)


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
            line=dict(color="#3d4852"),
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
    style(fig)
    fig.update_layout(
        title=title,
        height=560,
        margin=dict(l=10, r=10, t=30, b=10),
        plot_bgcolor="#eaf2fa",  # sea; the outline is the Korean coast and provinces
        xaxis=dict(visible=False, range=[KOREA_LON[0] - 10, KOREA_LON[1] + 8], constrain="domain"),
        yaxis=dict(
            visible=False,
            range=[KOREA_LAT[0] - 14, KOREA_LAT[1] + 2],
            scaleanchor="x",
            scaleratio=1.0 / np.cos(np.radians(32.0)),
            constrain="domain",
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

with st.spinner(tr("홍수 모델 준비 중 (서버에서 한 번만)…", "Preparing the flood model (once per server)…")):
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
    days = pd.DatetimeIndex(flood.forecast["issue_time"].values)
    default_day = busiest_day(flood)
    with st.container(border=True):
        st.markdown("**" + tr("조건", "Settings") + "**")
        c1, c2 = st.columns(2)
        day = pd.Timestamp(
            c1.date_input(
                tr("발표일", "Issue day"),
                value=default_day.date(),
                min_value=days[0].date(),
                max_value=days[-1].date(),
                key="flood_day",
                help=tr(
                    "기본값: 시험 기간 중 홍수 확률이 가장 높았던 날 (모델이 가장 쓸모 있는 때).",
                    "Default: the test-period day with the highest flood chance, where the model matters most.",
                ),
            )
        )
        risk = basin_risk(flood, day)
        labels = [f"{b} · {n}" for b, n in zip(risk["basin"], risk["name"], strict=True)]
        choice = c2.selectbox(
            tr("유역", "Basin"),
            labels,
            index=url_index(
                "flood_basin",
                labels,
                labels[int(np.argmax(risk["p_max"].to_numpy()))],
                param="basin",
                text=lambda label: label.split(" · ")[0],
            ),
            key="flood_basin",
            help=tr(
                "기본값: 이 날 홍수 확률이 가장 높은 유역.",
                "Default: the basin with the highest flood chance that day.",
            ),
        )
    basin = choice.split(" · ")[0]
    h = hydrograph(flood, basin, day)
    left, right = st.columns([3, 2])
    with left:
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
            history_label=tr("관측 (발표일까지)", "observed (to issue day)"),
            forecast_label=tr("예측", "forecast"),
            observed=h["observed"],
            observed_label=tr("실제 (나중에 관측)", "observed later"),
        )
        st.plotly_chart(fig, width="stretch", key="flood_chart")
    with right:
        st.markdown("**" + tr("유역별 3일 내 홍수 확률", "Flood chance within 3 days, by basin") + "**")
        st.plotly_chart(
            point_map(
                risk["lat"],
                risk["lon"],
                100 * risk["p_max"],
                labels=labels,
                title="",
                colour_label="%",
                colorscale="YlOrRd",
                size=16,
                highlight=labels.index(choice),
                value_format=".0f",
                zmin=0,
                zmax=100,
                height=380,
                outline=us_states(),
            ),
            width="stretch",
            key="flood_map",
        )
        st.caption(
            tr(
                "미국 본토 주 경계 위의 CAMELS 유역 관측 지점 (색: 3일 내 홍수 확률). 검은 고리: 선택한 유역.",
                "CAMELS basin gauges on the outline of the contiguous US states (colour: flood chance within 3 days). "
                "Black ring: selected basin.",
            )
        )
    probs = h["p_exceed"]
    if not np.isfinite(probs.to_numpy(float)).all():
        st.info(
            tr(
                "이 날 이 유역은 입력 자료가 비어 있어 확률을 낼 수 없습니다. 다른 날이나 유역을 골라 보세요.",
                "This basin has missing inputs on this day, so there is no probability. Pick another day or basin.",
            )
        )
    cols = st.columns(len(probs))
    for col, (lead, p) in zip(cols, probs.items(), strict=True):
        if not np.isfinite(p):
            col.metric(tr(f"{lead}일 뒤 홍수 확률", f"Flood chance, day +{lead}"), tr("자료 없음", "no data"))
            continue
        warn = p >= h["warn"][lead]
        col.metric(
            tr(f"{lead}일 뒤 홍수 확률", f"Flood chance, day +{lead}"),
            f"{p:.0%}",
            delta=tr("경보 수준", "warning level") if warn else tr("경보 아래", "below warning"),
            delta_color="inverse" if warn else "off",
            help=tr(
                f"유량이 홍수 기준({h['threshold']:.1f} mm/일)을 넘을 확률. {h['warn'][lead]:.0%} 이상이면 경보: "
                "검증 기간에 적중과 오경보의 균형이 가장 좋았던 기준입니다.",
                f"Chance that flow exceeds the flood threshold ({h['threshold']:.1f} mm/day). A warning from "
                f"{h['warn'][lead]:.0%}: the level that best balanced hits and false alarms in validation.",
            ),
        )
    s = flood.scores.summary
    st.caption(
        tr(
            f"시험기간 {flood.protocol.test[0]}~{flood.protocol.test[1]}, 1일 뒤: 유량 적합도 NSE {s['nse_lead1']:.2f} "
            f"(1 = 완벽, 0 = 평균 유량 수준), 확률 기술점수 BSS {s['bss_lead1']:.2f} (0보다 크면 평년 빈도보다 나음), "
            f"홍수 적중 CSI {s['csi_lead1']:.2f} (1 = 모든 홍수를 오경보 없이 맞춤).",
            f"Test period {flood.protocol.test[0]}..{flood.protocol.test[1]}, day +1: flow fit NSE {s['nse_lead1']:.2f} "
            f"(1 = perfect, 0 = no better than the mean flow), probability skill BSS {s['bss_lead1']:.2f} "
            f"(above 0 beats the usual flood frequency), flood hit score CSI {s['csi_lead1']:.2f} (1 = every flood, no false alarm).",
        )
    )

with st.spinner(
    tr("태풍 모델 준비 중 (서버에서 한 번만)…", "Preparing the typhoon model (once per server)…")
):
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
        kmh = get_language() == "ko"
        names = [
            f"JTWC {r.storm} ({r.start:%Y-%m-%d}, "
            + (f"최대 {r.vmax_max * 1.852:.0f} km/h)" if kmh else f"max {r.vmax_max:.0f} kt)")
            for r in storms.itertuples()
        ]
        default = (
            int(np.argmax(storms["storm"].to_numpy() == "201915")) if "201915" in set(storms["storm"]) else 0
        )
        settings = st.container(border=True)
        with settings:
            st.markdown("**" + tr("조건", "Settings") + "**")
            pick = st.selectbox(
                tr("태풍 (JTWC 번호)", "Storm (JTWC number)"),
                names,
                index=default,
                key="storm",
                help=tr(
                    "JTWC 자료에는 태풍 이름이 없어 번호(연도+순번)로 보입니다. 기본값 201915는 2019년 태풍 링링입니다.",
                    "The JTWC data carry no storm names, so storms show by number (year + sequence). "
                    "The default, 201915, is 2019's typhoon Lingling.",
                ),
            )
        row = storms.iloc[names.index(pick)]
        cases = storm_cases(typhoon, row["storm"])
        if cases.empty:
            st.info(tr("이 태풍에는 예측 사례가 없습니다.", "This storm has no forecast case."))
        else:
            times = [f"{t:%Y-%m-%d %H} UTC" for t in cases["time"]]
            at = settings.select_slider(
                tr("발표 시각", "Issue time"),
                times,
                value=times[default_case(cases, row["closest"])],
                key="issue",
                help=tr(
                    "기본값: 한반도 최근접 36시간 전.", "Default: 36 h before the closest approach to Korea."
                ),
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
                    colour_label=tr("확률", "chance"),
                    zmin=0,
                    zmax=1,
                    outline=korea_boundaries()["provinces"],
                ),
                width="stretch",
            )
            cities = city_strike(strike, lang)
            st.dataframe(
                cities.assign(probability=100 * cities["probability"])[["city", "probability"]],
                hide_index=True,
                width="stretch",
                column_config={
                    "city": st.column_config.TextColumn(tr("도시", "City")),
                    "probability": st.column_config.ProgressColumn(
                        tr("72시간 내 100 km 이내 통과 확률", "Passes within 100 km in 72 h"),
                        format="%.0f%%",
                        min_value=0,
                        max_value=100,
                        help=tr(
                            "앙상블 경로 중 도시 100 km 안을 지나는 비율.",
                            "Share of ensemble tracks passing within 100 km of the city.",
                        ),
                    ),
                },
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
    # issue 15: through shared.llm's service layer: each point cited, redacted, audited; shown as text
    show_note(risk_bulletin(points, title=title, lang=lang))

with bench_tab:
    try:
        report = read_report(section.results_file)
    except CivicError:
        report = None
    if not report:
        st.info(tr("아직 벤치마크 결과가 없습니다.", "No benchmark results yet."))
    else:
        st.caption(
            tr(
                f"전체 CAMELS·JTWC 자료로 측정 ({report.get('created', '')[:10] or '날짜 기록 없음'}). '오늘 값 유지'와 '평년 값'이 단순한 기준선입니다.",
                f"Measured on the full CAMELS and JTWC data ({report.get('created', '')[:10] or 'date not recorded'}). "
                "Persistence and climatology are the simple baselines.",
            )
        )
        rows = pd.DataFrame(report["rows"])
        names = {
            "persistence": tr("오늘 값 유지", "persistence"),
            "climatology": tr("평년 값", "climatology"),
            "cliper": tr("CLIPER (통계 기준선)", "CLIPER (statistical baseline)"),
            "lightgbm": "LightGBM",
            "lstm": "LSTM",
            "mlp": tr("MLP 신경망", "MLP network"),
        }
        rows["model"] = rows["model"].map(lambda m: names.get(m, m))
        flood_rows = rows[(rows["task"] == "flood") & (rows["split"] == "temporal")]
        st.markdown("**" + tr("홍수: 1일 뒤 (시험 기간)", "Flood, day +1 (test period)") + "**")
        st.dataframe(
            flood_rows[["model", "nse_lead1", "bss_lead1", "csi_lead1"]],
            hide_index=True,
            width="stretch",
            column_config={
                "model": st.column_config.TextColumn(tr("방법", "Method")),
                "nse_lead1": st.column_config.NumberColumn(
                    tr("유량 적합도 (NSE)", "Flow fit (NSE)"),
                    format="%.2f",
                    help=tr(
                        "1 = 완벽, 0 = 평균 유량 수준, 음수 = 평균보다 못함",
                        "1 = perfect, 0 = the mean flow, negative = worse",
                    ),
                ),
                "bss_lead1": st.column_config.NumberColumn(
                    tr("확률 기술점수 (BSS)", "Probability skill (BSS)"),
                    format="%.2f",
                    help=tr(
                        "0보다 크면 평년 홍수 빈도보다 나은 확률, 음수면 못함",
                        "Above 0 beats the usual flood frequency; negative is worse than it",
                    ),
                ),
                "csi_lead1": st.column_config.NumberColumn(
                    tr("홍수 적중 (CSI)", "Flood hits (CSI)"),
                    format="%.2f",
                    help=tr("1 = 모든 홍수를 오경보 없이 맞춤", "1 = every flood caught with no false alarm"),
                ),
            },
        )
        storm_rows = rows[rows["task"] == "typhoon"]
        if len(storm_rows):
            st.markdown("**" + tr("태풍 진로 오차 (2018~2021)", "Typhoon track error (2018-2021)") + "**")
            st.dataframe(
                storm_rows[["model", "track_km_24h", "track_km_48h", "track_km_72h"]],
                hide_index=True,
                width="stretch",
                column_config={
                    "model": st.column_config.TextColumn(tr("방법", "Method")),
                    **{
                        f"track_km_{h}h": st.column_config.NumberColumn(
                            tr(f"{h}시간 뒤 오차", f"Error at {h} h"),
                            format="%.0f km",
                            help=tr(
                                "예측 중심과 실제 중심 사이 평균 거리. 작을수록 좋음",
                                "Mean distance from the real centre; smaller is better",
                            ),
                        )
                        for h in (24, 48, 72)
                    },
                },
            )
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
                reliability.add_scatter(
                    x=t["forecast"],
                    y=t["observed"],
                    mode="lines+markers",
                    name=label,
                    line=dict(color=colour_for(key)),  # fixed by series, not by order
                )
        reliability.update_layout(
            title=tr("신뢰도 도표", "Reliability diagram"),
            xaxis_title=tr("예측 확률", "forecast probability"),
            yaxis_title=tr("관측 빈도", "observed frequency"),
            height=380,
        )
        st.plotly_chart(style(reliability), width="stretch")
