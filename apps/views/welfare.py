"""Streamlit page 'Welfare': a caseworker view (one household) and a policymaker view (blind spots)."""

from __future__ import annotations

import os

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from apps.demo_models import WELFARE_POLICY_HOUSEHOLDS, data_key, welfare_blind_spot_tables, welfare_demo
from apps.sections import by_key
from apps.views.welfare_medical import medical_view
from sectors.welfare import ServiceCatalogue, WelfareMatcher
from sectors.welfare.conditions import HOUSEHOLD_TYPES, KIND_LABELS, RECIPIENT_STATUSES, SITUATIONS
from sectors.welfare.households import SAMPLE_HOUSEHOLDS
from sectors.welfare.notice import draft_household_notice
from sectors.welfare.regions import PROVINCES, municipalities
from sectors.welfare.rules import programme_table
from shared.errors import CivicError
from shared.ui import get_language, korea_boundaries, reasons_text, region_map, tr, url_index
from shared.ui.notes import show_note

POLICY_HOUSEHOLDS = WELFARE_POLICY_HOUSEHOLDS
SAMPLE_PARAM = "household"  # ?household=elderly_alone opens the page on that sample household

RECIPIENT_EN = {
    "생계": "livelihood",
    "의료": "medical",
    "주거": "housing",
    "교육": "education",
    "차상위": "near-poor",
}
SITUATIONS_EN = {
    "보훈대상자": "veterans",
    "북한이탈주민": "North Korean defectors",
    "다문화·북한이탈주민": "multicultural families or defectors",
    "의사상자": "people injured or killed while rescuing others",
    "학생·재학": "students",
    "농어업인": "farmers and fishers",
    "사업주·기업": "employers and businesses",
    "단체·기관": "organisations",
    "질병·장기요양": "illness or long-term care",
    "피해자": "victims (crime, disaster, ...)",
    "주거 상태": "housing situation",
    "시설·보호·위탁": "in care or foster care",
    "군 복무": "military service",
    "예술인": "artists",
    "출소·교정": "released from prison",
    "산업재해": "industrial accident",
    "양육비 채권": "unpaid child support",
    "직업재활·근로장애인": "vocational rehabilitation",
    "다른 서비스 이용": "using another service",
}
HOUSEHOLD_GROUPS_EN = {
    "1인(65세 미만)": "one person under 65",
    "기타": "other",
    "노인 부부": "elderly couple",
    "다자녀": "three or more children",
    "독거노인": "elderly living alone",
    "자녀 양육": "raising children",
    "한부모": "single parent",
}
COVERAGE_WORDS = {
    "(no condition found)": ("조건을 찾지 못한 서비스", "no condition found"),
    "(needs review: some condition undecidable)": (
        "검토 필요 (자료로 판단할 수 없는 조건 포함)",
        "needs review (some condition undecidable)",
    ),
}


def _placeholder() -> str:
    return tr("선택하세요", "Choose")


def _won(value: float) -> str:
    """An amount in won, the page's one money unit: "1,500,000원" / "1,500,000 KRW"."""
    return tr(f"{value:,.0f}원", f"{value:,.0f} KRW")


def relative_weights(scores: pd.Series) -> list[float]:
    """Ranker scores of the listed services as percentages summing to 100 (their relative weight).

    The ranker's raw scores only order services (no unit, can be negative); the weights keep the order.

    Example:
        >>> [round(w) for w in relative_weights(pd.Series([0.0, 0.0]))]
        [50, 50]
    """
    values = np.asarray(scores, dtype=float)
    if values.size == 0:
        return []
    weights = np.exp(values - values.max())
    return (100 * weights / weights.sum()).tolist()


def _province_en() -> dict[str, str]:
    features = korea_boundaries()["provinces"]["features"]
    return {
        f["properties"]["name"]: f["properties"].get("name_eng", f["properties"]["name"]) for f in features
    }


def _group_word(group: str, value: str) -> str:
    """A blind-spot group's label in the page's language."""
    if get_language() == "ko":
        return f"{value}세" if group == "age_group" else value
    if group == "province":
        return _province_en().get(value, value)
    if group == "household_type":
        return HOUSEHOLD_GROUPS_EN.get(value, value)
    return f"{value} years"


def _bar(frame: pd.DataFrame, column: str, title: str, group: str) -> go.Figure:
    labels = [_group_word(group, str(v)) for v in frame.index]
    fig = go.Figure(go.Bar(x=labels, y=frame[column], marker_color="#1f4e9c"))
    fig.update_layout(title=title, height=300, margin=dict(l=10, r=10, t=40, b=10), yaxis_tickformat=".0%")
    return fig


def _status(value: bool | None) -> str:
    """A condition's or programme's decision as a coloured icon (Streamlit's own icon font: no emoji font needed)."""
    return {
        True: ":green[:material/check_circle:]",
        False: ":red[:material/cancel:]",
        None: ":orange[:material/help:]",
    }[value]


def _decision(value: bool | None) -> str:
    """A programme's decision in words, for a table cell."""
    return {
        True: tr("대상", "qualifies"),
        False: tr("대상 아님", "does not qualify"),
        None: tr("검토 필요", "needs review"),
    }[value]


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
        placeholder=_placeholder(),
        key=key,
    )
    return None if choice == "unknown" else choice == "yes"


def _household_form(catalogue: ServiceCatalogue) -> dict:
    st.subheader(tr("가구 정보", "Household"))
    left, right = st.columns(2)
    names_en = _province_en()
    province = left.selectbox(
        tr("시도", "Province"),
        PROVINCES,
        index=0,
        format_func=lambda p: tr(p, names_en.get(p, p)),
        placeholder=_placeholder(),
        key="w_province",
    )
    options = list(municipalities().get(province, ()))
    default = options.index("관악구") if "관악구" in options else 0
    municipality = right.selectbox(
        tr("시군구", "Municipality"), options, index=default, placeholder=_placeholder(), key="w_muni"
    )
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
            placeholder=_placeholder(),
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
            placeholder=_placeholder(),
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
        placeholder=tr("해당 없음", "None apply"),
        key="w_types",
    )
    recipient = st.multiselect(
        tr("수급·차상위 자격", "Recipient status"),
        list(RECIPIENT_STATUSES),
        format_func=lambda r: tr(f"{r}급여" if r != "차상위" else r, RECIPIENT_EN.get(r, r)),
        placeholder=tr("해당 없음", "None"),
        key="w_rcp",
    )
    left, mid, right = st.columns(3)
    single_parent = _tristate(tr("한부모·조손 가족", "Single-parent family"), "w_single_parent", left)
    crisis = _tristate(tr("위기사유 (실직·질병 등)", "Crisis (job loss, illness, ...)"), "w_crisis", mid)
    obligor_ok = _tristate(tr("부양의무자 기준 충족", "No relative able to support"), "w_obligor", right)
    situations = st.multiselect(
        tr("해당하는 대상 (자료로 알 수 없는 자격)", "Target groups that apply (not in the data)"),
        list(SITUATIONS),
        format_func=lambda v: tr(v, SITUATIONS_EN.get(v, v)),
        placeholder=tr("해당 없음", "None apply"),
        key="w_situations",
    )
    receives = st.multiselect(
        tr("이미 받고 있는 서비스", "Services already received"),
        catalogue.ids,
        format_func=dict(zip(catalogue.ids, catalogue.services["service"], strict=True)).get,
        placeholder=tr("없음", "None"),
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


DEFAULT_SAMPLE = "elderly_alone"
DISABILITY_WORDS = {"none": ("없음", "none"), "mild": ("경증", "mild"), "severe": ("중증", "severe")}
RELATION_WORDS = {"head": ("가구주", "head"), "spouse": ("배우자", "spouse"), "child": ("자녀", "child")}


def _household_choice(catalogue: ServiceCatalogue) -> tuple[str, dict]:
    """The chosen sample household (kept in the URL as ?household=...) and its profile, or the form."""
    keys = ["custom", *SAMPLE_HOUSEHOLDS]
    choice = st.selectbox(
        tr("예시 가구", "Sample household"),
        keys,
        index=url_index("w_sample", keys, DEFAULT_SAMPLE, param=SAMPLE_PARAM),
        format_func=lambda k: (
            tr("직접 입력", "enter a household")
            if k == "custom"
            else tr(SAMPLE_HOUSEHOLDS[k]["ko"], SAMPLE_HOUSEHOLDS[k]["en"])
        ),
        placeholder=_placeholder(),
        key="w_sample",
        help=tr(
            "예시 가구를 고르면 그 가구의 정보와 추천이 바로 나옵니다. '직접 입력'으로 가구를 입력할 수 있습니다.",
            "A sample household shows its profile and services at once; 'enter a household' opens the form.",
        ),
    )
    if choice == "custom":
        return choice, _household_form(catalogue)
    household = dict(SAMPLE_HOUSEHOLDS[choice]["household"])
    _profile_block(household)
    return choice, household


def _member_age(member: dict) -> str:
    if member.get("age_months") is not None:
        return tr(f"생후 {member['age_months']}개월", f"{member['age_months']} months")
    return tr(f"{member['age']:g}세", f"{member['age']:g}")


def _yes_no(value: object) -> str:
    return {True: tr("예", "yes"), False: tr("아니오", "no")}.get(value, tr("모름", "unknown"))


def _profile_block(household: dict) -> None:
    """The sample household in words: region, income, and one row per member."""
    members = household["members"]
    st.markdown(
        tr(
            f"**지역** {household['region']} · **월 소득인정액** {_won(household['income_recognized_krw'])} · "
            f"**가구원** {len(members)}명",
            f"**Region** {household['region']} · **monthly recognised income** "
            f"{_won(household['income_recognized_krw'])} · **members** {len(members)}",
        )
    )
    flags = [
        tr("한부모 가족", "single-parent family") if household.get("single_parent") else None,
        tr("부부 가구", "married couple") if household.get("married") else None,
    ]
    flags = [f for f in flags if f]
    if flags:
        st.caption(" · ".join(flags))
    view = pd.DataFrame(
        {
            "relation": [tr(*RELATION_WORDS.get(m.get("relation"), ("가구원", "member"))) for m in members],
            "age": [_member_age(m) for m in members],
            "disability": [tr(*DISABILITY_WORDS[m.get("disability", "none")]) for m in members],
            "employed": [_yes_no(m.get("employed")) for m in members],
            "in_school": [_yes_no(m.get("in_school")) for m in members],
        }
    )
    st.dataframe(
        view,
        hide_index=True,
        width="stretch",
        key="w_profile",
        column_config={
            "relation": st.column_config.TextColumn(tr("관계", "Relation")),
            "age": st.column_config.TextColumn(tr("나이", "Age")),
            "disability": st.column_config.TextColumn(tr("장애", "Disability")),
            "employed": st.column_config.TextColumn(tr("취업", "Employed")),
            "in_school": st.column_config.TextColumn(tr("초·중·고 재학", "In school")),
        },
    )


def _programme_block(table: pd.DataFrame) -> None:
    """For each national programme: the decision, the threshold that applied and the household's figure."""
    national = table[table["rule"].notna()]
    if not len(national):
        return
    st.subheader(tr("국가 핵심 급여 판정 (법령·고시 기준)", "National programmes (statutes and notices)"))
    view = pd.DataFrame(
        {
            "programme": national["service"],
            "decision": national["eligible"].map(_decision),
            "threshold": national["threshold"].fillna("—"),
            "basis": national["rule"],
        }
    )
    st.dataframe(
        view,
        hide_index=True,
        width="stretch",
        column_config={
            "programme": st.column_config.TextColumn(tr("급여", "Programme")),
            "decision": st.column_config.TextColumn(
                tr("판정", "Decision"),
                help=tr(
                    "대상 · 대상 아님 · 검토 필요 (자료로 판단할 수 없는 조건이 있음)",
                    "qualifies · does not qualify · needs review (a condition the data cannot decide)",
                ),
            ),
            "threshold": st.column_config.TextColumn(
                tr("적용 기준과 가구 수치", "Threshold applied and the household's figure"), width="large"
            ),
            "basis": st.column_config.TextColumn(tr("근거", "Basis")),
        },
    )
    with st.expander(tr("규칙이 적용되는 급여와 출처", "Programmes written as rules, with sources")):
        st.dataframe(
            pd.DataFrame(programme_table(get_language())),
            hide_index=True,
            width="stretch",
            column_config={
                "programme": st.column_config.TextColumn(tr("급여", "Programme")),
                "service_ids": st.column_config.TextColumn(tr("서비스 ID", "Service IDs")),
                "years": st.column_config.TextColumn(tr("기준 연도", "Years")),
                "source": st.column_config.TextColumn(tr("출처", "Source"), width="large"),
                "note": st.column_config.TextColumn(tr("비고", "Note"), width="large"),
            },
        )


def _conditions_block(conditions: list[dict]) -> None:
    for c in conditions:
        kind = tr(*KIND_LABELS.get(c["kind"], (c["kind"], c["kind"])))
        st.markdown(f"{_status(c['status'])} **{kind}** · {c['reading']}")
        st.caption(f"{c['field']}: «{c['source']}»")


SCORE_HELP = (
    "추천 비중: 순위 모델이 본 상대적 우선순위입니다. 이 가구가 받을 수 있는 서비스끼리 나눈 값(합계 100%)으로, "
    "급여액이 크고 가구의 필요가 크며 대상이 좁게 정해진 서비스일수록 높습니다. 받을 확률이 아닙니다.",
    "Relative weight: how strongly the ranking model puts this service forward, shared among the services this "
    "household qualifies for (they add up to 100%). Higher for larger benefits, greater need and narrowly "
    "targeted services; not a probability of receiving it.",
)


def caseworker_view(matcher: WelfareMatcher) -> None:
    """Choose a sample household (or enter one); see services with reasons and the source of each criterion."""
    choice, household = _household_choice(matcher.catalogue)
    year = st.radio(tr("기준 연도", "Year"), [2025, 2024, 2026], horizontal=True, key="w_year")
    if choice == "custom" and not st.button(
        tr("받을 수 있는 서비스 찾기", "Find services"), type="primary", key="w_go"
    ):
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
    st.metric(
        tr("받을 수 있는 서비스", "Services qualified for"),
        len(eligible),
        help=tr(
            "자료로 확인한 모든 조건(나이, 소득, 가구 유형, 장애 등)을 충족하는 서비스 수",
            "Services whose every condition the data can check (age, income, household type, disability, ...) is met",
        ),
    )
    st.caption(
        tr(
            f"검토 필요 {len(review)}개 · 해당 없음 {len(table) - len(eligible) - len(review)}개 (자료로 판단할 수 없는 조건은 추측하지 않습니다)",
            f"needs review {len(review)} · not eligible {len(table) - len(eligible) - len(review)} (conditions the data cannot decide are never guessed)",
        )
    )
    st.subheader(tr("추천 순위", "Ranked services"), help=tr(*SCORE_HELP))
    if eligible.empty:
        st.info(
            tr(
                "자료로 확인되는 서비스가 없습니다. 아래 '검토 필요' 서비스를 상담으로 확인하세요.",
                "No service is confirmed by the data; check the services that need review below with the household.",
            )
        )
    shown = eligible.head(15)
    for rank, (row, weight) in enumerate(
        zip(shown.itertuples(), relative_weights(shown["score"]), strict=True), start=1
    ):
        with st.container(border=True):
            received = tr(" (이미 수급 중)", " (already received)") if row.received else ""
            value = (
                f" · {tr('연 ', '')}{_won(row.value_krw_year)}{tr('', ' a year')}"
                if pd.notna(row.value_krw_year)
                else ""
            )
            st.markdown(
                f"**{rank}. {row.service}**{received}{value} · {tr('추천 비중', 'weight')} {weight:.0f}%",
                help=tr(*SCORE_HELP),
            )
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
    st.subheader(
        tr("조건 추출 범위", "Extraction coverage"),
        help=tr(
            "서비스 안내문에서 각 종류의 조건을 하나 이상 찾아낸 서비스의 수와 비율",
            "How many services (and what share) have at least one condition of each kind read from their text",
        ),
    )
    coverage = matcher.catalogue.coverage()
    coverage.index = [
        tr(*KIND_LABELS[k]) if k in KIND_LABELS else tr(*COVERAGE_WORDS.get(k, (k, k)))
        for k in coverage.index
    ]
    st.dataframe(
        coverage.rename_axis("kind").reset_index(),
        hide_index=True,
        width="stretch",
        column_config={
            "kind": st.column_config.TextColumn(tr("조건 종류", "Condition kind")),
            "services": st.column_config.NumberColumn(tr("서비스 수", "Services"), format="%d"),
            "share": st.column_config.ProgressColumn(
                tr("비율", "Share"), min_value=0.0, max_value=1.0, format="percent"
            ),
        },
    )
    st.subheader(tr("복지 사각지대 (모의 가구)", "Blind spots (synthetic households)"))
    tables, created = welfare_blind_spot_tables(data_dir)
    if created is not None:
        households = int(tables["province"]["households"].sum())
        st.caption(
            tr(
                f"통계에 맞춘 모의 가구 {households:,}곳과 전체 복지 서비스 목록으로 계산한 벤치마크 ({created[:10]}, 대시보드와 같은 수치): "
                "연 1,200,000원 이상 서비스의 대상이지만 그런 서비스를 하나도 받지 않는 가구의 비율. 실제 가구 자료가 아닙니다.",
                f"The benchmark run on {households:,} synthetic households calibrated to published statistics and the full "
                f"service catalogue ({created[:10]}, the dashboard's figures): share of households eligible for a service "
                "worth 1,200,000 KRW a year or more that receive none of them. Not real household data.",
            )
        )
    else:
        st.caption(
            tr(
                f"통계에 맞춘 모의 가구 {POLICY_HOUSEHOLDS:,}곳: 연 1,200,000원 이상 서비스의 대상이지만 그런 서비스를 하나도 받지 않는 가구의 비율. 실제 가구 자료가 아닙니다.",
                f"{POLICY_HOUSEHOLDS:,} synthetic households calibrated to published statistics: share of households eligible for a "
                "service worth 1,200,000 KRW a year or more that receive none of them. Not real household data.",
            )
        )
    by_province = tables["province"]
    total = by_province[["eligible_high_value", "blind_spots"]].sum()
    c1, c2, c3 = st.columns(3)
    c1.metric(
        tr("고가치 서비스 대상 가구", "Eligible for high-value"),
        f"{int(total['eligible_high_value']):,}",
        help=tr(
            "연 1,200,000원 이상인 서비스 하나 이상의 대상인 모의 가구 수",
            "Synthetic households eligible for at least one service worth 1,200,000 KRW a year or more",
        ),
    )
    c2.metric(
        tr("사각지대 가구", "Blind-spot households"),
        f"{int(total['blind_spots']):,}",
        help=tr(
            "그런 서비스의 대상이지만 하나도 받지 않는 가구 수",
            "Households eligible for such a service that receive none of them",
        ),
    )
    c3.metric(
        tr("사각지대 비율", "Blind-spot rate"),
        f"{total['blind_spots'] / max(total['eligible_high_value'], 1):.1%}",
        help=tr("사각지대 가구 ÷ 고가치 서비스 대상 가구", "Blind-spot households ÷ households eligible"),
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
    by_age = tables["age_group"]
    by_type = tables["household_type"]
    left.plotly_chart(
        _bar(
            by_age,
            "blind_spot_rate",
            tr("연령대별 (가구 최고령자)", "By age group (eldest member)"),
            "age_group",
        ),
        width="stretch",
    )
    right.plotly_chart(
        _bar(by_type, "blind_spot_rate", tr("가구 유형별", "By household type"), "household_type"),
        width="stretch",
    )
    groups = {
        "province": tr("시도", "province"),
        "age_group": tr("연령대", "age group"),
        "household_type": tr("가구 유형", "household type"),
    }
    table = pd.concat(
        [
            frame.assign(group=label, value=[_group_word(key, str(v)) for v in frame.index])
            for key, label, frame in (
                ("province", groups["province"], by_province),
                ("age_group", groups["age_group"], by_age),
                ("household_type", groups["household_type"], by_type),
            )
        ],
        ignore_index=True,
    )
    st.dataframe(
        table[
            [
                "group",
                "value",
                "households",
                "eligible_high_value",
                "blind_spots",
                "blind_spot_rate",
                "unclaimed_krw_year",
            ]
        ],
        hide_index=True,
        width="stretch",
        column_config={
            "group": st.column_config.TextColumn(tr("구분", "Grouped by")),
            "value": st.column_config.TextColumn(tr("집단", "Group")),
            "households": st.column_config.NumberColumn(tr("가구 수", "Households"), format="localized"),
            "eligible_high_value": st.column_config.NumberColumn(
                tr("고가치 서비스 대상", "Eligible for high-value"), format="localized"
            ),
            "blind_spots": st.column_config.NumberColumn(
                tr("사각지대 가구", "Blind-spot households"), format="localized"
            ),
            "blind_spot_rate": st.column_config.ProgressColumn(
                tr("사각지대 비율", "Blind-spot rate"), min_value=0.0, max_value=1.0, format="percent"
            ),
            "unclaimed_krw_year": st.column_config.NumberColumn(
                tr("받지 않은 급여 (원/년)", "Benefits not received (KRW a year)"),
                format="localized",
                help=tr(
                    "대상이지만 받지 않는 서비스의 연간 급여액 합계 (모의 가구)",
                    "Yearly value of the services these households qualify for but do not receive (synthetic)",
                ),
            ),
        },
    )


def _origin_words(origin: str) -> str:
    if origin == "bundled":
        return tr("데모에 포함된 예시 목록", "the sample list shipped with the demo")
    return tr("연결된 데이터 폴더의 전체 목록", "the full list from the data folder")


section = by_key("welfare")
st.header(f"{section.icon} {tr(section.ko, section.en)}")
st.write(tr(section.summary_ko, section.summary_en))
data_dir = data_key()
with st.spinner(tr("복지 서비스 목록에서 조건을 추출하는 중…", "Extracting conditions from the catalogue…")):
    matcher = welfare_demo(data_dir)
st.caption(
    tr(
        f"서비스 {len(matcher.catalogue):,}개 ({_origin_words(matcher.catalogue.origin)}) · 출처: 한국사회보장정보원·복지로 (공공누리)",
        f"{len(matcher.catalogue):,} services ({_origin_words(matcher.catalogue.origin)}) · source: 한국사회보장정보원 / Bokjiro (KOGL)",
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
