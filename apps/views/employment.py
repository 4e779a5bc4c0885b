"""Employment demo: a seeker's profile, the listings that fit with matched and missing skills,
and a training plan on a timeline. Runs on the bundled O*NET/ESCO sample and generated listings;
with CIVIC_DATA_DIR set it reads the full taxonomy (and a model saved under the model folder)."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import streamlit as st

from apps.sections import by_key
from sectors.employment import (
    BUNDLED,
    EDUCATION_LEVELS,
    ESCO_ATTRIBUTION,
    LISTING_SCHEMA,
    ONET_ATTRIBUTION,
    REGIONS,
    JobRecommender,
    Preferences,
    Seeker,
    bundled_recommender,
    check_listings,
    generate_listings,
    load_taxonomy,
    plan_training,
)
from shared import store
from shared.data import env_data_dir
from shared.errors import CivicError
from shared.ui import get_language, tr
from shared.ui.uploads import display_name, show_upload_error, table_upload

DEFAULT_OCCUPATION = "43-4051.00"  # Customer Service Representatives
SAVED_MODEL = "employment"  # folder name under the model directory (civic info lists it)
MANWON = 10_000

section = by_key("employment")
st.header(f"{section.icon} {tr(section.ko, section.en)}")
st.write(tr(section.summary_ko, section.summary_en))


@st.cache_resource(show_spinner=False)
def _taxonomy_and_model(folder: str | None):
    """The taxonomy and a recommender: bundled sample, or the full data with a saved or quickly trained model."""
    if folder is None:
        return load_taxonomy(BUNDLED), bundled_recommender(), "bundled"
    taxonomy = load_taxonomy(folder)
    saved = store.model_dir() / SAVED_MODEL
    if (saved / "card.json").exists():
        return taxonomy, store.load(saved, kind=JobRecommender.store_kind), "saved"
    model = JobRecommender(n_estimators=150, hard_negatives=50, random_negatives=25).fit(taxonomy)
    return taxonomy, model, "trained"


@st.cache_data(show_spinner=False)
def _generated_listings(folder: str | None, n: int, seed: int) -> pd.DataFrame:
    taxonomy, _, _ = _taxonomy_and_model(folder)
    return generate_listings(taxonomy, n, seed=seed)


def _won(value: float) -> str:
    return tr(f"{value / MANWON:,.0f}만원", f"{value / 1e6:,.1f}M KRW")


def _region_label(region: str) -> str:
    # Both languages in one label: option labels must not change with the language switch.
    return f"{region} · {REGIONS[region][0]}" if region in REGIONS else region


folder = env_data_dir()
folder_key = str(folder) if folder is not None else None
with st.spinner(tr("모델 준비 중…", "Preparing the model…")):
    try:
        taxonomy, model, origin = _taxonomy_and_model(folder_key)
    except CivicError as exc:
        st.warning(
            tr(
                f"전체 데이터를 읽지 못해 내장 표본을 씁니다: {exc}",
                f"Full data unreadable, using the bundled sample: {exc}",
            )
        )
        folder_key = None
        taxonomy, model, origin = _taxonomy_and_model(None)

occupations = taxonomy.occupations
codes = [c for c in occupations.sort_values("title").index if c in model.space.code_lookup]
default_code = DEFAULT_OCCUPATION if DEFAULT_OCCUPATION in codes else codes[0]
skill_names = sorted(set(model.space.skill_names))

# -- listings ----------------------------------------------------------------------------------
with st.expander(tr("채용 공고 데이터", "Listings data")):
    st.caption(
        tr(
            "기본은 O*NET 직업에서 생성한 가상 공고입니다. 같은 형식의 CSV(id, title, description, skills, region, salary, posted)를 올릴 수 있습니다.",
            "By default: synthetic listings generated from O*NET occupations. Upload a CSV in the same format "
            "(id, title, description, skills, region, salary, posted) to use your own.",
        )
    )
    uploaded = st.file_uploader(tr("공고 CSV", "Listings CSV"), type=["csv"], key="emp_upload")
listings = _generated_listings(folder_key, 300, 7)
# Read in memory: the client's file name is shown, never used as a path.
table = table_upload(
    uploaded, required=tuple(LISTING_SCHEMA), dtype=str, keep_default_na=False, na_values=[""]
)
if table is not None:
    try:
        listings = check_listings(table, file=display_name(uploaded))
    except CivicError as exc:
        show_upload_error(str(exc))

# -- the seeker's profile ------------------------------------------------------------------------
st.subheader(tr("구직자 정보", "Job seeker"))
with st.form("emp_seeker"):
    left, right = st.columns(2)
    code = left.selectbox(
        tr("현재(또는 최근) 직업", "Current (or last) occupation"),
        codes,
        index=codes.index(default_code),
        format_func=lambda c: f"{occupations.loc[c, 'title']} ({c})",
        key="emp_occupation",
    )
    default_skills = [s for s in taxonomy.skills_of(default_code)[:4] if s in skill_names]
    skills = left.multiselect(
        tr("보유 기술(소프트웨어·도구)", "Skills you have (software and tools)"),
        skill_names,
        default=default_skills,
        key="emp_skills",
    )
    education = right.selectbox(
        tr("최종 학력", "Education"),
        list(EDUCATION_LEVELS),
        index=1,
        format_func=lambda level: " · ".join(EDUCATION_LEVELS[level]),
        key="emp_education",
    )
    region = right.selectbox(
        tr("거주 지역", "Where you live"), list(REGIONS), format_func=_region_label, key="emp_region"
    )
    wanted = right.multiselect(
        tr("희망 근무 지역(비우면 전체)", "Regions you would work in (empty = any)"),
        list(REGIONS),
        format_func=_region_label,
        key="emp_regions",
    )
    min_salary = left.number_input(
        tr("최소 희망 연봉(만원)", "Minimum annual salary (10k KRW)"),
        min_value=0,
        max_value=20_000,
        value=0,
        step=100,
        key="emp_min_salary",
    )
    step = right.selectbox(
        tr("준비 수준 상향 허용(— 제한 없음)", "How far up the job-zone ladder (— no limit)"),
        [None, 0, 1, 2],
        format_func=lambda s: "—" if s is None else f"+{s}",
        key="emp_zone_step",
    )
    st.form_submit_button(tr("일자리 찾기", "Find jobs"), key="emp_submit")

seeker = Seeker(
    code,
    tuple(skills),
    education=int(education),
    region=region,
    preferences=Preferences(
        regions=tuple(wanted),
        min_salary=float(min_salary) * MANWON if min_salary else None,
        max_zone_step=step,
    ),
)

# -- recommendations ---------------------------------------------------------------------------
st.subheader(tr("추천 일자리", "Recommended listings"))
top = model.recommend(seeker, listings, k=8, lang=get_language())
if top.empty:
    st.info(
        tr(
            "조건에 맞는 공고가 없습니다. 지역이나 연봉 조건을 넓혀 보세요.",
            "No listing fits; widen the regions or the salary.",
        )
    )
for row in top.itertuples():
    with st.container(border=True):
        head, score = st.columns([5, 1])
        place = tr(row.region, REGIONS[row.region][0]) if row.region in REGIONS else row.region
        head.markdown(f"**{row.rank}. {row.title}** · {place} · {_won(row.salary)}")
        score.markdown(f"`{row.score:.2f}`")
        matched = ", ".join(row.matched_skills) or "—"
        missing = ", ".join(row.missing_skills) or "—"
        st.markdown(
            f":green[{tr('보유 기술', 'Matched')}: {matched}]  \n:red[{tr('부족 기술', 'Missing')}: {missing}]"
        )
        st.caption(tr("추천 이유: ", "Why: ") + " · ".join(row.reasons))

# -- training plan -----------------------------------------------------------------------------
st.subheader(tr("맞춤형 훈련 계획", "Training plan"))
if not top.empty:
    ids = top["id"].tolist()
    target_id = st.selectbox(
        tr("목표 일자리", "Target job"),
        ids,
        format_func=lambda i: f"{top.set_index('id').loc[i, 'title']} ({i})",
        key="emp_target",
    )
    c1, c2, c3 = st.columns(3)
    hours = c1.slider(
        tr("총 학습 가능 시간", "Hours available in total"), 0, 600, 120, step=10, key="emp_hours"
    )
    per_week = c2.slider(tr("주당 학습 시간", "Hours a week"), 2, 40, 10, key="emp_week")
    budget = c3.number_input(
        tr("예산(만원)", "Budget (10k KRW)"),
        min_value=0,
        max_value=5_000,
        value=200,
        step=10,
        key="emp_budget",
    )
    target = listings.set_index("id").loc[target_id].to_dict() | {"id": target_id}
    plan = plan_training(seeker, target, hours=hours, budget=float(budget) * MANWON, recommender=model)
    m1, m2, m3 = st.columns(3)
    m1.metric(
        tr("매칭 점수", "Match score"),
        f"{plan.score_after:.2f}",
        f"{plan.score_after - plan.score_before:+.2f}",
    )
    m2.metric(tr("학습 시간", "Hours"), f"{plan.hours_used:.0f} / {plan.hours:.0f}")
    m3.metric(tr("비용", "Cost"), _won(plan.cost_used))
    gap = plan.gap[plan.gap["kind"] == "skill"]
    st.markdown(
        tr("**기술 격차**: ", "**Skill gap**: ")
        + (", ".join(gap.loc[~gap["held"], "item"]) or tr("없음", "none"))
    )
    if plan.courses.empty:
        st.info(
            tr(
                "시간·예산 안에서 점수를 올리는 과정이 없습니다.",
                "No course raises the match within this time and budget.",
            )
        )
    else:
        schedule = plan.schedule(pd.Timestamp.today().normalize(), per_week)
        schedule["course"] = schedule[f"title_{get_language()}"]
        figure = px.timeline(
            schedule,
            x_start="start",
            x_end="finish",
            y="course",
            color="kind",
            hover_data={"hours": True, "cost": True, "gain": ":.3f"},
        )
        figure.update_yaxes(autorange="reversed", title=None)
        figure.update_layout(
            height=120 + 32 * len(schedule), margin=dict(l=10, r=10, t=30, b=10), legend_title=None
        )
        st.plotly_chart(figure, width="stretch")
        shown = schedule[["order", "course", "kind", "hours", "cost", "gain", "gain_per_hour", "score_after"]]
        st.dataframe(shown, hide_index=True, width="stretch")
    with st.expander(tr("계획에서 뺀 과정", "Courses left out")):
        reasons = {
            "no_gain": tr("점수 향상 없음", "no gain in match score"),
            "over_time": tr("시간 초과", "over the time"),
            "over_budget": tr("예산 초과", "over the budget"),
            "not_needed": tr("선수 과정만 남음", "prerequisite of nothing taken"),
        }
        skipped = plan.skipped.assign(reason=plan.skipped["reason"].map(reasons))
        st.dataframe(
            skipped[[f"title_{get_language()}", "kind", "hours", "cost", "reason"]],
            hide_index=True,
        )
    st.caption(
        tr(
            "과정·시간·비용은 O*NET 기술·학력 범주에서 도출한 가정입니다(README 참조). 점수는 모델의 매칭 점수이며 합격 확률이 아닙니다.",
            "Courses, hours and costs are derived from O*NET technology skills and education categories under stated "
            "assumptions (see the README). The score is the model's match score, not a hiring probability.",
        )
    )

st.divider()
source = {
    "bundled": tr("내장 표본", "bundled sample"),
    "saved": tr("저장된 모델", "saved model"),
    "trained": tr("전체 데이터", "full data"),
}
st.caption(
    f"{tr('데이터', 'Data')}: {source[origin]} · {len(occupations):,} O*NET · {len(listings):,} {tr('공고', 'listings')}"
)
st.caption(ONET_ATTRIBUTION + " " + ESCO_ATTRIBUTION)
