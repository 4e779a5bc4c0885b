"""The policymaker dashboard: what needs attention now, and a tile per section saying in words what it does.

The "needs attention now" lists are computed once per server by the start-up thread of
:mod:`apps.demo_models` (started with the server), so the page draws at once and the lists appear when ready; the tiles read the committed
benchmark reports and put them in plain words (:mod:`apps.headlines`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from apps import attention, demo_models
from apps.headlines import PlainHeadline, plain_headline
from apps.sections import SECTIONS, Section, by_key
from shared.bench import read_report
from shared.errors import CivicError
from shared.ui import korea_boundaries, tr, url_choice

FOCUS_KEY = "dash_focus"
ALL = "all"
POLL_S = 2.0


def headline_of(section: Section) -> dict[str, Any] | None:
    """The headline of a section's committed benchmark report, or None when there is none yet."""
    try:
        report = read_report(section.results_file)
    except CivicError:
        return None
    if not report or not report.get("headline"):
        return None
    return {**report["headline"], "created": report.get("created")}


def plain_of(section: Section) -> PlainHeadline | None:
    """The section's result in plain words, or None when its report is missing or lacks the rows."""
    try:
        return plain_headline(section.key, read_report(section.results_file))
    except CivicError:
        return None


@st.cache_data(show_spinner=False)
def _province_names_en() -> dict[str, str]:
    features = korea_boundaries()["provinces"]["features"]
    return {
        f["properties"]["name"]: f["properties"].get("name_eng", f["properties"]["name"]) for f in features
    }


def _pending() -> None:
    st.caption(tr("계산 중… 잠시 뒤 나타납니다.", "Computing… this appears in a moment."))


def _failed() -> None:
    st.caption(tr("지금은 계산할 수 없습니다.", "Not available right now."))


def _link(key: str) -> None:
    section = by_key(key)
    if section is not None:
        st.page_link(
            str(section.page_path), label=tr("자세히 보기", "See details"), icon=":material/arrow_forward:"
        )


def _traffic_block(item: Any) -> None:
    st.markdown(f"**{tr('1시간 안에 정체가 예상되는 도로', 'Roads expected to congest within the hour')}**")
    if item is None:
        return _pending()
    if isinstance(item, Exception):
        return _failed()
    rows: pd.DataFrame = item.rows
    if rows.empty:
        st.write(tr("정체가 예상되는 센서가 없습니다.", "No sensor is expected to congest."))
    for r in rows.itertuples():
        st.markdown(
            tr(
                f"- 센서 {r.sensor}: **{r.minutes_until}분 뒤** ({r.now_kmh:.0f} → {r.forecast_kmh:.0f} km/h)",
                f"- Sensor {r.sensor}: **in {r.minutes_until} min** ({r.now_kmh:.0f} → {r.forecast_kmh:.0f} km/h)",
            )
        )
    st.caption(tr(f"{item.as_of} 기준. ", f"As of {item.as_of}. ") + tr(item.how_ko, item.how_en))
    _link("traffic")


def _chance_word(p: float) -> str:
    if p >= 0.5:
        return tr("높음", "high")
    if p >= 0.2:
        return tr("주의", "watch")
    return tr("낮음", "low")


def _flood_block(item: Any) -> None:
    st.markdown(f"**{tr('홍수 확률이 가장 높은 유역', 'Basins with the highest flood chance')}**")
    if item is None:
        return _pending()
    if isinstance(item, Exception):
        return _failed()
    for r in item.rows.itertuples():
        st.markdown(
            f"- {r.basin}: **{r.chance:.0%}** ({_chance_word(r.chance)})".replace("**0%**", "**<1%**")
        )
    st.caption(tr(f"{item.as_of} 예보. ", f"Forecast of {item.as_of}. ") + tr(item.how_ko, item.how_en))
    _link("disaster")


def _welfare_block() -> None:
    st.markdown(f"**{tr('사각지대 가구가 가장 많은 지역', 'Regions with the most blind-spot households')}**")
    welfare = by_key("welfare")
    try:
        report = read_report(welfare.results_file) if welfare else None
    except CivicError:
        report = None
    rows = attention.blind_spot_regions(report)
    if rows.empty:
        return _failed()
    names = _province_names_en()
    for r in rows.itertuples():
        st.markdown(
            tr(
                f"- {r.province}: **{r.blind_spots:,}가구** (대상 가구의 {r.blind_spot_rate:.1%})",
                f"- {names.get(r.province, r.province)}: **{r.blind_spots:,} households** "
                f"({r.blind_spot_rate:.1%} of those eligible)",
            )
        )
    created = str((report or {}).get("created", ""))[:10]
    st.caption(
        tr(
            f"통계에 맞춘 모의 100만 가구, {created} 계산. 연 120만원 이상 서비스의 대상이지만 아무것도 받지 않는 가구.",
            f"One million synthetic households calibrated to published statistics, computed {created}: "
            "eligible for a service worth 1.2 million KRW a year or more but receiving none.",
        )
    )
    _link("welfare")


def _complaints_block(item: Any) -> None:
    st.markdown(f"**{tr('가장 많은 민원 주제', 'Most common complaint topics')}**")
    if item is None:
        return _pending()
    if isinstance(item, Exception) or item.empty:
        return _failed()
    for r in item.itertuples():
        plural = "complaint" if r.complaints == 1 else "complaints"
        st.markdown(tr(f"- {r.law}: **{r.complaints}건**", f"- {r.law_en}: **{r.complaints} {plural}**"))
    st.caption(
        tr(
            "데모에 포함된 가상의 예시 민원에서 각 민원의 근거 법령으로 집계. 실제 민원 대장을 연결하면 실제 주제가 나옵니다.",
            "Counted from the fictional example complaints bundled with the demo (the act each one is about); "
            "connect the complaint register for real topics.",
        )
    )
    _link("civil-affairs")


def _attention_panel(focus: str) -> None:
    lists = demo_models.attention()
    blocks: list[tuple[str, Callable[[], None]]] = [
        ("traffic", lambda: _traffic_block(lists.get("traffic"))),
        ("disaster", lambda: _flood_block(lists.get("disaster"))),
        ("welfare", _welfare_block),
        ("llm", lambda: _complaints_block(lists.get("llm"))),
    ]
    blocks = [b for b in blocks if focus in (ALL, b[0])]
    if not blocks:
        return
    st.subheader(tr("지금 살펴볼 곳", "Needs attention now"))
    columns = st.columns(min(len(blocks), 2))
    for i, (_, draw) in enumerate(blocks):
        with columns[i % len(columns)].container(border=True):
            draw()


def _tile(section: Section) -> None:
    st.subheader(f"{section.icon} {tr(section.ko, section.en)}")
    plain = plain_of(section)
    if plain is None:
        st.write(tr(section.summary_ko, section.summary_en))
        st.info(tr("아직 측정 결과가 없습니다.", "No measurement yet."))
    else:
        st.write(tr(plain.sentence_ko, plain.sentence_en))
        better = plain.better_pct
        value = (
            tr(f"{better:.0f}% 나음", f"{better:.0f}% better")
            if better >= 0
            else tr(f"{-better:.0f}% 못함", f"{-better:.0f}% worse")
        )
        st.metric(
            tr("단순한 방법과 비교", "Compared with the simple way"),
            value,
            help=tr(plain.help_ko, plain.help_en) or None,
        )
        st.caption(
            tr(
                f"{plain.baseline_ko} · {plain.measured} 측정",
                f"{plain.baseline_en} · measured {plain.measured}",
            )
        )
    st.page_link(str(section.page_path), label=tr("데모 열기", "Open demo"), icon=":material/arrow_forward:")


def render() -> None:
    """Draw the dashboard."""
    st.title(tr("공공행정 AI 모델 모음", "civic-ai-suite"))
    st.caption(
        tr(
            "공공 데이터로 검증한 민원·금융·복지·고용·교통·재난 AI 모델. 모든 계산은 기관 내부에서 수행됩니다.",
            "Public-service AI models measured on public data: civil affairs, finance, welfare, employment, "
            "traffic, disaster. Everything runs inside the agency's network.",
        )
    )
    options = [ALL] + [s.key for s in SECTIONS]
    labels = {ALL: tr("전체", "All")} | {s.key: tr(s.ko, s.en) for s in SECTIONS}
    focus = st.segmented_control(
        tr("분야", "Sector"),
        options,
        format_func=labels.get,
        default=url_choice(FOCUS_KEY, options, ALL, param="focus"),
        key=FOCUS_KEY,
    )
    focus = focus or ALL

    demo_models.warm_up()  # started by the entry script already; a no-op then
    polling = not demo_models.attention_ready()

    @st.fragment(run_every=POLL_S if polling else None)
    def panel() -> None:
        _attention_panel(focus)
        if polling and demo_models.attention_ready():
            st.rerun()  # every list is ready: one full run draws the page without the polling timer

    panel()
    st.subheader(tr("분야별 모델", "The models"))
    shown = [s for s in SECTIONS if focus in (ALL, s.key)]
    columns = st.columns(min(3, len(shown)))
    for i, section in enumerate(shown):
        with columns[i % len(columns)].container(border=True):
            _tile(section)
    st.divider()
    st.caption(
        tr(
            "타일의 수치는 공개 자료로 잰 벤치마크 결과입니다 (명령: civic bench). 사용 통계 전송은 꺼져 있습니다.",
            "Tile figures are benchmark results on public data (command: civic bench). Usage statistics are off.",
        )
    )
