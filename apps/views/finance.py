"""Streamlit page "Finance": ranked products with reasons and eligibility checks; adoption by segment."""

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

tab_rec, tab_seg, tab_cat = st.tabs(
    [
        tr("고객별 추천", "Recommendations"),
        tr("세그먼트별 가입", "Adoption by segment"),
        tr("상품·조건", "Products and rules"),
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
