"""The Medical section of the Welfare page: one synthetic person's timeline, services due, risk and notice.

Drawn inside a tab of ``apps/views/welfare.py`` (not a page of its own). All logic lives in
:mod:`sectors.welfare.medical`; this module only lays it out.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from apps.demo_models import medical_records as _records
from apps.demo_models import medical_risk as _risk
from apps.demo_models import medical_sample_people as sample_people
from sectors.welfare.medical import draft_notice, manifest, person_risk, recommend
from shared.errors import CivicError
from shared.ui import get_language, tr

KIND_KO = {
    "cancer_screening": "암검진",
    "health_screening": "건강검진",
    "vaccination": "예방접종",
    "chronic_care": "만성질환관리",
}
STATUS = {"due": ("대상", "due"), "check": ("확인 필요", "to confirm"), "upcoming": ("예정", "upcoming")}


def _label(pid: str) -> str:
    person = _records().person(pid)
    age = person.age(_records().reference_date)
    sex = tr("여", "F") if person.sex == "F" else tr("남", "M")
    return f"{pid[:9]} · {sex} {age}{tr('세', '')}"


def _timeline_figure(timeline: pd.DataFrame) -> go.Figure:
    fig = go.Figure()
    for kind, part in timeline.groupby("kind", sort=True):
        fig.add_trace(
            go.Scatter(
                x=part["date"],
                y=[kind] * len(part),
                mode="markers",
                name=kind,
                text=(part["display"] + " " + part["detail"]).str.strip(),
                hovertemplate="%{x|%Y-%m-%d}<br>%{text}<extra></extra>",
            )
        )
    fig.update_layout(
        title=tr("진료 기록 타임라인 (최근 10년)", "Record timeline (last 10 years)"),
        height=360,
        margin=dict(l=10, r=10, t=40, b=10),
        showlegend=False,
    )
    return fig


def medical_view() -> None:
    """Pick a sample person; see the timeline, the services due with reasons, the risk and a notice draft."""
    info = manifest()
    st.warning(
        tr(
            f"모의 의료 기록입니다: Synthea(파이썬 구현, {info.get('generator', '')})로 생성한 미국식 기록 "
            f"{info['rows']['patients']:,}명 (미국 백신·진료 관행, 한국 검진 이력 없음). 실제 개인 기록이 아닙니다.",
            f"Synthetic records: {info['rows']['patients']:,} US-flavoured patients generated with Synthea "
            f"({info.get('generator', '')}; US vaccines and care patterns, no Korean screening history). Not real people.",
        )
    )
    records = _records()
    with st.spinner(tr("위험 모형 학습 중…", "Training the risk model…")):
        fit = _risk()
    people = sample_people()
    pid = st.selectbox(
        tr("대상자 (가명 ID)", "Person (pseudonymous id)"),
        people,
        format_func=_label,
        placeholder=tr("선택하세요", "Choose"),
        key="m_person",
    )
    person = records.person(pid)
    on = records.reference_date
    st.caption(
        tr(
            f"기준일 {on:%Y-%m-%d} · 이름·주소·식별번호는 읽을 때 제거되고 ID는 가명입니다.",
            f"As of {on:%Y-%m-%d} · names, addresses and identifiers are dropped at load; the id is a pseudonym.",
        )
    )
    st.plotly_chart(_timeline_figure(person.timeline()), width="stretch")

    st.subheader(tr("받을 수 있는 공공 보건 서비스", "Public health services due"))
    services = recommend(person, on=on)
    st.metric(tr("안내할 서비스", "Services to offer"), int((services["status"] != "upcoming").sum()))
    for row in services.itertuples():
        with st.container(border=True):
            status = tr(*STATUS[row.status])
            name = tr(row.service_ko, row.service_en)
            st.markdown(f"**{row.rank}. {name}** · {tr(KIND_KO[row.kind], row.kind)} · {status}")
            st.caption(tr(row.reason_ko, row.reason_en) + f" · {tr('예정일', 'due')} {row.due_date:%Y-%m-%d}")
            with st.expander(tr("근거 기록과 규칙 출처", "Record entries and rule source")):
                for e in row.evidence:
                    st.text(e)
                st.caption(tr("출처: ", "Source: ") + row.source)

    st.subheader(
        tr(
            "내년 위험 (입원·응급 또는 만성질환 발생)",
            "Next-year risk (admission, emergency or chronic onset)",
        )
    )
    risk = person_risk(fit.model, records, pid)
    if risk is None:
        st.info(tr("위험 모형은 18세 이상 생존자만 다룹니다.", "The risk model covers living adults only."))
    else:
        base = float(fit.baseline.predict_proba(pd.DataFrame([risk["features"]]))[0])
        c1, c2 = st.columns(2)
        c1.metric(
            tr("모형의 위험 예측", "Model's risk estimate"),
            f"{risk['probability']:.0%}",
            tr(risk["level_ko"], risk["level_en"]),
            delta_color="off",
            help=tr(
                "이 사람과 비슷한 기록을 가진 사람이 내년에 입원·응급실 방문 또는 만성질환 진단을 겪을 확률 (모의 기록으로 학습)",
                "The chance that someone with records like this person's is admitted, visits an emergency room or gets "
                "a chronic diagnosis next year (learnt from synthetic records)",
            ),
        )
        c2.metric(
            tr("나이·성별 기준선", "Age-sex baseline"),
            f"{base:.0%}",
            help=tr(
                "나이와 성별만으로 본 같은 확률: 모형 예측과 비교할 단순한 기준",
                "The same chance from age and sex alone: the simple yardstick for the model's estimate",
            ),
        )
        drivers = risk["drivers"] if get_language() == "ko" else risk["drivers_en"]
        st.markdown(tr("**주요 요인**", "**Main drivers**"))
        for d in drivers or [tr("위험을 높이는 요인 없음", "nothing raises the risk")]:
            st.text("· " + d)
        st.caption(
            tr(
                "모의 기록으로 학습한 모형입니다. 성능과 기준선 비교는 벤치마크 보고서(복지, 의료 위험 행)에 있습니다.",
                "A model trained on synthetic records; its scores against the baseline are in the benchmark report "
                "(welfare, medical risk rows).",
            )
        )

    st.subheader(tr("안내문 초안", "Draft notice"))
    st.caption(
        tr(
            "공통 문서 작성 계층으로 작성: 개인정보 제거 후 작성, 규칙 출처만 인용, 감사 기록을 남깁니다.",
            "Drafted through the suite's shared drafting layer: redacted, citing only the retrieved rules, audited.",
        )
    )
    if st.button(tr("안내문 작성", "Draft the notice"), key="m_notice"):
        try:
            notice = draft_notice(person, services, risk=risk, lang=get_language())
        except CivicError as exc:
            st.error(str(exc))
            return
        st.text(notice.text)
        st.caption(
            tr(
                f"작성: {notice.backend} · 감사 기록 해시 {notice.prompt_sha256[:12]}",
                f"by {notice.backend} · audit hash {notice.prompt_sha256[:12]}",
            )
        )
        for w in notice.warnings:
            st.warning(w)
