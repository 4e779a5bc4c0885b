"""Employment demo: a seeker's profile, the listings that fit with matched and missing skills,
and a training plan on a timeline. Runs on the bundled O*NET/ESCO sample and generated listings;
with CIVIC_DATA_DIR set it reads the full taxonomy (and a model saved under the model folder)."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import streamlit as st

from apps.demo_models import employment_listings, employment_model
from apps.sections import by_key
from sectors.employment import (
    EDUCATION_LEVELS,
    ESCO_ATTRIBUTION,
    LISTING_SCHEMA,
    ONET_ATTRIBUTION,
    REGIONS,
    SAMPLE_SEEKERS,
    Preferences,
    Seeker,
    check_listings,
    occupation_title,
    plan_training,
)
from sectors.employment.resume import explain_plan, read_resume
from shared.data import env_data_dir
from shared.errors import CivicError
from shared.ui import get_language, tr, url_index
from shared.ui.notes import show_note
from shared.ui.uploads import display_name, show_upload_error, table_upload

DEFAULT_OCCUPATION = "43-4051.00"  # Customer Service Representatives
MANWON = 10_000
TOP_K = 8
# The form's widgets: they start again from the example seeker whenever another one is chosen.
FORM_KEYS = ("emp_occupation", "emp_skills", "emp_education", "emp_region", "emp_regions", "emp_min_salary")
FORM_KEYS += ("emp_zone_step",)
# Fixed colours per course kind, so the timeline keeps its colours between reruns.
KIND_COLOURS = {
    "foundation": "#4C78A8",
    "tool": "#F58518",
    "education": "#54A24B",
    "certification": "#B279A2",
}

section = by_key("employment")
st.header(f"{section.icon} {tr(section.ko, section.en)}")
st.write(
    tr(
        "구직자의 직업·기술·학력·지역으로 잘 맞는 채용 공고를 찾고, 부족한 기술을 채우는 훈련 계획을 시간·예산 안에서 짭니다.",
        "Finds the listings that fit a job seeker's occupation, skills, education and region, and plans the training "
        "that closes the skill gap within their time and budget.",
    )
)
lang = get_language()
lang_index = 0 if lang == "ko" else 1
kind_words = {
    "foundation": tr("기초", "foundation"),
    "tool": tr("도구 실무", "tool practice"),
    "education": tr("학력 과정", "education"),
    "certification": tr("자격증", "certification"),
}


def _won(value: float) -> str:
    """Won as one unit per language: 만원 in Korean, KRW in English (never mixed on the page)."""
    return tr(f"{value / MANWON:,.0f}만원", f"{value:,.0f} KRW")


def _region_label(region: str) -> str:
    return tr(region, REGIONS[region][0]) if region in REGIONS else region


folder = env_data_dir()
folder_key = str(folder) if folder is not None else None
with st.spinner(tr("모델 준비 중…", "Preparing the model…")):
    try:
        taxonomy, model, origin = employment_model(folder_key)
    except CivicError as exc:
        st.warning(
            tr(
                f"전체 데이터를 읽지 못해 내장 표본을 씁니다: {exc}",
                f"Full data unreadable, using the bundled sample: {exc}",
            )
        )
        folder_key = None
        taxonomy, model, origin = employment_model(None)

occupations = taxonomy.occupations
codes = [c for c in occupations.sort_values("title").index if c in model.space_.code_lookup]
default_code = DEFAULT_OCCUPATION if DEFAULT_OCCUPATION in codes else codes[0]
skill_names = sorted(set(model.space_.skill_names_))


def lang_key(base: str) -> str:
    """The widget's key in this language: a keyed selectbox keeps showing the option labels it was drawn
    with, so widgets whose labels are translated get one key per language, the value carried over."""
    return f"{base}_{lang}"


def carried(base: str, fallback):
    """The value the widget had in the other language (just switched from), else ``fallback``."""
    return st.session_state.get(f"{base}_{'en' if lang == 'ko' else 'ko'}", fallback)


def job_title(code: str, title: str | None = None) -> str:
    """The occupation's title in the page's language (Korean from the bundled mapping, else marked 영문)."""
    english = title if title is not None else str(occupations.loc[code, "title"])
    return occupation_title(code, english, lang=lang)


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
listings = employment_listings(folder_key, 300, 7)
# Read in memory: the client's file name is shown, never used as a path.
table = table_upload(
    uploaded, required=tuple(LISTING_SCHEMA), dtype=str, keep_default_na=False, na_values=[""]
)
if table is not None:
    try:
        listings = check_listings(table, file=display_name(uploaded))
    except CivicError as exc:
        show_upload_error(str(exc))

# -- the seeker's profile: an example seeker fills the form; every control is here -----------------
st.subheader(tr("구직자 정보", "Job seeker"))
region_words = {r: _region_label(r) for r in REGIONS}  # labels fixed per run (AppTest reads them)
samples = [s for s in SAMPLE_SEEKERS if s.occupation in codes]
sample_labels = {
    i: f"{job_title(s.occupation)} · {_region_label(s.region)} · {EDUCATION_LEVELS[s.education][lang_index]}"
    for i, s in enumerate(samples)
}
sample_index = st.selectbox(
    tr("예시 구직자", "Example job seeker"),
    list(sample_labels),
    index=url_index(lang_key("emp_sample"), list(sample_labels), carried("emp_sample", 0), param="seeker"),
    format_func=sample_labels.get,
    key=lang_key("emp_sample"),
    help=tr(
        "고르면 아래 양식이 그 사람의 직업·기술·학력·지역으로 채워집니다. 바꿔서 다시 찾아볼 수 있습니다.",
        "Fills the form below with that person's occupation, skills, education and region; edit and search again.",
    ),
)
sample = samples[sample_index] if samples else Seeker(default_code, education=2, region="서울")
if st.session_state.get("emp_form_of") != sample_index:
    # Another example seeker: the form starts again from that seeker, not from the previous one.
    for key in FORM_KEYS:
        for suffix in ("", "_ko", "_en"):
            st.session_state.pop(key + suffix, None)
    st.session_state["emp_form_of"] = sample_index
with st.form("emp_seeker"):
    left, right = st.columns(2)
    code = left.selectbox(
        tr("현재(또는 최근) 직업", "Current (or last) occupation"),
        codes,
        index=codes.index(
            carried("emp_occupation", sample.occupation if sample.occupation in codes else default_code)
        ),
        format_func={c: f"{job_title(c)} ({c})" for c in codes}.get,
        key=lang_key("emp_occupation"),
    )
    skills = left.multiselect(
        tr("보유 기술(소프트웨어·도구)", "Skills you have (software and tools)"),
        skill_names,
        default=[s for s in sample.skills if s in skill_names],
        key="emp_skills",
    )
    education = right.selectbox(
        tr("최종 학력", "Education"),
        list(EDUCATION_LEVELS),
        index=list(EDUCATION_LEVELS).index(carried("emp_education", sample.education)),
        format_func={level: names[lang_index] for level, names in EDUCATION_LEVELS.items()}.get,
        key=lang_key("emp_education"),
    )
    region = right.selectbox(
        tr("거주 지역", "Where you live"),
        list(REGIONS),
        index=list(REGIONS).index(
            carried("emp_region", sample.region if sample.region in REGIONS else "서울")
        ),
        format_func=region_words.get,
        key=lang_key("emp_region"),
    )
    wanted = right.multiselect(
        tr("희망 근무 지역(비우면 전체)", "Regions you would work in (empty = any)"),
        list(REGIONS),
        default=carried("emp_regions", []),
        placeholder=tr("전체 지역", "Any region"),
        format_func=region_words.get,
        key=lang_key("emp_regions"),
    )
    min_salary = left.number_input(
        tr("최소 희망 연봉(만원)", "Minimum annual salary (10,000 KRW)"),
        min_value=0,
        max_value=20_000,
        value=0,
        step=100,
        key="emp_min_salary",
        help=tr("0이면 제한 없음", "0 = no minimum"),
    )
    step = right.selectbox(
        tr("더 높은 준비 수준의 일자리 허용", "Jobs needing more preparation"),
        [None, 0, 1, 2],
        index=[None, 0, 1, 2].index(carried("emp_zone_step", None)),
        format_func={
            None: tr("제한 없음", "no limit"),
            0: tr("같은 수준까지", "same level only"),
            1: tr("한 단계 위까지", "up to one level up"),
            2: tr("두 단계 위까지", "up to two levels up"),
        }.get,
        key=lang_key("emp_zone_step"),
        help=tr(
            "O*NET 직무 준비 수준(Job Zone 1-5): 필요한 경험·교육·훈련의 정도",
            "O*NET Job Zone (1-5): how much experience, education and training a job needs",
        ),
    )
    st.form_submit_button(tr("일자리 찾기", "Find jobs"), key="emp_submit", type="primary")

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
ranked = model.recommend(seeker, listings, k=len(listings))  # the suite's ranked list
top = ranked.head(TOP_K).copy()
if top.empty:
    st.info(
        tr(
            "조건에 맞는 공고가 없습니다. 희망 지역이나 최소 연봉 조건을 넓혀 보세요.",
            "No listing fits; widen the regions or lower the minimum salary.",
        )
    )
else:
    top["job"] = top["title_ko"] if lang == "ko" else top["title"]
    top["place"] = [tr(r, REGIONS[r][0]) if r in REGIONS else r for r in top["region"]]
    top["pay"] = [_won(v) if pd.notna(v) else "—" for v in top["salary"]]
    low, high = float(ranked["score"].min()), float(ranked["score"].max())
    top["standing"] = 100 * (top["score"] - low) / (high - low) if high > low else 100.0
    top["why"] = [" · ".join(r) for r in top[f"reasons_{lang}"]]
    st.dataframe(
        top[["rank", "job", "place", "pay", "standing", "matched_skills", "missing_skills", "why"]],
        hide_index=True,
        width="stretch",
        key="emp_top",
        column_config={
            "rank": st.column_config.NumberColumn(tr("순위", "Rank"), width="small"),
            "job": st.column_config.TextColumn(tr("일자리", "Job")),
            "place": st.column_config.TextColumn(tr("지역", "Region"), width="small"),
            "pay": st.column_config.TextColumn(tr("연봉", "Salary")),
            "standing": st.column_config.ProgressColumn(
                tr("적합도 (0-100)", "Fit (0-100)"),
                min_value=0,
                max_value=100,
                format="%.0f",
                help=tr(
                    f"모델의 매칭 점수를 조건에 맞는 공고 {len(ranked):,}개 안에서 0(가장 덜 맞음)~100(가장 잘 맞음)으로 바꾼 값. 합격 확률이 아닙니다.",
                    f"The model's match score rescaled over the {len(ranked):,} listings that fit your conditions: "
                    "0 = the worst fit, 100 = the best; not a hiring probability.",
                ),
            ),
            "matched_skills": st.column_config.ListColumn(
                tr("보유 기술", "Skills you have"),
                help=tr("공고가 요구하는 기술 중 보유한 것", "Required skills you have"),
            ),
            "missing_skills": st.column_config.ListColumn(
                tr("부족 기술", "Skills to learn"),
                help=tr("공고가 요구하지만 아직 없는 기술", "Required skills you do not have yet"),
            ),
            "why": st.column_config.TextColumn(
                tr("추천 이유", "Why"),
                width="large",
                help=tr(
                    "적용된 희망 조건, 그리고 순위를 가장 많이 끌어올린 특성과 그 값",
                    "The preferences that applied, then the features that raised the listing most, with their values",
                ),
            ),
        },
    )

# -- training plan -----------------------------------------------------------------------------
st.subheader(tr("맞춤형 훈련 계획", "Training plan"))
if not top.empty:
    ids = top["item_id"].tolist()
    target_words = {
        i: f"{j} · {p} ({i})" for i, j, p in zip(top["item_id"], top["job"], top["place"], strict=True)
    }
    previous = carried("emp_target", ids[0])
    target_id = st.selectbox(
        tr("목표 일자리", "Target job"),
        ids,
        index=ids.index(previous) if previous in ids else 0,
        format_func=target_words.get,
        key=lang_key("emp_target"),
    )
    c1, c2, c3 = st.columns(3)
    hours = c1.slider(
        tr("총 학습 가능 시간", "Hours available in total"), 0, 600, 120, step=10, key="emp_hours"
    )
    per_week = c2.slider(tr("주당 학습 시간", "Hours a week"), 2, 40, 10, key="emp_week")
    budget = c3.number_input(
        tr("예산(만원)", "Budget (10,000 KRW)"),
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
        tr("매칭 점수 (훈련 후)", "Match score (after training)"),
        f"{plan.score_after:.2f}",
        f"{plan.score_after - plan.score_before:+.2f}",
        help=tr(
            "모델이 매긴 이 일자리와의 적합 점수(단위 없음, 높을수록 잘 맞음, 음수도 가능). 아래 숫자는 훈련으로 오르는 폭입니다.",
            "The model's fit score for this job (no unit; higher fits better; can be below zero). "
            "The figure below is how much the training raises it.",
        ),
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
                "시간·예산 안에서 점수를 올리는 과정이 없습니다. 학습 시간이나 예산을 늘려 보세요.",
                "No course raises the match within this time and budget; allow more hours or budget.",
            )
        )
    else:
        schedule = plan.schedule(pd.Timestamp.today().normalize(), per_week)
        schedule["course"] = schedule[f"title_{lang}"]
        schedule["kind_label"] = schedule["kind"].map(kind_words).fillna(schedule["kind"])
        figure = px.timeline(
            schedule,
            x_start="start",
            x_end="finish",
            y="course",
            color="kind_label",
            color_discrete_map={kind_words[k]: colour for k, colour in KIND_COLOURS.items()},
            labels={
                "kind_label": tr("종류", "Kind"),
                "course": tr("과정", "Course"),
                "start": tr("시작", "Start"),
                "finish": tr("종료", "Finish"),
            },
        )
        figure.update_yaxes(autorange="reversed", title=None)
        figure.update_xaxes(tickformat="%Y-%m-%d", title=None)
        figure.update_layout(
            height=140 + 32 * len(schedule),
            margin=dict(l=10, r=10, t=50, b=10),
            legend=dict(title=None, orientation="h", yanchor="bottom", y=1.02, x=0),
        )
        st.plotly_chart(figure, width="stretch", key="emp_gantt")
        st.dataframe(
            schedule.assign(cost_text=schedule["cost"].map(_won))[
                ["order", "course", "kind_label", "hours", "cost_text", "gain", "score_after"]
            ],
            hide_index=True,
            width="stretch",
            key="emp_plan",
            column_config={
                "order": st.column_config.NumberColumn(tr("순서", "Order"), width="small"),
                "course": st.column_config.TextColumn(tr("과정", "Course"), width="large"),
                "kind_label": st.column_config.TextColumn(tr("종류", "Kind")),
                "hours": st.column_config.NumberColumn(tr("시간", "Hours"), format="%d h"),
                "cost_text": st.column_config.TextColumn(tr("비용", "Cost")),
                "gain": st.column_config.NumberColumn(
                    tr("점수 향상", "Score gain"),
                    format="%.3f",
                    help=tr(
                        "이 과정이 매칭 점수를 올리는 기대 폭 (다른 과정과의 순서를 고려한 평균)",
                        "How much this course is expected to raise the match score (averaged over course orders)",
                    ),
                ),
                "score_after": st.column_config.NumberColumn(
                    tr("수료 후 점수", "Score after"),
                    format="%.2f",
                    help=tr("이 과정까지 마친 뒤의 매칭 점수", "The match score once this course is done"),
                ),
            },
        )
    with st.expander(tr("계획에서 뺀 과정", "Courses left out")):
        reasons = {
            "no_gain": tr("점수 향상 없음", "no gain in match score"),
            "over_time": tr("시간 초과", "over the time"),
            "over_budget": tr("예산 초과", "over the budget"),
            "not_needed": tr("선수 과정만 남음", "prerequisite of nothing taken"),
        }
        skipped = plan.skipped.assign(
            reason=plan.skipped["reason"].map(reasons).fillna(plan.skipped["reason"]),
            kind_label=plan.skipped["kind"].map(kind_words).fillna(plan.skipped["kind"]),
        )
        st.dataframe(
            skipped.assign(cost_text=skipped["cost"].map(_won))[
                [f"title_{lang}", "kind_label", "hours", "cost_text", "reason"]
            ],
            hide_index=True,
            width="stretch",
            key="emp_skipped",
            column_config={
                f"title_{lang}": st.column_config.TextColumn(tr("과정", "Course"), width="large"),
                "kind_label": st.column_config.TextColumn(tr("종류", "Kind")),
                "hours": st.column_config.NumberColumn(tr("시간", "Hours"), format="%d h"),
                "cost_text": st.column_config.TextColumn(tr("비용", "Cost")),
                "reason": st.column_config.TextColumn(tr("뺀 이유", "Why left out")),
            },
        )
    st.caption(
        tr(
            "과정·시간·비용은 O*NET 기술·학력 범주에서 도출한 가정입니다(README 참조). 점수는 모델의 매칭 점수이며 합격 확률이 아닙니다.",
            "Courses, hours and costs are derived from O*NET technology skills and education categories under stated "
            "assumptions (see the README). The score is the model's match score, not a hiring probability.",
        )
    )
    # issue 15: a free-text résumé read into skills (redacted first) and the plan explained, via shared.llm
    with st.expander(tr("이력서로 훈련 계획 세우기 (설명 포함)", "Plan from a résumé, explained")):
        resume = st.text_area(
            tr(
                "이력서 (한국어 또는 영어, 개인정보는 읽기 전에 가립니다)",
                "Résumé (Korean or English; identifiers are redacted first)",
            ),
            value=tr(
                "고객센터 상담원으로 5년 근무했습니다. 엑셀과 파워포인트를 능숙하게 다루고 세일즈포스로 고객 이력을 관리했습니다. 연락처 010-1234-5678",
                "Five years as a customer service representative. Fluent in Microsoft Excel and PowerPoint; "
                "kept customer records in Salesforce. Phone 010-1234-5678",
            ),
            key=lang_key("emp_resume"),
        )
        reading = read_resume(resume, taxonomy)
        st.text(
            tr("읽은 이력서 (개인정보 가림): ", "Résumé as read (identifiers hidden): ")
            + reading.redacted_text
        )
        read_seeker = Seeker(
            reading.occupation or code,
            reading.skills,
            education=int(education),
            region=region,
            about=reading.redacted_text,
        )
        read_plan = plan_training(
            read_seeker, target, hours=hours, budget=float(budget) * MANWON, recommender=model
        )
        show_note(explain_plan(read_plan, taxonomy, reading=reading, lang=lang))

st.divider()
source = {
    "bundled": tr("내장 표본", "bundled sample"),
    "saved": tr("저장된 모델", "saved model"),
    "trained": tr("전체 데이터", "full data"),
}
st.caption(
    f"{tr('데이터', 'Data')}: {source[origin]} · {tr('O*NET 직업', 'O*NET occupations')} {len(occupations):,} · "
    f"{tr('공고', 'listings')} {len(listings):,} · "
    + tr(
        "직업명 한국어 표기는 이 프로젝트가 작성한 것입니다.",
        "Korean occupation titles written by this project.",
    )
)
st.caption(ONET_ATTRIBUTION + " " + ESCO_ATTRIBUTION)
