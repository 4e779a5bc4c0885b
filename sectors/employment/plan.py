"""Personalised training plans: the skill gap to a target job and the courses that close it best.

:func:`plan_training` builds the course catalogue for the gap (:mod:`sectors.employment.courses`)
and picks courses greedily: at each step the course (together with any prerequisite not yet
taken) with the largest expected gain in match score per hour that still fits the remaining
hours and budget. The match score is the :class:`~sectors.employment.JobRecommender`'s own score
of the seeker against the target, recomputed after each course as if its skills were learned.
Courses the model gives no gain are left out and listed with the reason.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from sectors.employment.courses import Target, course_catalogue
from sectors.employment.demo import demo_model
from sectors.employment.listings import split_skills
from sectors.employment.recommender import JobRecommender
from sectors.employment.seeker import Seeker
from sectors.employment.taxonomy import slug
from shared.seeding import rng

#: Gains below this (in ranker score units) count as none.
MIN_GAIN = 1e-6
#: How many of an occupation's technologies a plan aims at (O*NET in-demand first, then hot).
TARGET_SKILLS = 15
COURSE_COLUMNS = (
    "course_id",
    "kind",
    "title_ko",
    "title_en",
    "skills",
    "hours",
    "cost",
    "prerequisites",
    "source",
)


@dataclass
class TrainingPlan:
    """A plan: the gap, the ordered courses within time and budget, and what was left out.

    ``courses`` columns: order, course_id, kind, title_ko, title_en, skills, hours, cost,
    prerequisites, gain (match-score gain of the step), gain_per_hour, start_hour, end_hour,
    score_after, source. ``skipped`` lists other courses with a ``reason``.
    """

    target: Target
    gap: pd.DataFrame
    courses: pd.DataFrame
    skipped: pd.DataFrame
    score_before: float
    score_after: float
    hours: float
    budget: float

    @property
    def hours_used(self) -> float:
        """Total course hours in the plan."""
        return float(self.courses["hours"].sum()) if len(self.courses) else 0.0

    @property
    def cost_used(self) -> float:
        """Total cost of the plan in KRW."""
        return float(self.courses["cost"].sum()) if len(self.courses) else 0.0

    def schedule(self, start: str | _dt.date = "2025-07-01", hours_per_week: float = 10.0) -> pd.DataFrame:
        """The plan on a calendar: each course's start and finish date at ``hours_per_week``.

        Example:
            >>> plan = TrainingPlan(None, pd.DataFrame(), pd.DataFrame({"title_en": ["A"], "hours": [20],
            ...     "start_hour": [0.0], "end_hour": [20.0]}), pd.DataFrame(), 0.0, 0.0, 20, 0)
            >>> plan.schedule("2025-07-01", 10)["finish"].dt.strftime("%Y-%m-%d").tolist()
            ['2025-07-15']
        """
        if hours_per_week <= 0:
            raise ValueError("hours_per_week must be positive")
        begin = pd.Timestamp(start)
        out = self.courses.copy()
        out["start"] = begin + pd.to_timedelta(out["start_hour"] / hours_per_week * 7, unit="D")
        out["finish"] = begin + pd.to_timedelta(out["end_hour"] / hours_per_week * 7, unit="D")
        return out


def _target(recommender: JobRecommender, target: str | Mapping[str, Any] | pd.Series) -> Target:
    """Resolve an occupation code/title or a listing row into a :class:`Target`."""
    recommender._check_fitted()
    space = recommender.space_
    if isinstance(target, str):
        code = recommender.resolve_occupation(target)
        pos = space.code_lookup[code]
        # In-demand first, then hot technologies, then the most widely used: the skills employers ask for.
        skills = tuple(space.occupation_skill_names(code, TARGET_SKILLS))
        target_id, title = code, space.titles_[pos]
    else:
        data = dict(target)
        raw = data.get("skills") or []
        listing = pd.DataFrame([{**data, "skills": split_skills(raw) if isinstance(raw, str) else list(raw)}])
        if "description" not in listing.columns:
            listing["description"] = ""
        if "id" not in listing.columns:
            listing["id"] = "target"
        profile = recommender.listing_profiles(listing)
        code = str(profile.soc[0])
        pos = space.code_lookup[code]
        raw = data.get("skills") or []
        skills = tuple(raw if isinstance(raw, (list, tuple)) else split_skills(raw))
        target_id, title = str(data.get("id", "target")), str(data.get("title", space.titles_[pos]))
    numeric = space.numeric_table_[pos]
    return Target(
        id=target_id,
        title=title,
        skills=skills,
        occupation_id=code,
        education_level=float(numeric[1]),
        certification_importance=float(numeric[4]),
        job_training_months=float(numeric[3]),
    )


def _gap(target: Target, seeker: Seeker) -> pd.DataFrame:
    held = {slug(s) for s in seeker.skills}
    rows = [{"kind": "skill", "item": s, "required": s, "held": slug(s) in held} for s in target.skills]
    if target.education_level is not None and not np.isnan(target.education_level):
        rows.append(
            {
                "kind": "education",
                "item": "education_level",
                "required": int(target.education_level),
                "held": seeker.education >= target.education_level,
            }
        )
    if target.job_training_months is not None and not np.isnan(target.job_training_months):
        rows.append(
            {
                "kind": "on_the_job_training",
                "item": "months after hiring (O*NET OJ, expected value)",
                "required": round(target.job_training_months, 1),
                "held": False,
            }
        )
    return pd.DataFrame(rows, columns=["kind", "item", "required", "held"])


def _apply(seeker: Seeker, course_ids: list[str], catalogue: pd.DataFrame | tuple[dict, dict]) -> Seeker:
    """The seeker after taking ``course_ids``: their skills learned, their education reached."""
    if isinstance(catalogue, pd.DataFrame):
        catalogue = (catalogue["skills"].to_dict(), catalogue["education_to"].to_dict())
    skills, education = catalogue
    out = seeker.with_skills([s for cid in course_ids for s in skills[cid]])
    levels = [int(education[cid]) for cid in course_ids if not pd.isna(education[cid])]
    return out.with_education(max(levels)) if levels else out


def expected_gains(
    model: JobRecommender,
    seeker: Seeker,
    target: str | Mapping[str, Any] | pd.Series,
    catalogue: pd.DataFrame,
    *,
    samples: int = 24,
    seed: int | None = None,
) -> tuple[pd.Series, float]:
    """Each course's expected gain in match score, and the seeker's score before any course.

    The gain of a course depends on what else the seeker has learned (a tree ranker moves in
    steps), so it is averaged over ``samples`` random orders of all the courses that teach
    something: the mean marginal gain of adding the course after a random prefix of the others
    (a Monte Carlo Shapley value). Courses that teach nothing the model reads gain 0.
    """
    teaching = [
        cid
        for cid in catalogue.index
        if len(catalogue.at[cid, "skills"]) or not pd.isna(catalogue.at[cid, "education_to"])
    ]
    gains = pd.Series(0.0, index=catalogue.index)
    base = float(model.match_scores([seeker], target)[0])
    if not teaching:
        return gains, base
    g = rng(seed)
    orders = [list(g.permutation(teaching)) for _ in range(samples)]
    variants = [seeker]
    lookup = (catalogue["skills"].to_dict(), catalogue["education_to"].to_dict())
    for order in orders:
        for i in range(1, len(order) + 1):
            variants.append(_apply(seeker, order[:i], lookup))
    scores = model.match_scores(variants, target)
    pos = 1
    for order in orders:
        previous = base
        for cid in order:
            gains[cid] += (scores[pos] - previous) / samples
            previous = scores[pos]
            pos += 1
    return gains, base


def plan_training(
    seeker: Seeker,
    target: str | Mapping[str, Any] | pd.Series,
    *,
    hours: float,
    budget: float,
    recommender: JobRecommender | None = None,
    samples: int = 24,
    seed: int | None = None,
) -> TrainingPlan:
    """The skill gap from ``seeker`` to ``target`` and a course plan within ``hours`` and ``budget`` (KRW).

    ``target`` is an O*NET occupation (code or title; the skills asked for are its
    :data:`TARGET_SKILLS` most in-demand technologies) or a listing row (``title``, ``skills``,
    optional ``description``/``occupation_id``). Courses are taken in order of expected gain in
    match score per hour (:func:`expected_gains`), a course's missing prerequisites first, while
    they fit the hours and budget left.

    Example:
        >>> seeker = Seeker("43-4051.00", ["Microsoft Excel"], education=2)
        >>> plan = plan_training(seeker, "43-6014.00", hours=60, budget=1_000_000)
        >>> plan.hours_used <= 60 and plan.cost_used <= 1_000_000
        True
    """
    if hours < 0 or budget < 0:
        raise ValueError("hours and budget must be 0 or more")
    model = recommender if recommender is not None else demo_model()
    tgt = _target(model, target)
    catalogue = course_catalogue(model.space_, tgt, seeker.skills, seeker.education).set_index(
        "course_id", drop=False
    )
    gains, base = expected_gains(model, seeker, target, catalogue, samples=samples, seed=seed)
    taken: list[str] = []
    steps: list[dict] = []
    hours_left, budget_left, clock = float(hours), float(budget), 0.0
    while True:
        best, best_ratio = None, 0.0
        for cid in catalogue.index:
            if cid in taken or gains[cid] <= MIN_GAIN:
                continue
            bundle = [p for p in catalogue.at[cid, "prerequisites"] if p not in taken] + [cid]
            h = float(catalogue.loc[bundle, "hours"].sum())
            c = float(catalogue.loc[bundle, "cost"].sum())
            ratio = float(gains[bundle].sum()) / max(h, 1e-9)
            if h <= hours_left and c <= budget_left and ratio > best_ratio:
                best, best_ratio = (bundle, h, c), ratio
        if best is None:
            break
        bundle, h, c = best
        for step_id in bundle:
            row = catalogue.loc[step_id]
            steps.append(
                {
                    **{k: row[k] for k in COURSE_COLUMNS},
                    "gain": float(gains[step_id]),
                    "gain_per_hour": best_ratio,
                    "start_hour": clock,
                    "end_hour": clock + float(row["hours"]),
                }
            )
            clock += float(row["hours"])
            taken.append(step_id)
        hours_left -= h
        budget_left -= c
    courses = pd.DataFrame(
        steps, columns=[*COURSE_COLUMNS, "gain", "gain_per_hour", "start_hour", "end_hour"]
    )
    after = [_apply(seeker, taken[: i + 1], catalogue) for i in range(len(taken))]
    courses["score_after"] = model.match_scores(after, target) if after else []
    courses.insert(0, "order", np.arange(1, len(courses) + 1))
    skipped = catalogue[~catalogue.index.isin(taken)].reset_index(drop=True)
    skipped["gain"] = [float(gains[c]) for c in skipped["course_id"]]
    skipped["reason"] = [
        _why_skipped(row, gains, hours_left, budget_left, catalogue, taken) for _, row in skipped.iterrows()
    ]
    return TrainingPlan(
        target=tgt,
        gap=_gap(tgt, seeker),
        courses=courses,
        skipped=skipped,
        score_before=base,
        score_after=float(courses["score_after"].iloc[-1]) if len(courses) else base,
        hours=float(hours),
        budget=float(budget),
    )


def _why_skipped(
    row: pd.Series,
    gains: pd.Series,
    hours_left: float,
    budget_left: float,
    catalogue: pd.DataFrame,
    taken: list[str],
) -> str:
    """Why a course is not in the plan: no_gain, over_time, over_budget or not_needed."""
    if row["kind"] != "foundation" and gains[row["course_id"]] <= MIN_GAIN:
        return "no_gain"
    bundle = [p for p in row["prerequisites"] if p not in taken] + [row["course_id"]]
    if float(catalogue.loc[bundle, "hours"].sum()) > hours_left:
        return "over_time"
    if float(catalogue.loc[bundle, "cost"].sum()) > budget_left:
        return "over_budget"
    return "not_needed"  # a foundation whose tool courses were not taken
