"""Streamlit page 'Welfare': a caseworker view (one household) and a policymaker view (blind spots)."""

from __future__ import annotations

import os

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from apps.sections import by_key
from apps.views.welfare_medical import medical_view
from sectors.welfare import (
    BlindSpotCounter,
    ServiceCatalogue,
    WelfareMatcher,
    demo_model,
    match_population,
    synthetic_chunks,
)
from sectors.welfare.conditions import HOUSEHOLD_TYPES, KIND_LABELS, RECIPIENT_STATUSES, SITUATIONS
from sectors.welfare.households import SAMPLE_HOUSEHOLDS
from sectors.welfare.notice import draft_household_notice
from sectors.welfare.regions import PROVINCES, municipalities
from sectors.welfare.rules import programme_table
from shared.errors import CivicError
from shared.ui import get_language, korea_boundaries, reasons_text, region_map, tr
from shared.ui.notes import show_note

POLICY_HOUSEHOLDS = 20_000


@st.cache_resource(show_spinner=False)
def load_matcher(data_dir: str | None) -> WelfareMatcher:
    """The sector's demo model (:func:`sectors.welfare.demo.demo_model`: the catalogue, bundled sample unless
    CIVIC_DATA_DIR is set, and a ranker trained on seeded synthetic households), once per server."""
    return demo_model(data_dir)


@st.cache_resource(show_spinner=False)
def blind_spots(data_dir: str | None, households: int) -> BlindSpotCounter:
    """Blind spots among synthetic households (scored with the cached matcher)."""
    chunks = synthetic_chunks(households, chunk=households, seed=21)
    result = match_population(load_matcher(data_dir), chunks, rank=False)
    return result.blind_spots


def _bar(frame: pd.DataFrame, column: str, title: str) -> go.Figure:
    fig = go.Figure(go.Bar(x=frame.index.astype(str), y=frame[column], marker_color="#1f4e9c"))
    fig.update_layout(title=title, height=300, margin=dict(l=10, r=10, t=40, b=10), yaxis_tickformat=".0%")
    return fig


def _status(value: bool | None) -> str:
    return {True: "✅", False: "❌", None: "❓"}[value]


def _tristate(label: str, key: str, container=st) -> bool | None:
    """A yes / no / unknown select (unknown gives "needs review", never "no")."""
    choice = container.selectbox(
        label,
        ["unknown", "yes", "no"],
        format_func=lambda v: {
            "unknown": tr("모름", "unknown"),
            "yes": tr("예", "yes"),
            "no": tr("아니오", "no"),
        }[v],
        key=key,
    )
    return None if choice == "unknown" else choice == "yes"


def _household_form(catalogue: ServiceCatalogue) -> dict:
    st.subheader(tr("가구 정보", "Household"))
    left, right = st.columns(2)
    province = left.selectbox(tr("시도", "Province"), PROVINCES, index=0, key="w_province")
    options = list(municipalities().get(province, ()))
    default = options.index("관악구") if "관악구" in options else 0
    municipality = right.selectbox(tr("시군구", "Municipality"), options, index=default, key="w_muni")
    income = left.number_input(
        tr("월 소득인정액 (원)", "Monthly recognised income (KRW)"),
        0,
        50_000_000,
        1_500_000,
        50_000,
        key="w_income",
    )
    n = right.number_input(tr("가구원 수", "Members"), 1, 6, 1, key="w_n")
    members = []
    for i in range(int(n)):
        cols = st.columns(5)
        age = cols[0].number_input(
            tr(f"{i + 1}번 나이", f"Age of member {i + 1}"),
            0.0,
            110.0,
            70.0 if i == 0 else 10.0,
            0.5,
            key=f"w_age{i}",
        )
        dis = cols[1].selectbox(
            tr("장애", "Disability"),
            ["none", "mild", "severe"],
            format_func=lambda v: {
                "none": tr("없음", "none"),
                "mild": tr("경증", "mild"),
                "severe": tr("중증", "severe"),
            }[v],
            key=f"w_dis{i}",
        )
        emp = cols[2].selectbox(
            tr("취업", "Employed"),
            ["unknown", "yes", "no"],
            format_func=lambda v: {
                "unknown": tr("모름", "unknown"),
                "yes": tr("예", "yes"),
                "no": tr("아니오", "no"),
            }[v],
            key=f"w_emp{i}",
        )
        school = _tristate(tr("초·중·고 재학", "In school"), f"w_school{i}", cols[3])
        preg = cols[4].checkbox(tr("임신 중", "Pregnant"), key=f"w_preg{i}")
        member = {"age": float(age), "disability": dis, "pregnant": bool(preg), "in_school": school}
        if emp != "unknown":
            member["employed"] = emp == "yes"
        members.append(member)
    types = st.multiselect(
        tr("가구 유형 (해당 시)", "Household type (if any)"),
        [t for t in HOUSEHOLD_TYPES if t not in ("single_person", "elderly_alone", "multi_child")],
        format_func=lambda t: tr(*HOUSEHOLD_TYPES[t]),
        key="w_types",
    )
    recipient = st.multiselect(
        tr("수급·차상위 자격", "Recipient status"), list(RECIPIENT_STATUSES), key="w_rcp"
    )
    left, mid, right = st.columns(3)
    single_parent = _tristate(tr("한부모·조손 가족", "Single-parent family"), "w_single_parent", left)
    crisis = _tristate(tr("위기사유 (실직·질병 등)", "Crisis (job loss, illness, ...)"), "w_crisis", mid)
    obligor_ok = _tristate(tr("부양의무자 기준 충족", "No relative able to support"), "w_obligor", right)
    situations = st.multiselect(
        tr("해당하는 대상 (자료로 알 수 없는 자격)", "Target groups that apply (not in the data)"),
        list(SITUATIONS),
        key="w_situations",
    )
    receives = st.multiselect(
        tr("이미 받고 있는 서비스", "Services already received"),
        catalogue.ids,
        format_func=dict(zip(catalogue.ids, catalogue.services["service"], strict=True)).get,
        key="w_receives",
    )
    return {
        "region": f"{province} {municipality}".strip(),
        "income_recognized_krw": float(income),
        "members": members,
        "household_type": types,
        "recipient": recipient,
        "married": None
        if len(members) == 1
        else st.checkbox(tr("부부 가구", "Married couple"), key="w_married"),
        "receives": receives,
        "single_parent": True if "single_parent" in types else single_parent,
        "crisis": crisis,
        "obligor_ok": obligor_ok,
        "situations": situations,
    }


def _household_choice(catalogue: ServiceCatalogue) -> dict:
    """A sample household shown on the page, or the form."""
    keys = ["custom", *SAMPLE_HOUSEHOLDS]
    choice = st.selectbox(
        tr("예시 가구", "Sample household"),
        keys,
        format_func=lambda k: (
            tr("직접 입력", "enter a household")
            if k == "custom"
            else tr(SAMPLE_HOUSEHOLDS[k]["ko"], SAMPLE_HOUSEHOLDS[k]["en"])
        ),
        key="w_sample",
    )
    if choice == "custom":
        return _household_form(catalogue)
    household = SAMPLE_HOUSEHOLDS[choice]["household"]
    st.json(household, expanded=False)
    return dict(household)


def _programme_block(table: pd.DataFrame) -> None:
    """For each national programme: the decision, the threshold that applied and the household's figure."""
    national = table[table["rule"].notna()]
    if not len(national):
        return
    st.subheader(tr("국가 핵심 급여 판정 (법령·고시 기준)", "National programmes (statutes and notices)"))
    view = pd.DataFrame(
        {
            tr("급여", "programme"): national["service"],
            tr("판정", "decision"): national["eligible"].map(_status),
            tr("적용 기준과 가구 수치", "threshold applied and the household's figure"): national[
                "threshold"
            ],
            tr("근거", "basis"): national["rule"],
        }
    )
    st.dataframe(view, hide_index=True, width="stretch")
    with st.expander(tr("규칙이 적용되는 급여와 출처", "Programmes written as rules, with sources")):
        st.dataframe(pd.DataFrame(programme_table(get_language())), hide_index=True, width="stretch")


def _conditions_block(conditions: list[dict]) -> None:
    for c in conditions:
        kind = tr(*KIND_LABELS.get(c["kind"], (c["kind"], c["kind"])))
        st.markdown(f"{_status(c['status'])} **{kind}** · {c['reading']}")
        st.caption(f"{c['field']}: «{c['source']}»")


def caseworker_view(matcher: WelfareMatcher) -> None:
    """Enter a household; see services with reasons and the source sentence of each criterion."""
    household = _household_choice(matcher.catalogue)
    year = st.radio(tr("기준 연도", "Year"), [2025, 2024, 2026], horizontal=True, key="w_year")
    if not st.button(tr("받을 수 있는 서비스 찾기", "Find services"), type="primary", key="w_go"):
        st.info(tr("가구 정보를 입력하고 버튼을 누르세요.", "Enter the household and press the button."))
        return
    lang = get_language()
    try:
        ranked = matcher.match(household, int(year), lang=lang)
        table = matcher.assess(household, int(year), lang=lang)
    except CivicError as exc:
        st.error(str(exc))
        return
    eligible = ranked[ranked["eligible"].map(lambda v: v is True)]
    review = ranked[ranked["eligible"].map(lambda v: v is None)]
    st.metric(tr("받을 수 있는 서비스", "Services qualified for"), len(eligible))
    st.caption(
        tr(
            f"검토 필요 {len(review)}개 · 해당 없음 {len(table) - len(eligible) - len(review)}개 (자료로 판단할 수 없는 조건은 추측하지 않습니다)",
            f"needs review {len(review)} · not eligible {len(table) - len(eligible) - len(review)} (conditions the data cannot decide are never guessed)",
        )
    )
    st.subheader(tr("추천 순위", "Ranked services"))
    for rank, row in enumerate(eligible.head(15).itertuples(), start=1):
        with st.container(border=True):
            received = tr(" (이미 수급 중)", " (already received)") if row.received else ""
            value = (
                f" · {row.value_krw_year:,.0f}{tr('원/년', ' KRW/yr')}"
                if pd.notna(row.value_krw_year)
                else ""
            )
            st.markdown(f"**{rank}. {row.service}**{received}{value}  `{row.score:.3f}`")
            if isinstance(row.threshold, str):
                st.caption(tr("적용 기준: ", "Threshold applied: ") + row.threshold)
            reasons = row.reasons_ko if lang == "ko" else row.reasons_en
            if reasons:
                st.caption(tr("추천 이유: ", "Why: ") + reasons_text(reasons))
            with st.expander(tr("충족한 조건과 근거 문장", "Conditions met and their source")):
                _conditions_block(row.conditions)
    _programme_block(table)
    _notice_block(eligible, lang)
    if len(review):
        with st.expander(tr(f"검토 필요 서비스 {len(review)}개", f"{len(review)} services need review")):
            for row in review.head(30).itertuples():
                st.markdown(f"**{row.service}**")
                _conditions_block([c for c in row.conditions if c["status"] is not False])


def _notice_block(eligible: pd.DataFrame, lang: str) -> None:
    """Issue 15: the 신청 안내 for the first qualifying service, drafted through shared.llm's service layer."""
    if eligible.empty:
        return
    row = eligible.iloc[0]  # no widget here: the results above show only after the button press
    with st.expander(
        tr(f"가구에 보낼 신청 안내문: {row['service']}", f"The notice to the household: {row['service']}")
    ):
        show_note(draft_household_notice(row, data_dir=os.environ.get("CIVIC_DATA_DIR") or None, lang=lang))


def policymaker_view(matcher: WelfareMatcher, data_dir: str | None) -> None:
    """Coverage of the catalogue and blind spots by region and group (synthetic households)."""
    st.subheader(tr("조건 추출 범위", "Extraction coverage"))
    coverage = matcher.catalogue.coverage()
    coverage.index = [tr(*KIND_LABELS[k]) if k in KIND_LABELS else k for k in coverage.index]
    st.dataframe(coverage.style.format({"share": "{:.1%}"}), width="stretch")
    st.subheader(tr("복지 사각지대 (모의 가구)", "Blind spots (synthetic households)"))
    st.caption(
        tr(
            f"통계에 맞춘 모의 가구 {POLICY_HOUSEHOLDS:,}곳: 연 120만원 이상 서비스의 대상이지만 그런 서비스를 하나도 받지 않는 가구의 비율. 실제 가구 자료가 아닙니다.",
            f"{POLICY_HOUSEHOLDS:,} synthetic households calibrated to published statistics: share of households eligible for a "
            "service worth 1.2 million KRW a year or more that receive none of them. Not real household data.",
        )
    )
    counter = blind_spots(data_dir, POLICY_HOUSEHOLDS)
    by_province = counter.table("province")
    total = by_province[["eligible_high_value", "blind_spots"]].sum()
    c1, c2, c3 = st.columns(3)
    c1.metric(
        tr("고가치 서비스 대상 가구", "Eligible for high-value"), f"{int(total['eligible_high_value']):,}"
    )
    c2.metric(tr("사각지대 가구", "Blind-spot households"), f"{int(total['blind_spots']):,}")
    c3.metric(
        tr("사각지대 비율", "Blind-spot rate"),
        f"{total['blind_spots'] / max(total['eligible_high_value'], 1):.1%}",
    )
    fig = region_map(
        korea_boundaries()["provinces"],
        by_province["blind_spot_rate"].to_dict(),
        title=tr("시도별 사각지대 비율", "Blind-spot rate by province"),
        colour_label=tr("비율", "rate"),
        colorscale="OrRd",
        height=520,
    )
    st.plotly_chart(fig, width="stretch")
    left, right = st.columns(2)
    by_age = counter.table("age_group")
    by_type = counter.table("household_type")
    left.plotly_chart(
        _bar(by_age, "blind_spot_rate", tr("연령대별 (가구 최고령자)", "By age group (eldest member)")),
        width="stretch",
    )
    right.plotly_chart(
        _bar(by_type, "blind_spot_rate", tr("가구 유형별", "By household type")), width="stretch"
    )
    table = pd.concat(
        {"province": by_province, "age_group": by_age, "household_type": by_type}, names=["group", "value"]
    )
    st.dataframe(
        table.style.format({"blind_spot_rate": "{:.1%}", "unclaimed_krw_year": "{:,.0f}"}),
        width="stretch",
    )


section = by_key("welfare")
st.header(f"{section.icon} {tr(section.ko, section.en)}")
st.write(tr(section.summary_ko, section.summary_en))
data_dir = os.environ.get("CIVIC_DATA_DIR") or None
with st.spinner(tr("복지 서비스 목록에서 조건을 추출하는 중…", "Extracting conditions from the catalogue…")):
    matcher = load_matcher(data_dir)
st.caption(
    tr(
        f"서비스 {len(matcher.catalogue):,}개 ({matcher.catalogue.origin}) · 출처: 한국사회보장정보원·복지로 (공공누리)",
        f"{len(matcher.catalogue):,} services ({matcher.catalogue.origin}) · source: 한국사회보장정보원 / Bokjiro (KOGL)",
    )
)
case_tab, policy_tab, medical_tab = st.tabs(
    [
        tr("상담원: 가구별 안내", "Caseworker"),
        tr("정책 담당자: 사각지대", "Policymaker"),
        tr("의료: 맞춤형 공공 보건 서비스", "Medical: public health services"),
    ]
)
with case_tab:
    caseworker_view(matcher)
with policy_tab:
    policymaker_view(matcher, data_dir)
with medical_tab:
    medical_view()
