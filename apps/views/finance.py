"""Streamlit page "Finance": ranked products with reasons and eligibility checks; adoption by segment;
연말정산 (year-end tax settlement) line by line with articles, what-if comparisons and the screen."""

import os

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from apps.sections import by_key
from sectors.finance import (
    PRODUCT_CODES,
    ProductRecommender,
    adoption_by_segment,
    generate_panel,
    korean_offers,
    product_catalogue,
    tax,
)
from sectors.finance.panel import SEGMENTS
from shared import data as datasets
from shared.errors import DataError
from shared.ui import reasons_text, show_ranked_list, tr

section = by_key("finance")
st.header(f"{section.icon} {tr(section.ko, section.en)}")
st.write(tr(section.summary_ko, section.summary_en))


@st.cache_resource(show_spinner=False)
def demo_model() -> tuple[pd.DataFrame, ProductRecommender]:
    """A small generated panel and a recommender trained on it (seconds on a CPU)."""
    panel = generate_panel(2500, months=7, seed=11)
    model = ProductRecommender(n_estimators=50, n_recent=3, seed=11).fit(panel)
    return panel, model


@st.cache_data(show_spinner=False)
def finlife_table(data_dir: str | None) -> pd.DataFrame | None:
    try:
        return datasets.load("finance/finlife", data_dir)
    except DataError:
        return None


with st.spinner(tr("예시 고객 패널로 모델 학습 중…", "Training on a generated customer panel…")):
    panel, model = demo_model()
catalogue = product_catalogue()
name_col = tr("name_ko", "name_en")
lang = tr("ko", "en")
st.caption(
    tr(
        f"생성된 예시 패널(고객 2,500명, Santander 스키마)로 학습한 순위 모델입니다. 학습 기간: {', '.join(model.training_months)}.",
        f"Ranker trained on a generated panel (2,500 customers, Santander schema). Training months: {', '.join(model.training_months)}.",
    )
)

tab_rec, tab_seg, tab_cat, tab_tax = st.tabs(
    [
        tr("고객별 추천", "Recommendations"),
        tr("세그먼트별 가입", "Adoption by segment"),
        tr("상품·조건", "Products and rules"),
        tr("연말정산", "Year-end tax"),
    ]
)

with tab_rec:
    latest = panel[panel["fecha_dato"] == panel["fecha_dato"].max()]
    choices = latest["ncodpers"].head(40).tolist()
    customer = st.selectbox(tr("고객 선택", "Customer"), choices, key="fin_customer")
    history = panel[panel["ncodpers"] == customer].sort_values("fecha_dato")
    now = history.iloc[-1]
    st.markdown(tr("**프로필 수정** (현재 달 기준)", "**Edit the profile** (current month)"))
    c1, c2, c3 = st.columns(3)
    age = c1.number_input(tr("나이", "Age"), min_value=1, max_value=100, value=int(now["age"]), key="fin_age")
    income = c2.number_input(
        tr("연 소득 (유로)", "Yearly income (EUR)"),
        min_value=0.0,
        value=float(now["renta"]),
        step=5000.0,
        key="fin_income",
    )
    segment = c3.selectbox(
        tr("고객 등급", "Segment"), SEGMENTS, index=SEGMENTS.index(now["segmento"]), key="fin_segment"
    )
    c4, c5 = st.columns(2)
    active = c4.checkbox(
        tr("활동 고객", "Active customer"), value=bool(now["ind_actividad_cliente"]), key="fin_active"
    )
    channel_words = {
        "any": tr("제한 없음", "any"),
        "branch": tr("영업점", "branch"),
        "online": tr("온라인", "online"),
        "phone": tr("전화", "phone"),
    }
    serving = c5.selectbox(
        tr("상담 채널", "Serving channel"),
        ["any", "branch", "online", "phone"],
        format_func=channel_words.get,
        key="fin_channel",
    )
    held_now = [c for c in PRODUCT_CODES if int(now[c]) == 1]
    product_words = catalogue[name_col].to_dict()
    held = st.multiselect(
        tr("보유 상품", "Products held"),
        list(PRODUCT_CODES),
        default=held_now,
        format_func=product_words.get,
        key="fin_held",
    )
    edited = history.copy()
    last = edited.index[-1]
    edited.loc[last, ["age", "renta", "segmento", "ind_actividad_cliente"]] = [
        age,
        income,
        segment,
        int(active),
    ]
    for code in PRODUCT_CODES:
        edited.loc[last, code] = int(code in held)
    channel = None if serving == "any" else serving
    recs = model.recommend(edited, k=7, channel=channel, lang=lang)
    recs["title"] = catalogue.loc[recs["product"], name_col].to_numpy()
    st.subheader(tr("다음 달 가입 가능성이 높은 상품", "Products most likely to be added next month"))
    show_ranked_list(recs, title_col="title", score_col="score", reasons_col="reasons", limit=7)
    st.caption(
        tr(
            "이유: 통과한 자격 조건, 그리고 점수를 올린 특성 (LLM 문장화용 원문).",
            "Reasons: the rules passed, then the features that pushed the score up (raw text for an LLM to phrase).",
        )
    )
    checks = model.eligibility(edited, channel=channel, lang=lang)
    checks["product_name"] = catalogue.loc[checks["product"], name_col].to_numpy()
    checks["status"] = np.where(
        checks["held"],
        tr("보유 중", "held"),
        np.where(checks["eligible"], tr("가입 가능", "eligible"), tr("가입 불가", "not eligible")),
    )
    checks["why"] = [
        reasons_text(f) if f else reasons_text(p)
        for f, p in zip(checks["failed_rules"], checks["passed_rules"], strict=True)
    ]
    with st.expander(tr("자격 조건 점검 (24개 상품)", "Eligibility checks (24 products)"), expanded=False):
        st.dataframe(
            checks[["product_name", "status", "why"]].rename(
                columns={
                    "product_name": tr("상품", "product"),
                    "status": tr("상태", "status"),
                    "why": tr("근거", "why"),
                }
            ),
            hide_index=True,
        )

with tab_seg:
    st.markdown(
        tr(
            "월별 신규 가입률 (최근 6개월, 예시 패널)",
            "Monthly share of customers adding each product (last 6 months, generated panel)",
        )
    )
    segment_words = {
        "age_band": tr("연령대", "age band"),
        "segment": tr("고객 등급", "segment"),
        "income_band": tr("소득 구간", "income band"),
        "channel": tr("가입 채널", "entry channel"),
        "active": tr("활동 여부", "activity"),
    }
    by = st.radio(
        tr("세그먼트 기준", "Segment by"),
        ["age_band", "segment", "income_band", "channel", "active"],
        format_func=segment_words.get,
        horizontal=True,
        key="fin_seg_by",
    )
    table = adoption_by_segment(panel, by)
    names = dict(zip(catalogue["name_en"], catalogue[name_col], strict=True))
    shares = table.drop(columns="customers").rename(columns=names)
    top = shares.mean().sort_values(ascending=False).head(8).index
    fig = go.Figure(
        [
            go.Bar(name=str(seg), x=list(top), y=(100 * shares.loc[seg, top]).round(2).tolist())
            for seg in shares.index
        ]
    )
    fig.update_layout(
        barmode="group",
        yaxis_title=tr("월 가입률 (%)", "adds per month (%)"),
        height=380,
        margin=dict(l=10, r=10, t=10, b=10),
    )
    st.plotly_chart(fig, key="fin_seg_chart")
    st.dataframe(
        (100 * shares[top]).round(2).assign(**{tr("고객-월 수", "customer-months"): table["customers"]})
    )

with tab_cat:
    shown = catalogue[[name_col, "category", "min_age", "max_age", "channels", "requires"]].copy()
    shown["requires"] = shown["requires"].map(
        lambda r: ", ".join(catalogue.loc[c, name_col] for c in r.split("|")) if r else ""
    )
    st.dataframe(shown, hide_index=True)
    st.markdown(
        tr(
            "**국내 예금·적금 공시 (금융감독원 finlife)**",
            "**Korean deposit and saving disclosures (FSS finlife)**",
        )
    )
    offers = finlife_table(os.environ.get("CIVIC_DATA_DIR"))
    if offers is None:
        st.info(
            tr(
                "finlife 공시 자료가 없습니다. 금융감독원 Open API 응답(depositProductsSearch.json)을 데이터 폴더의 finance/finlife/ 에 두면 여기에 금리 순위가 표시됩니다.",
                "No finlife disclosures found. Put the FSS Open API responses (depositProductsSearch.json) under finance/finlife/ in the data folder to list the best rates here.",
            )
        )
    else:
        kind = st.radio(tr("종류", "Kind"), ["deposit", "saving"], horizontal=True, key="fin_kind")
        st.dataframe(korean_offers(offers, kind=kind, term=12, age=int(age)), hide_index=True)
        st.caption(
            tr(
                "출처: 금융감독원 금융상품통합비교공시",
                "Source: FSS financial product disclosures (금융감독원 금융상품통합비교공시)",
            )
        )

with tab_tax:
    st.markdown(
        tr(
            "**근로소득 연말정산**: 입력하면 원천징수영수증 순서대로 한 줄씩, 근거 조문과 함께 계산합니다. 2023-2025 귀속.",
            "**Year-end tax settlement for a wage earner**: each line in the order of the withholding receipt, "
            "with the article it applies. Tax years 2023-2025.",
        )
    )
    t1, t2, t3, t4 = st.columns(4)
    tax_year = t1.selectbox(tr("귀속연도", "Tax year"), tax.available_years()[::-1], key="tax_year")
    gross = t2.number_input(
        tr("총급여 (원)", "Gross salary (KRW)"), 0, 2_000_000_000, 50_000_000, 1_000_000, key="tax_gross"
    )
    withheld = t3.number_input(
        tr("기납부세액 (원)", "Tax withheld (KRW)"), 0, 500_000_000, 3_000_000, 100_000, key="tax_withheld"
    )
    born = t4.number_input(tr("출생연도", "Birth year"), 1920, int(tax_year) - 15, 1985, key="tax_born")
    female = st.checkbox(
        tr("여성 (부녀자공제 판단용)", "Woman (for the woman-earner deduction)"), key="tax_female"
    )
    st.markdown(tr("**부양가족** (행 추가·삭제 가능)", "**Dependants** (add or delete rows)"))
    relation_words = {
        "spouse": tr("배우자", "spouse"),
        "child": tr("자녀", "child"),
        "parent": tr("부모", "parent"),
        "sibling": tr("형제자매", "sibling"),
    }
    default_deps = pd.DataFrame(
        [
            {
                "relation": "spouse",
                "birth_year": 1987,
                "income_krw": 0,
                "wage_only": False,
                "disabled": False,
            },
            {"relation": "child", "birth_year": 2015, "income_krw": 0, "wage_only": False, "disabled": False},
            {
                "relation": "parent",
                "birth_year": 1952,
                "income_krw": 0,
                "wage_only": False,
                "disabled": False,
            },
        ]
    )
    deps = st.data_editor(
        default_deps,
        num_rows="dynamic",
        key="tax_deps",
        hide_index=True,
        column_config={
            "relation": st.column_config.SelectboxColumn(
                tr("관계", "Relation"),
                options=list(relation_words),
                required=True,
                format_func=relation_words.get,
            ),
            "birth_year": st.column_config.NumberColumn(
                tr("출생연도", "Birth year"), min_value=1900, max_value=2025, step=1, required=True
            ),
            "income_krw": st.column_config.NumberColumn(
                tr("연 소득 (원)", "Yearly income (KRW)"), min_value=0, step=100_000, format="localized"
            ),
            "wage_only": st.column_config.CheckboxColumn(tr("근로소득만 (총급여)", "Wages only (gross)")),
            "disabled": st.column_config.CheckboxColumn(tr("장애인", "Disabled")),
        },
    )
    with st.expander(
        tr(
            "보험료·의료비·교육비·기부금·월세·연금저축",
            "Insurance, medical, education, donations, rent, pension savings",
        ),
        expanded=False,
    ):
        e1, e2, e3 = st.columns(3)
        amounts = {
            "national_pension_krw": e1.number_input(
                tr("국민연금 (본인 부담)", "National pension (employee)"),
                0,
                value=2_250_000,
                step=100_000,
                key="tax_pension",
            ),
            "health_insurance_krw": e2.number_input(
                tr("건강·고용·장기요양보험료", "Health, employment, care insurance"),
                0,
                value=2_000_000,
                step=100_000,
                key="tax_health",
            ),
            "insurance_premiums_krw": e3.number_input(
                tr("보장성 보험료", "Protection insurance premiums"),
                0,
                value=1_000_000,
                step=100_000,
                key="tax_premiums",
            ),
            "medical_krw": e1.number_input(
                tr("의료비", "Medical expenses"), 0, value=2_000_000, step=100_000, key="tax_medical"
            ),
            "education_krw": e2.number_input(
                tr("교육비 (인별 한도 적용 후)", "Education (after per-person limits)"),
                0,
                value=0,
                step=100_000,
                key="tax_education",
            ),
            "donations_krw": e3.number_input(
                tr("기부금", "Donations"), 0, value=0, step=100_000, key="tax_donations"
            ),
            "monthly_rent_krw": e1.number_input(
                tr("월세 (연간)", "Monthly rent (year total)"), 0, value=0, step=100_000, key="tax_rent"
            ),
            "pension_savings_krw": e2.number_input(
                tr("연금저축 납입액", "Pension savings paid in"), 0, value=0, step=100_000, key="tax_savings"
            ),
        }
    st.markdown(tr("**신용카드 등 사용액**", "**Card and cash-receipt spending**"))
    c1, c2, c3, c4, c5 = st.columns(5)
    card = {
        "credit": c1.number_input(
            tr("신용카드", "Credit card"), 0, value=18_000_000, step=500_000, key="tax_credit"
        ),
        "debit": c2.number_input(
            tr("체크카드", "Debit card"), 0, value=4_000_000, step=500_000, key="tax_debit"
        ),
        "cash_receipt": c3.number_input(
            tr("현금영수증", "Cash receipts"), 0, value=1_000_000, step=100_000, key="tax_cash"
        ),
        "traditional_market": c4.number_input(
            tr("전통시장", "Traditional markets"), 0, value=500_000, step=100_000, key="tax_market"
        ),
        "public_transport": c5.number_input(
            tr("대중교통", "Public transport"), 0, value=600_000, step=100_000, key="tax_transport"
        ),
    }
    previous_year = st.number_input(
        tr(
            "전년도 신용카드 등 사용액 (2024년 소비증가분 공제용, 0 = 입력 안 함)",
            "Last year's card spending (for the 2024 increase rule; 0 = not entered)",
        ),
        0,
        value=0,
        step=1_000_000,
        key="tax_previous",
    )
    claimed = st.number_input(
        tr(
            "신청한 신용카드 등 소득공제액 (점검용, 0 = 입력 안 함)",
            "Card deduction claimed (for the screen; 0 = not entered)",
        ),
        0,
        value=0,
        step=100_000,
        key="tax_claimed",
    )
    sibling_claims = st.checkbox(
        tr(
            "같은 가구의 다른 근로자(형제자매)도 부모님을 공제 신청",
            "Another earner of the household (a sibling) also claims the parent",
        ),
        key="tax_sibling",
    )
    dependants = [
        {
            k: (
                int(v)
                if k in ("birth_year", "income_krw")
                else bool(v)
                if k in ("wage_only", "disabled")
                else v
            )
            for k, v in row.items()
            if pd.notna(v)
        }
        for row in deps.to_dict("records")
        if pd.notna(row.get("relation")) and pd.notna(row.get("birth_year"))
    ]
    profile = {
        "gross_salary_krw": int(gross),
        "withheld_krw": int(withheld),
        "birth_year": int(born),
        "female": bool(female),
        "household": "demo",
        "dependants": dependants,
        "card": {k: int(v) for k, v in card.items()},
        **{k: int(v) for k, v in amounts.items()},
    }
    if claimed:
        profile["claimed_card_deduction_krw"] = int(claimed)
    if previous_year:
        profile["card_previous_year_krw"] = int(previous_year)
    try:
        result = tax.settle(profile, int(tax_year))
        others = []
        if sibling_claims:
            parents = [d for d in dependants if d["relation"] == "parent"]
            others = [
                {
                    "gross_salary_krw": 40_000_000,
                    "birth_year": int(born) + 3,
                    "household": "demo",
                    "dependants": parents,
                }
            ]
        flags = tax.screen([profile, *others], int(tax_year))
        scenarios = {
            tr("신용카드 50% → 체크카드", "Half the credit card to debit"): tax.card_to_debit(profile, 0.5),
            tr("신용카드 전부 → 체크카드", "All the credit card to debit"): tax.card_to_debit(profile, 1.0),
            tr("연금저축 300만원 추가", "3M more into pension savings"): tax.with_amount(
                profile, "pension_savings_krw", 3_000_000
            ),
        }
        whatif = tax.compare(profile, int(tax_year), scenarios)
    except DataError as exc:
        st.error(tr(f"입력 오류: {exc}", f"Input error: {exc}"))
    else:
        m1, m2, m3 = st.columns(3)
        m1.metric(tr("결정세액", "Determined tax"), f"{result.determined_tax_krw:,}원")
        m2.metric(tr("지방소득세", "Local income tax"), f"{result.local_tax_krw:,}원")
        outcome = result.settlement_krw
        m3.metric(
            tr("환급액", "Refund") if outcome <= 0 else tr("추가 납부액", "Additional payment"),
            f"{abs(outcome):,}원",
        )
        st.caption(
            tr(
                f"{'표준세액공제' if result.method == 'standard' else '특별공제 항목별 공제'} 적용 (다른 방식이면 결정세액 {result.alternative_determined_tax_krw:,}원). 환급·추가납부는 10원 미만 절사.",
                f"{'Standard credit' if result.method == 'standard' else 'Itemized special deductions'} applied (the other way: determined tax {result.alternative_determined_tax_krw:,} KRW). Refund or payment truncated below 10 won.",
            )
        )
        lines = result.lines.assign(item=result.lines[tr("item", "item_en")])[["item", "amount_krw", "basis"]]
        st.dataframe(
            lines,
            hide_index=True,
            height=35 * (len(lines) + 1) + 3,
            key="tax_lines",
            column_config={
                "item": st.column_config.TextColumn(tr("항목", "Item")),
                "amount_krw": st.column_config.NumberColumn(
                    tr("금액 (원)", "Amount (KRW)"), format="localized"
                ),
                "basis": st.column_config.TextColumn(tr("근거 조문", "Article")),
            },
        )
        st.markdown(
            tr(
                "**만약에 (what if)**: 같은 사람, 하나만 바꿔서",
                "**What if**: the same person with one thing changed",
            )
        )
        shown = whatif.rename(index={"as entered": tr("입력대로", "as entered")}).reset_index(
            names="scenario"
        )
        money = {
            c: st.column_config.NumberColumn(label, format="localized")
            for c, label in (
                ("card_deduction_krw", tr("카드 소득공제", "Card deduction")),
                ("tax_base_krw", tr("과세표준", "Tax base")),
                ("determined_tax_krw", tr("결정세액", "Determined tax")),
                ("refund_krw", tr("기납부-결정 (환급 +)", "Withheld - determined (refund +)")),
                ("change_in_tax_krw", tr("세액 변화", "Change in tax")),
            )
        }
        st.dataframe(
            shown,
            hide_index=True,
            key="tax_whatif",
            column_config={"scenario": st.column_config.TextColumn(tr("경우", "Scenario")), **money},
        )
        st.markdown(tr("**추가 납부 위험 점검**", "**Screening for errors that lead to additional tax**"))
        if flags.empty:
            st.success(tr("점검 결과 문제 없음.", "No problem found."))
        else:
            st.warning(
                tr(
                    f"{len(flags)}건 발견: 정정하지 않으면 추가 납부 대상입니다.",
                    f"{len(flags)} found: left as they are, they lead to additional tax.",
                )
            )
            st.dataframe(
                flags[[tr("message_ko", "message_en"), "basis", "extra_tax_krw"]],
                hide_index=True,
                key="tax_flags",
                column_config={
                    tr("message_ko", "message_en"): st.column_config.TextColumn(tr("내용", "Finding")),
                    "basis": st.column_config.TextColumn(tr("근거 조문", "Article")),
                    "extra_tax_krw": st.column_config.NumberColumn(
                        tr("추가 세액 (원)", "Extra tax (KRW)"), format="localized"
                    ),
                },
            )
        st.caption(
            tr(
                "주택자금공제, 문화체육 사용분, 정치자금·고향사랑 기부금, 2023년 전통시장 50%(4-12월 사용분)는 계산하지 않습니다 (README 참고).",
                "Not computed: housing-fund deductions, culture spending, political and hometown donations, the 2023 traditional-market 50% (April-December spending); see the README.",
            )
        )
