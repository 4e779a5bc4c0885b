"""The policymaker dashboard: a tile per section with its headline figure from the latest benchmark."""

from __future__ import annotations

from typing import Any

import streamlit as st

from apps.sections import SECTIONS, Section
from shared.bench import read_report
from shared.errors import CivicError
from shared.ui import tr


def headline_of(section: Section) -> dict[str, Any] | None:
    """The headline of a section's committed benchmark report, or None when there is none yet."""
    try:
        report = read_report(section.results_file)
    except CivicError:
        return None
    if not report or not report.get("headline"):
        return None
    return {**report["headline"], "device": report.get("device"), "created": report.get("created")}


def _format(value: Any, unit: str) -> str:
    if isinstance(value, float):
        text = f"{value:.3f}" if abs(value) < 10 else f"{value:,.1f}"
    else:
        text = str(value)
    return f"{text} {unit}".strip()


def render() -> None:
    """Draw the dashboard."""
    st.title(tr("공공행정 AI 모델 모음", "civic-ai-suite"))
    st.caption(
        tr(
            "civic-ai-suite · 공공 데이터로 검증한 민원·금융·복지·고용·교통·재난 AI 모델. 모든 계산은 기관 내부에서 수행됩니다.",
            "Public-service AI models measured on public data: civil affairs, finance, welfare, employment, "
            "traffic, disaster. Everything runs inside the agency's network.",
        )
    )
    columns = st.columns(3)
    for i, section in enumerate(SECTIONS):
        with columns[i % 3].container(border=True):
            st.subheader(f"{section.icon} {tr(section.ko, section.en)}")
            st.caption(tr(section.summary_ko, section.summary_en))
            headline = headline_of(section)
            if headline is None:
                st.info(tr("아직 학습되지 않음", "Not trained yet"))
            else:
                st.metric(
                    tr(headline.get("label_ko", ""), headline.get("label_en", "")),
                    _format(headline.get("value"), headline.get("unit", "")),
                    delta=headline.get("delta"),
                    delta_color=headline.get("delta_color", "normal"),
                )
                detail = tr(headline.get("detail_ko", ""), headline.get("detail_en", ""))
                st.caption(" · ".join(x for x in (detail, f"device: {headline.get('device')}") if x))
            st.page_link(
                str(section.page_path), label=tr("데모 열기", "Open demo"), icon=":material/arrow_forward:"
            )
    st.divider()
    st.caption(
        tr(
            "수치는 `civic bench SECTOR --json apps/results/SECTOR.json` 으로 만든 벤치마크 결과입니다. 사용 통계 전송은 꺼져 있습니다.",
            "Figures come from `civic bench SECTOR --json apps/results/SECTOR.json`. Usage statistics are off.",
        )
    )
