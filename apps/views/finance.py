"""Streamlit page "Finance": ranked products with reasons and eligibility checks; adoption by segment;
연말정산 (year-end tax settlement) line by line with articles, what-if comparisons and the screen."""

import os

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from apps.demo_models import finance_demo
from apps.sections import by_key
from sectors.finance import (
    EUR_TO_KRW,
    PRODUCT_CODES,
    adoption_by_segment,
    band_label,
    eur_to_krw,
    korean_offers,
    krw_to_eur,
    product_catalogue,
    relative_weights,
    segment_name,
    tax,
)
from sectors.finance.explain import explain
from sectors.finance.panel import SEGMENTS
from shared import data as datasets
from shared.errors import DataError
from shared.ui import reasons_text, tr, url_choice
from shared.ui.notes import show_note

# The widgets that show one customer's profile: reset whenever another customer is chosen.
PROFILE_KEYS = ("fin_age", "fin_income", "fin_segment", "fin_active", "fin_held")
TOP_K = 7

section = by_key("finance")
st.header(f"{section.icon} {tr(section.ko, section.en)}")
st.write(
    tr(
        "고객의 나이·소득·보유 상품으로 다음 달 새로 가입할 가능성이 높은 상품을 순서대로 보여 주고, 각 상품의 자격 조건과 추천 근거를 함께 설명합니다.",
        "For one customer, the products they are most likely to add next month, in order, with the eligibility "
        "rules checked and the reasons behind each.",
    )
)


@st.cache_data(show_spinner=False)
def sample_customers(_panel: pd.DataFrame, per_segment: int = 4) -> list[int]:
    """Customers whose histories show the model at its best: the most product additions, per segment."""
    months = sorted(_panel["fecha_dato"].unique())
    latest = _panel[_panel["fecha_dato"] == months[-1]].set_index("ncodpers")
    earlier = _panel[_panel["fecha_dato"] == months[-4]].set_index("ncodpers")
    owned = latest[list(PRODUCT_CODES)].astype(int)
    added = (owned - earlier[list(PRODUCT_CODES)].astype(int).reindex(owned.index).fillna(0)).clip(lower=0)
    ranked = pd.DataFrame(
        {"added": added.sum(axis=1), "held": owned.sum(axis=1), "segment": latest["segmento"]}
    ).sort_values(["added", "held"], ascending=False, kind="stable")
    picks = ranked.groupby("segment").head(per_segment).sort_values("segment", kind="stable")
    return [int(c) for c in picks.index]


@st.cache_data(show_spinner=False)
def adoption(_panel: pd.DataFrame, by: str) -> pd.DataFrame:
    """Adoption rates by ``by`` on the demo panel, computed once per grouping (about 0.2 s each)."""
    return adoption_by_segment(_panel, by)


@st.cache_data(show_spinner=False)
def finlife_table(data_dir: str | None) -> pd.DataFrame | None:
    try:
        return datasets.load("finance/finlife", data_dir)
    except DataError:
        return None


with st.spinner(tr("모델 준비 중…", "Preparing the model…")):
    panel, model = finance_demo()
catalogue = product_catalogue()
name_col = tr("name_ko", "name_en")
lang = tr("ko", "en")
product_words = catalogue[name_col].to_dict()
category_words = {
    "account": tr("계좌", "account"),
    "credit": tr("여신·보증", "credit"),
    "investment": tr("투자", "investment"),
    "deposit": tr("예금", "deposit"),
    "pension": tr("연금", "pension"),
    "service": tr("서비스", "service"),
    "card": tr("카드", "card"),
}


def lang_key(base: str) -> str:
    """The widget's key in this language: a keyed selectbox keeps showing the option labels it was drawn
    with, so widgets whose labels are translated get one key per language, the value carried over."""
    return f"{base}_{lang}"


def carried(base: str, fallback):
    """The value the widget had in the other language (just switched from), else ``fallback``."""
    return st.session_state.get(f"{base}_{'en' if lang == 'ko' else 'ko'}", fallback)


channel_words = {
    "any": tr("제한 없음", "any"),
    "branch": tr("영업점", "branch"),
    "online": tr("온라인", "online"),
    "phone": tr("전화", "phone"),
}
st.caption(
    tr(
        f"예시 데이터: 생성한 고객 패널(2,500명, Santander 스키마)로 학습한 순위 모델, 학습 기간 {model.training_months_[0]} ~ {model.training_months_[-1]}. "
        f"원자료의 유로 금액은 1유로 = {EUR_TO_KRW:,}원으로 환산해 보여 줍니다.",
        f"Example data: a ranking model trained on a generated customer panel (2,500 customers, Santander schema), "
        f"months {model.training_months_[0]} to {model.training_months_[-1]}. The source's euro amounts are shown in "
        f"won at 1 EUR = {EUR_TO_KRW:,} KRW.",
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
    latest = panel[panel["fecha_dato"] == panel["fecha_dato"].max()].set_index("ncodpers")
    choices = sample_customers(panel)

    def customer_label(cid: int) -> str:
        row = latest.loc[cid]
        held_count = int(row[list(PRODUCT_CODES)].astype(int).sum())
        return tr(
            f"고객 {cid} · {int(row['age'])}세 · {segment_name(row['segmento'], 'ko')} · 보유 상품 {held_count}개",
            f"Customer {cid} · age {int(row['age'])} · {segment_name(row['segmento'], 'en')} · {held_count} products held",
        )

    controls = st.container(border=True)
    customer = controls.selectbox(
        tr("예시 고객", "Example customer"),
        choices,
        index=choices.index(
            url_choice(
                lang_key("fin_customer"), choices, carried("fin_customer", choices[0]), param="customer"
            )
        ),
        format_func={cid: customer_label(cid) for cid in choices}.get,
        key=lang_key("fin_customer"),
        help=tr(
            "최근 석 달 동안 새 상품을 가장 많이 추가한 고객을 등급별로 골랐습니다. 아래에서 프로필을 바꿔 볼 수 있습니다.",
            "The customers who added the most products in the last three months, by segment. Edit the profile below.",
        ),
    )
    history = panel[panel["ncodpers"] == customer].sort_values("fecha_dato")
    now = history.iloc[-1]
    if st.session_state.get("fin_profile_of") != customer:
        # Another customer: the profile widgets start again from this customer's own data.
        for key in PROFILE_KEYS:
            for suffix in ("", "_ko", "_en"):
                st.session_state.pop(key + suffix, None)
        st.session_state["fin_profile_of"] = customer
    c1, c2, c3 = controls.columns(3)
    age = c1.number_input(tr("나이", "Age"), min_value=1, max_value=100, value=int(now["age"]), key="fin_age")
    income_krw = c2.number_input(
        tr("연 소득 (원)", "Yearly income (KRW)"),
        min_value=0,
        value=eur_to_krw(now["renta"]),
        step=5_000_000,
        key="fin_income",
        help=tr(
            f"원자료(유로)를 1유로 = {EUR_TO_KRW:,}원으로 환산한 금액입니다.",
            f"The source's euros converted at 1 EUR = {EUR_TO_KRW:,} KRW.",
        ),
    )
    c2.caption(tr(f"{int(income_krw):,}원", f"KRW {int(income_krw):,}"))
    segment = c3.selectbox(
        tr("고객 등급", "Segment"),
        SEGMENTS,
        index=SEGMENTS.index(carried("fin_segment", now["segmento"])),
        format_func={s: segment_name(s, lang) for s in SEGMENTS}.get,
        key=lang_key("fin_segment"),
    )
    c4, c5 = controls.columns(2)
    active = c4.checkbox(
        tr("최근 거래가 있는 활동 고객", "Active customer (recent transactions)"),
        value=bool(now["ind_actividad_cliente"]),
        key="fin_active",
    )
    serving = c5.selectbox(
        tr("상담 채널", "Serving channel"),
        ["any", "branch", "online", "phone"],
        index=["any", "branch", "online", "phone"].index(carried("fin_channel", "any")),
        format_func=channel_words.get,
        key=lang_key("fin_channel"),
        help=tr(
            "이 채널에서 팔 수 없는 상품(예: 영업점 전용 주택담보대출)은 추천에서 뺍니다.",
            "Products not sold on this channel (e.g. branch-only mortgages) are left out.",
        ),
    )
    held_now = [c for c in PRODUCT_CODES if int(now[c]) == 1]
    held = controls.multiselect(
        tr("보유 상품", "Products held"),
        list(PRODUCT_CODES),
        default=carried("fin_held", held_now),
        format_func=product_words.get,
        key=lang_key("fin_held"),
    )
    edited = history.copy()
    last = edited.index[-1]
    edited.loc[last, ["age", "renta", "segmento", "ind_actividad_cliente"]] = [
        age,
        krw_to_eur(income_krw),
        segment,
        int(active),
    ]
    for code in PRODUCT_CODES:
        edited.loc[last, code] = int(code in held)
    channel = None if serving == "any" else serving
    recs = model.recommend(edited, k=TOP_K, channel=channel)
    checks = model.eligibility(edited, channel=channel, lang=lang)
    status = [
        tr("보유 중", "held") if h else tr("가입 가능", "eligible") if e else tr("가입 불가", "not eligible")
        for h, e in zip(checks["held"], checks["eligible"], strict=True)
    ]
    why = [
        reasons_text(f) if len(f) else reasons_text(p)
        for f, p in zip(checks["failed_rules"], checks["passed_rules"], strict=True)
    ]
    st.subheader(tr("다음 달 가입 가능성이 높은 상품", "Products most likely to be added next month"))
    if recs.empty:
        st.info(
            tr(
                "추천할 상품이 없습니다: 가입할 수 있는 상품을 모두 보유 중이거나 나이·채널 조건에 맞는 상품이 없습니다.",
                "Nothing to recommend: the customer holds every product they qualify for, or none fits the age "
                "and channel rules.",
            )
        )
    else:
        weights = relative_weights(recs["score"])
        rules = dict(zip(checks["product"], checks["passed_rules"], strict=True))
        shown = pd.DataFrame(
            {
                "rank": recs["rank"],
                "product": recs[name_col],
                "category": [category_words.get(c, "") for c in recs["category"]],
                "weight": weights,
                "reasons": [
                    reasons_text([r for r in words if r not in rules[p]]) or "—"
                    for p, words in zip(recs["item_id"], recs[f"reasons_{lang}"], strict=True)
                ],
                "rules": [reasons_text(rules[p]) for p in recs["item_id"]],
            }
        )
        st.dataframe(
            shown,
            hide_index=True,
            width="stretch",
            key="fin_recs",
            column_config={
                "rank": st.column_config.NumberColumn(tr("순위", "Rank"), width="small"),
                "product": st.column_config.TextColumn(tr("상품", "Product")),
                "category": st.column_config.TextColumn(tr("종류", "Kind"), width="small"),
                "weight": st.column_config.ProgressColumn(
                    tr("추천 비중", "Relative weight"),
                    min_value=0,
                    max_value=100,
                    format="%.0f%%",
                    help=tr(
                        "추천 비중: 이 고객이 다음 달 추가할 가능성의 상대적 크기. 목록의 상품끼리 비교한 값(합계 100%)이며, 가입 확률이 아닙니다.",
                        "How likely the customer is to add this product next month, relative to the others listed "
                        "(the list adds up to 100%); not a probability of adding it.",
                    ),
                ),
                "reasons": st.column_config.TextColumn(
                    tr("추천 근거", "Why"),
                    width="large",
                    help=tr(
                        "이 상품의 순위를 가장 많이 끌어올린 고객 특성",
                        "The customer features that raised this product most",
                    ),
                ),
                "rules": st.column_config.TextColumn(
                    tr("자격 조건", "Eligibility"),
                    width="medium",
                    help=tr(
                        "이 고객이 통과한 가입 조건 (나이, 판매 채널, 선행 상품)",
                        "The rules passed: age, channel, products required first",
                    ),
                ),
            },
        )
        if max(weights) < 1.5 * 100 / len(weights):
            st.info(
                tr(
                    "상품 간 차이가 작습니다: 모델이 이 고객에게 뚜렷이 더 나은 상품을 찾지 못했으니 순위는 참고만 하세요.",
                    "The products are close: the model sees no clear favourite for this customer, so read the order "
                    "as a rough guide.",
                )
            )
    with st.expander(tr("자격 조건 점검 (24개 상품)", "Eligibility checks (24 products)"), expanded=False):
        st.dataframe(
            pd.DataFrame(
                {
                    "product": [product_words[p] for p in checks["product"]],
                    "status": status,
                    "why": [w or "—" for w in why],
                }
            ),
            hide_index=True,
            width="stretch",
            key="fin_checks",
            column_config={
                "product": st.column_config.TextColumn(tr("상품", "Product")),
                "status": st.column_config.TextColumn(tr("상태", "Status")),
                "why": st.column_config.TextColumn(tr("근거", "Why"), width="large"),
            },
        )

    if not recs.empty:  # issue 15: the product explained from its terms, through shared.llm's service layer
        with st.expander(tr("추천 설명 (상품 약관 인용)", "Why this product (cited from its terms)")):
            pick = st.selectbox(
                tr("설명할 상품", "Product to explain"),
                recs["item_id"].tolist(),
                format_func=product_words.get,
                key=lang_key("fin_explain"),
            )
            explained = recs.set_index("item_id", drop=False).loc[pick]
            show_note(
                explain(
                    explained,
                    {"age": age},
                    finlife=finlife_table(os.environ.get("CIVIC_DATA_DIR")),
                    lang=lang,
                )
            )

with tab_seg:
    st.markdown(
        tr(
            "고객 집단별 월 신규 가입률: 한 달 동안 각 상품을 새로 추가한 고객의 비율 (최근 6개월 평균, 예시 패널)",
            "Monthly share of customers adding each product, by group (mean of the last 6 months, example panel)",
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
        tr("집단 기준", "Group by"),
        ["age_band", "segment", "income_band", "channel", "active"],
        index=["age_band", "segment", "income_band", "channel", "active"].index(
            carried("fin_seg_by", "age_band")
        ),
        format_func=segment_words.get,
        horizontal=True,
        key=lang_key("fin_seg_by"),
    )
    table = adoption(panel, by).copy()
    table.index = [band_label(by, i, lang) for i in table.index]
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
        yaxis_title=tr("월 신규 가입률 (%)", "added per month (%)"),
        height=380,
        margin=dict(l=10, r=10, t=40, b=10),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0),
    )
    st.plotly_chart(fig, key="fin_seg_chart")
    group_col = segment_words[by]
    by_group = (
        (100 * shares[top]).reset_index(names=group_col).assign(customers=table["customers"].to_numpy())
    )
    st.dataframe(
        by_group,
        hide_index=True,
        key="fin_seg_table",
        column_config={
            group_col: st.column_config.TextColumn(group_col),
            **{p: st.column_config.NumberColumn(p, format="%.2f%%") for p in top},
            "customers": st.column_config.NumberColumn(
                tr("고객-월 수", "Customer-months"),
                format="localized",
                help=tr(
                    "비율을 계산한 고객 × 월의 수", "How many customer-months the shares are computed on"
                ),
            ),
        },
    )

with tab_cat:
    no_limit = tr("제한 없음", "none")
    shown = pd.DataFrame(
        {
            "product": catalogue[name_col],
            "category": catalogue["category"].map(category_words),
            "ages": [
                tr(f"{lo:.0f}세 이상", f"{lo:.0f}+")
                if pd.isna(hi)
                else tr(f"{lo:.0f}-{hi:.0f}세", f"{lo:.0f}-{hi:.0f}")
                for lo, hi in zip(catalogue["min_age"].fillna(0), catalogue["max_age"], strict=True)
            ],
            "channels": [
                ", ".join(channel_words.get(c, c) for c in ch.split("|")) if ch else no_limit
                for ch in catalogue["channels"]
            ],
            "requires": [
                ", ".join(product_words[c] for c in r.split("|")) if r else "—" for r in catalogue["requires"]
            ],
        }
    ).reset_index(drop=True)
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        key="fin_catalogue",
        column_config={
            "product": st.column_config.TextColumn(tr("상품", "Product")),
            "category": st.column_config.TextColumn(tr("종류", "Kind")),
            "ages": st.column_config.TextColumn(tr("가입 연령", "Ages")),
            "channels": st.column_config.TextColumn(tr("판매 채널", "Channels")),
            "requires": st.column_config.TextColumn(
                tr("선행 상품 (하나 이상)", "Requires (any of)"),
                help=tr("먼저 보유해야 하는 상품", "Products the customer must already hold"),
            ),
        },
    )
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
        kind = st.radio(
            tr("종류", "Kind"),
            ["deposit", "saving"],
            format_func=lambda k: tr("예금", "deposit") if k == "deposit" else tr("적금", "saving"),
            index=["deposit", "saving"].index(carried("fin_kind", "deposit")),
            horizontal=True,
            key=lang_key("fin_kind"),
        )
        st.dataframe(
            korean_offers(offers, kind=kind, term=12, age=int(age)).fillna(""),
            hide_index=True,
            key="fin_offers",
            column_config={
                "kor_co_nm": st.column_config.TextColumn(tr("금융회사", "Bank")),
                "fin_prdt_nm": st.column_config.TextColumn(tr("상품명", "Product")),
                "save_trm": st.column_config.NumberColumn(tr("기간 (개월)", "Term (months)")),
                "intr_rate": st.column_config.NumberColumn(tr("기본 금리", "Base rate"), format="%.2f%%"),
                "intr_rate2": st.column_config.NumberColumn(
                    tr("최고 우대 금리", "Best preferential rate"), format="%.2f%%"
                ),
                "join_member": st.column_config.TextColumn(tr("가입 대상", "Who can join")),
                "spcl_cnd": st.column_config.TextColumn(tr("우대 조건", "Preferential conditions")),
                "dcls_month": st.column_config.TextColumn(tr("공시 월", "Disclosed")),
            },
        )
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
