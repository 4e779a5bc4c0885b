"""A job seeker's profile and preferences, and the hard rules that filter listings before ranking."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

import pandas as pd

from sectors.employment.taxonomy import EDUCATION_LEVELS, slug


@dataclass(frozen=True)
class Preferences:
    """What the seeker will accept: hard filters applied before ranking.

    ``regions``: acceptable regions (empty = anywhere); ``min_salary``: annual KRW;
    ``max_zone_step``: how many job zones above the current occupation's a listing may be
    (None = no limit).
    """

    regions: tuple[str, ...] = ()
    min_salary: float | None = None
    max_zone_step: int | None = None


@dataclass(frozen=True)
class Seeker:
    """A job seeker: current occupation (O*NET-SOC code or title), skills, education, region.

    ``education`` is an O*NET Required Level of Education category (1-12, see
    :data:`~sectors.employment.taxonomy.EDUCATION_LEVELS`). ``about`` is optional free text
    (experience, interests) added to the seeker's text profile. ``id`` names the seeker in a
    ranked list (``entity_id``; empty: ``seeker1``, ``seeker2``... by position).

    Example:
        >>> s = Seeker("43-4051.00", ["Microsoft Excel"], education=2, region="부산")
        >>> s.with_skills(["SAP software"]).skills
        ('Microsoft Excel', 'SAP software')
    """

    occupation: str | None
    skills: tuple[str, ...] = ()
    education: int = 2
    region: str | None = None
    preferences: Preferences = field(default_factory=Preferences)
    about: str = ""
    id: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "skills", tuple(dict.fromkeys(s.strip() for s in self.skills if s.strip())))
        if int(self.education) not in EDUCATION_LEVELS:
            raise ValueError(f"education must be an O*NET RL category 1-12, got {self.education!r}")

    def with_skills(self, extra: Iterable[str]) -> Seeker:
        """The same seeker after learning ``extra`` skills."""
        return replace(self, skills=tuple(self.skills) + tuple(extra))

    def with_education(self, level: int) -> Seeker:
        """The same seeker with education ``level`` (never lowered)."""
        return replace(self, education=max(int(self.education), int(level)))

    def holds(self, skill: str) -> bool:
        """True when the seeker lists ``skill`` (case and punctuation ignored)."""
        return slug(skill) in {slug(s) for s in self.skills}


def apply_preferences(listings: pd.DataFrame, seeker: Seeker, current_zone: float | None) -> pd.Series:
    """A boolean mask of the listings the seeker's preferences allow (rules before ranking)."""
    keep = pd.Series(True, index=listings.index)
    prefs = seeker.preferences
    if prefs.regions:
        keep &= listings["region"].isin(prefs.regions)
    if prefs.min_salary is not None:
        keep &= listings["salary"] >= float(prefs.min_salary)
    if prefs.max_zone_step is not None and current_zone is not None and "job_zone" in listings.columns:
        zone = pd.to_numeric(listings["job_zone"], errors="coerce")
        keep &= zone.isna() | (zone <= current_zone + prefs.max_zone_step)
    return keep
