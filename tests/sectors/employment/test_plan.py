import pandas as pd
import pytest

from sectors.employment import Seeker, course_catalogue, plan_training
from sectors.employment.courses import FOUNDATION_HOURS, Target, education_programme, tool_hours
from sectors.employment.plan import expected_gains


@pytest.fixture(scope="module")
def seeker():
    return Seeker("43-4051.00", ["Microsoft Excel", "Microsoft Word"], education=2, region="부산")


def test_plan_fits_time_and_budget_and_respects_prerequisites(recommender, seeker):
    plan = plan_training(seeker, "13-2011.00", hours=100, budget=1_500_000, recommender=recommender)
    assert 0 < plan.hours_used <= 100 and plan.cost_used <= 1_500_000
    order = plan.courses["course_id"].tolist()
    for i, row in plan.courses.iterrows():
        assert all(order.index(p) < i for p in row["prerequisites"]), row["course_id"]
    assert (plan.courses["end_hour"] - plan.courses["start_hour"] == plan.courses["hours"]).all()
    assert plan.score_after > plan.score_before
    taught = {s for skills in plan.courses["skills"] for s in skills}
    assert not taught & set(seeker.skills)


def test_first_course_has_the_best_expected_gain_per_hour(recommender, seeker):
    plan = plan_training(seeker, "13-2011.00", hours=400, budget=10_000_000, recommender=recommender, seed=5)
    catalogue = course_catalogue(recommender.space_, plan.target, seeker.skills, seeker.education).set_index(
        "course_id", drop=False
    )
    gains, _ = expected_gains(recommender, seeker, "13-2011.00", catalogue, seed=5)
    ratios = {}
    for cid, row in catalogue.iterrows():
        if gains[cid] > 0:
            bundle = list(row["prerequisites"]) + [cid]
            ratios[cid] = gains[bundle].sum() / catalogue.loc[bundle, "hours"].sum()
    first_taught = plan.courses[plan.courses["gain"] > 0]["course_id"].iloc[0]
    assert ratios[first_taught] == pytest.approx(max(ratios.values()))


def test_no_time_means_no_courses_and_reasons_say_why(recommender, seeker):
    plan = plan_training(seeker, "13-2011.00", hours=0, budget=1_000_000, recommender=recommender)
    assert plan.courses.empty and plan.hours_used == 0
    assert set(plan.skipped["reason"]) <= {"over_time", "no_gain", "not_needed"}
    assert "over_time" in set(plan.skipped["reason"])
    broke = plan_training(seeker, "13-2011.00", hours=500, budget=0, recommender=recommender)
    assert broke.courses.empty and "over_budget" in set(broke.skipped["reason"])


def test_gap_lists_held_and_missing_skills_and_education(recommender, seeker):
    plan = plan_training(seeker, "15-1252.00", hours=50, budget=500_000, recommender=recommender)
    gap = plan.gap
    skills = gap[gap["kind"] == "skill"]
    assert len(skills) == len(plan.target.skills) <= 15
    assert not skills["held"].all()
    edu = gap[gap["kind"] == "education"].iloc[0]
    assert edu["required"] > seeker.education and not edu["held"]
    assert "education:" + str(edu["required"]) in set(plan.skipped["course_id"]) | set(
        plan.courses["course_id"]
    )


def test_listing_target_uses_its_own_skills(recommender, listings, seeker):
    job = listings.iloc[5]
    plan = plan_training(seeker, job, hours=200, budget=5_000_000, recommender=recommender)
    assert plan.target.skills == tuple(job["skills"])
    assert plan.target.occupation_id == job["occupation_id"]


def test_schedule_spreads_hours_over_weeks(recommender, seeker):
    plan = plan_training(seeker, "13-2011.00", hours=60, budget=2_000_000, recommender=recommender)
    sched = plan.schedule("2025-07-01", hours_per_week=6)
    assert sched["start"].iloc[0] == pd.Timestamp("2025-07-01")
    weeks = (sched["finish"].iloc[-1] - sched["start"].iloc[0]).days / 7
    assert weeks == pytest.approx(plan.hours_used / 6)
    with pytest.raises(ValueError):
        plan.schedule(hours_per_week=0)


def test_course_rules():
    assert tool_hours(1.2) < tool_hours(4.6)
    assert education_programme(6, 5) is None and education_programme(2, 5)[0] > 0
    target = Target("t", "Job", ("Microsoft Excel", "Zzz Unknown Tool"), "43-4051.00", 2.0, 4.0, 1.0)

    class Space:  # the catalogue needs only these parts of an OccupationSpace
        import numpy as np
        import scipy.sparse as sp

        numeric_table_ = np.array([[2.0, 2.0, 0, 0, 0]])
        occ_skills = sp.csr_matrix(np.array([[1.0]]))
        skill_lookup = {"tech:microsoft-excel": 0}
        skill_commodity_ = ["unspsc:43232110"]
        commodity_ids_ = ["unspsc:43232110"]
        commodity_titles_ = ["Spreadsheet software"]

    cat = course_catalogue(Space(), target, [], education=2)
    kinds = cat.set_index("course_id")["kind"].to_dict()
    assert kinds == {
        "foundation:43232110": "foundation",
        "tool:microsoft-excel": "tool",
        "tool:zzz-unknown-tool": "tool",
        "certification:43-4051.00": "certification",
    }
    excel = cat.set_index("course_id").loc["tool:microsoft-excel"]
    assert excel["prerequisites"] == ["foundation:43232110"] and excel["hours"] == tool_hours(2.0)
    assert cat.set_index("course_id").loc["foundation:43232110", "hours"] == FOUNDATION_HOURS
