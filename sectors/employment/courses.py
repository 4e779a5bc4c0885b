"""Courses that close a skill gap, derived from O*NET technology skills and education categories.

O*NET lists what an occupation needs; it does not sell courses. The catalogue here is derived,
and every number that is not O*NET data is an assumption written down below:

* **Tool course**, one per missing technology skill. Length from how demanding the occupations
  that use the tool are: the mean O*NET job zone of those occupations picks
  :data:`TOOL_HOURS` (8 h for zone 1 up to 40 h for zone 5). Cost: :data:`TOOL_RATE` KRW an hour.
* **Foundation course**, one per UNSPSC commodity (for example "Spreadsheet software") in which
  the seeker holds no skill at all: 12 h at :data:`FOUNDATION_RATE`; it is the prerequisite of
  every tool course in that commodity.
* **Education programme** when the target's O*NET Required Level of Education (the level at
  least half of incumbents report) is above the seeker's: :data:`STUDY_YEARS` full-time years
  between the two levels x :data:`HOURS_PER_STUDY_YEAR`, at :data:`TUITION_PER_YEAR` a year.
* **Certification preparation** when O*NET rates job-related professional certification
  important for the target (importance 3 or more on its 1-5 scale): :data:`CERTIFICATION_HOURS`
  hours, :data:`CERTIFICATION_COST` KRW, prerequisite: the target's tool courses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sectors.employment.features import OccupationSpace
from sectors.employment.taxonomy import EDUCATION_LEVELS, slug

#: Hours of a tool course by the mean job zone of the occupations that use the tool (assumption).
TOOL_HOURS = {1: 8, 2: 16, 3: 24, 4: 32, 5: 40}
#: KRW per course hour (assumption, about the fee of a private short IT course in Korea in 2025).
TOOL_RATE = 15_000
FOUNDATION_HOURS = 12
FOUNDATION_RATE = 10_000
#: Full-time study years after high school that each O*NET RL category stands for (assumption).
STUDY_YEARS = {
    1: 0.0,
    2: 0.0,
    3: 0.5,
    4: 1.0,
    5: 2.0,
    6: 4.0,
    7: 5.0,
    8: 6.0,
    9: 7.0,
    10: 7.0,
    11: 9.0,
    12: 10.0,
}
#: Study hours in a full-time year (assumption: 30 weeks x 30 hours).
HOURS_PER_STUDY_YEAR = 900
#: Tuition a year in KRW (assumption, rounded from the average four-year university tuition in Korea).
TUITION_PER_YEAR = 7_000_000
CERTIFICATION_HOURS = 60
CERTIFICATION_COST = 400_000
#: O*NET importance (1-5) from which certification counts as needed.
CERTIFICATION_THRESHOLD = 3.0


@dataclass(frozen=True)
class Target:
    """What a plan aims at: a title, the skills asked for, and the occupation data behind it."""

    id: str
    title: str
    skills: tuple[str, ...]
    occupation_id: str
    education_level: float | None
    certification_importance: float | None
    job_training_months: float | None


def skill_job_zones(space: OccupationSpace) -> np.ndarray:
    """The mean job zone of the occupations that list each skill (NaN where unknown)."""
    zones = space.numeric_table_[:, 0]
    known = ~np.isnan(zones)
    weights = space.occ_skills[known].T
    totals = np.asarray(weights.sum(axis=1)).ravel()
    sums = weights @ zones[known]
    return np.divide(sums, totals, out=np.full(len(totals), np.nan), where=totals > 0)


def tool_hours(mean_zone: float) -> int:
    """Course hours for a tool used by occupations of mean job zone ``mean_zone``.

    Example:
        >>> tool_hours(3.4), tool_hours(float("nan"))
        (24, 24)
    """
    zone = 3 if np.isnan(mean_zone) else int(np.clip(round(mean_zone), 1, 5))
    return TOOL_HOURS[zone]


def education_programme(current: int, target: float) -> tuple[int, int] | None:
    """Hours and cost of the study from level ``current`` to ``target`` (None when no study is needed).

    Example:
        >>> education_programme(2, 6)
        (3600, 28000000)
    """
    if np.isnan(target) or target <= current:
        return None
    years = STUDY_YEARS[int(target)] - STUDY_YEARS[int(current)]
    if years <= 0:
        return None
    return int(round(years * HOURS_PER_STUDY_YEAR)), int(round(years * TUITION_PER_YEAR))


def course_catalogue(
    space: OccupationSpace, target: Target, held_skills: Sequence[str], education: int
) -> pd.DataFrame:
    """The courses that would close the gap between a seeker and ``target``.

    Columns: course_id, kind (tool, foundation, education, certification), title_ko, title_en,
    skills (taught), education_to, hours, cost, prerequisites (course ids), source.
    """
    held = {slug(s) for s in held_skills}
    zones = skill_job_zones(space)
    held_commodities = {
        space.skill_commodity_[space.skill_lookup[sid]]
        for sid in ("tech:" + h for h in held)
        if sid in space.skill_lookup
    }
    commodity_title = dict(zip(space.commodity_ids_, space.commodity_titles_, strict=True))
    rows: list[dict] = []
    foundations: dict[str, str] = {}
    for name in target.skills:
        if slug(name) in held:
            continue
        pos = space.skill_lookup.get("tech:" + slug(name))
        commodity = space.skill_commodity_[pos] if pos is not None else None
        prereq: list[str] = []
        if commodity is not None and commodity not in held_commodities:
            if commodity not in foundations:
                cid = f"foundation:{commodity.removeprefix('unspsc:')}"
                foundations[commodity] = cid
                title = commodity_title[commodity]
                rows.append(
                    dict(
                        course_id=cid,
                        kind="foundation",
                        title_ko=f"{title} 기초",
                        title_en=f"{title}: foundations",
                        skills=[],
                        education_to=None,
                        hours=FOUNDATION_HOURS,
                        cost=FOUNDATION_HOURS * FOUNDATION_RATE,
                        prerequisites=[],
                        source=f"O*NET technology skills, UNSPSC {commodity.removeprefix('unspsc:')}",
                    )
                )
            prereq = [foundations[commodity]]
        hours = tool_hours(zones[pos] if pos is not None else float("nan"))
        rows.append(
            dict(
                course_id=f"tool:{slug(name)}",
                kind="tool",
                title_ko=f"{name} 실무",
                title_en=f"{name} in practice",
                skills=[name],
                education_to=None,
                hours=hours,
                cost=hours * TOOL_RATE,
                prerequisites=prereq,
                source="O*NET technology skill"
                + (f", UNSPSC {commodity.removeprefix('unspsc:')}" if commodity else ""),
            )
        )
    level = target.education_level
    study = education_programme(education, level if level is not None else float("nan"))
    if study is not None:
        ko, en = EDUCATION_LEVELS[int(level)]
        rows.append(
            dict(
                course_id=f"education:{int(level)}",
                kind="education",
                title_ko=f"{ko} 과정",
                title_en=f"{en} programme",
                skills=[],
                education_to=int(level),
                hours=study[0],
                cost=study[1],
                prerequisites=[],
                source="O*NET Required Level of Education (RL), median category",
            )
        )
    importance = target.certification_importance
    if importance is not None and not np.isnan(importance) and importance >= CERTIFICATION_THRESHOLD:
        tools = [r["course_id"] for r in rows if r["kind"] == "tool"]
        rows.append(
            dict(
                course_id=f"certification:{target.occupation_id}",
                kind="certification",
                title_ko=f"{target.title} 자격 준비",
                title_en=f"{target.title}: certification preparation",
                skills=[],
                education_to=None,
                hours=CERTIFICATION_HOURS,
                cost=CERTIFICATION_COST,
                prerequisites=tools,
                source=f"O*NET job-related professional certification, importance {importance:.1f}/5",
            )
        )
    columns = [
        "course_id",
        "kind",
        "title_ko",
        "title_en",
        "skills",
        "education_to",
        "hours",
        "cost",
        "prerequisites",
        "source",
    ]
    return pd.DataFrame(rows, columns=columns)
