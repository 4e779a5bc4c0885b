"""Job listings: the documented CSV format agencies bring, and a seeded generator built from O*NET.

A listings CSV (UTF-8, header row) has the columns

==============  ===========================================================================
``id``          unique listing id (text)
``title``       job title
``description`` free text
``skills``      the skills asked for, separated by ``;`` (O*NET technology-skill names match best)
``region``      where the job is (for the demo: 서울, 경기, 부산, ...; any text is accepted)
``salary``      annual salary in KRW (a number, 0 or more)
``posted``      date posted, ISO 8601 (``2025-06-01``)
==============  ===========================================================================

and optionally ``occupation_id`` (an O*NET-SOC code, else inferred from the text) and
``job_zone`` (1-5). :func:`load_listings` checks all of it and names the file, column and row
of anything wrong.

:func:`generate_listings` draws realistic listings from O*NET occupations: the title, a shortened
description, 4-10 of the occupation's technology skills (hot technologies more often), a Korean
region weighted by population, and a salary from a wage band per job zone (see
:data:`WAGE_BANDS`, an assumption, not O*NET data: O*NET has no wages and no Korean data).
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import numpy as np
import pandas as pd

from sectors.employment.taxonomy import Taxonomy
from shared.data import read_table
from shared.errors import DataError
from shared.seeding import rng

LISTING_SCHEMA = {
    "id": "text",
    "title": "text",
    "description": "text",
    "skills": "text",
    "region": "text",
    "salary": "number",
    "posted": "datetime",
}
SKILL_SEPARATOR = ";"

#: The 17 first-level regions (short names used on Korean job boards), with English names and
#: approximate shares of the resident population (KOSIS resident registration, 2024, rounded):
#: used only to weight the synthetic generator.
REGIONS: dict[str, tuple[str, float]] = {
    "서울": ("Seoul", 0.182),
    "부산": ("Busan", 0.064),
    "대구": ("Daegu", 0.046),
    "인천": ("Incheon", 0.059),
    "광주": ("Gwangju", 0.027),
    "대전": ("Daejeon", 0.028),
    "울산": ("Ulsan", 0.021),
    "세종": ("Sejong", 0.008),
    "경기": ("Gyeonggi", 0.265),
    "강원": ("Gangwon", 0.029),
    "충북": ("Chungbuk", 0.031),
    "충남": ("Chungnam", 0.041),
    "전북": ("Jeonbuk", 0.034),
    "전남": ("Jeonnam", 0.035),
    "경북": ("Gyeongbuk", 0.049),
    "경남": ("Gyeongnam", 0.063),
    "제주": ("Jeju", 0.013),
}

#: Annual salary bands in KRW per O*NET job zone: our assumption for the demo. The floor of zone 1
#: is the 2025 statutory minimum wage (10,030 KRW an hour x 209 hours x 12 months, about 25.2M KRW);
#: the upper zones widen towards professional pay. Replace with real wage data where you have it.
WAGE_BANDS: dict[int, tuple[float, float]] = {
    1: (25_200_000, 30_000_000),
    2: (27_000_000, 36_000_000),
    3: (32_000_000, 46_000_000),
    4: (40_000_000, 62_000_000),
    5: (55_000_000, 90_000_000),
}
#: Salary multiplier by region (capital area pays more): an assumption for the demo.
REGION_PAY = {"서울": 1.10, "경기": 1.04, "세종": 1.02, "울산": 1.05}


def split_skills(text: object) -> list[str]:
    """The skills of a ``skills`` cell, trimmed, empty ones dropped.

    Example:
        >>> split_skills("Microsoft Excel; SAP software;;")
        ['Microsoft Excel', 'SAP software']
    """
    if text is None or (isinstance(text, float) and np.isnan(text)) or text is pd.NA:
        return []
    return [s.strip() for s in str(text).split(SKILL_SEPARATOR) if s.strip()]


def load_listings(path: str | Path) -> pd.DataFrame:
    """Read and check a listings CSV (see the module docstring); ``skills`` becomes a list per row.

    Raises :class:`DataError` naming the file, column and row of a missing column, a duplicate
    or empty id, an empty title, a negative or non-numeric salary or a date that does not parse.
    """
    path = Path(path)
    frame = read_table(path, LISTING_SCHEMA, dtype=str, keep_default_na=False, na_values=[""])
    return check_listings(frame, file=path)


def check_listings(frame: pd.DataFrame, *, file: str | Path = "listings") -> pd.DataFrame:
    """Validate a listings table already in memory and normalise its types."""
    for column in LISTING_SCHEMA:
        if column not in frame.columns:
            raise DataError("column is missing", file=file, column=column, expected=", ".join(LISTING_SCHEMA))
    frame = frame.copy()
    ids = frame["id"].astype("string")
    empty = ids.isna() | (ids.str.strip() == "")
    if empty.any():
        row = int(np.flatnonzero(empty.to_numpy())[0]) + 1
        raise DataError(f"row {row} has no id", file=file, column="id", expected="a unique id per listing")
    dup = ids.duplicated()
    if dup.any():
        row = int(np.flatnonzero(dup.to_numpy())[0]) + 1
        raise DataError(
            f"id {ids.iloc[row - 1]!r} in row {row} is used twice",
            file=file,
            column="id",
            expected="unique ids",
        )
    titles = frame["title"].astype("string")
    bad_title = titles.isna() | (titles.str.strip() == "")
    if bad_title.any():
        row = int(np.flatnonzero(bad_title.to_numpy())[0]) + 1
        raise DataError(f"row {row} has an empty title", file=file, column="title", expected="a job title")
    salary = pd.to_numeric(frame["salary"], errors="coerce")
    bad_salary = salary.isna() | (salary < 0)
    if bad_salary.any():
        row = int(np.flatnonzero(bad_salary.to_numpy())[0]) + 1
        raise DataError(
            f"salary {frame['salary'].iloc[row - 1]!r} in row {row} is not a number of 0 or more",
            file=file,
            column="salary",
            expected="annual salary in KRW",
        )
    posted = pd.to_datetime(frame["posted"], errors="coerce")
    if posted.isna().any():
        row = int(np.flatnonzero(posted.isna().to_numpy())[0]) + 1
        raise DataError(
            f"value {frame['posted'].iloc[row - 1]!r} in row {row} is not a date",
            file=file,
            column="posted",
            expected="ISO 8601, e.g. 2025-06-01",
        )
    if "job_zone" in frame.columns:
        zone = pd.to_numeric(frame["job_zone"], errors="coerce")
        bad_zone = zone.notna() & ~zone.isin([1, 2, 3, 4, 5])
        if bad_zone.any():
            row = int(np.flatnonzero(bad_zone.to_numpy())[0]) + 1
            raise DataError(
                f"job zone in row {row} is not 1-5", file=file, column="job_zone", expected="1, 2, 3, 4 or 5"
            )
        frame["job_zone"] = zone
    frame["id"] = ids.astype(str)
    frame["title"] = titles.astype(str)
    frame["description"] = frame["description"].astype("string").fillna("").astype(str)
    frame["region"] = frame["region"].astype("string").fillna("").astype(str)
    frame["salary"] = salary.astype(float)
    frame["posted"] = posted
    frame["skills"] = [
        list(s) if isinstance(s, (list, tuple)) else split_skills(s) for s in frame["skills"].tolist()
    ]
    if "occupation_id" in frame.columns:
        frame["occupation_id"] = frame["occupation_id"].astype("string").fillna("").astype(str)
    return frame.reset_index(drop=True)


def _short_description(text: str, sentences: int = 2) -> str:
    parts = [p.strip() for p in str(text).split(". ") if p.strip()]
    short = ". ".join(parts[:sentences])
    return short if short.endswith(".") else short + "."


def generate_listings(
    taxonomy: Taxonomy,
    n: int = 200,
    *,
    occupations: list[str] | None = None,
    as_of: str | _dt.date = "2025-06-30",
    seed: int | None = None,
) -> pd.DataFrame:
    """``n`` synthetic listings drawn from O*NET occupations (those with technology skills).

    Each listing keeps its ``occupation_id`` and ``job_zone`` so results can be checked.
    The same seed always gives the same listings.

    Example:
        >>> from sectors.employment.taxonomy import BUNDLED, load_taxonomy
        >>> listings = generate_listings(load_taxonomy(BUNDLED), 5, seed=1)
        >>> listings.columns.tolist()[:7]
        ['id', 'title', 'description', 'skills', 'region', 'salary', 'posted']
        >>> bool((listings["salary"] >= WAGE_BANDS[1][0]).all())
        True
    """
    g = rng(seed)
    occ = taxonomy.occupations
    by_occ = {code: rows for code, rows in taxonomy.occupation_skills.groupby("occupation_id")}
    pool = [
        c for c in (occupations or list(occ.index)) if c in by_occ and not pd.isna(occ.loc[c, "job_zone"])
    ]
    if not pool:
        raise DataError(
            "no occupation with technology skills and a job zone to draw from", column="occupation_id"
        )
    names = taxonomy.skills["name"]
    regions = list(REGIONS)
    weights = np.array([REGIONS[r][1] for r in regions])
    weights = weights / weights.sum()
    end = pd.Timestamp(as_of)
    rows = []
    for i in range(n):
        code = pool[int(g.integers(len(pool)))]
        skill_rows = by_occ[code]
        w = 1.0 + skill_rows["hot"].to_numpy(float) + 0.5 * skill_rows["in_demand"].to_numpy(float)
        k = int(min(len(skill_rows), g.integers(4, 11)))
        chosen = g.choice(len(skill_rows), size=k, replace=False, p=w / w.sum())
        skills = [names[sid] for sid in skill_rows["skill_id"].to_numpy()[np.sort(chosen)]]
        zone = int(occ.loc[code, "job_zone"])
        region = regions[int(g.choice(len(regions), p=weights))]
        low, high = WAGE_BANDS[zone]
        salary = g.uniform(low, high) * REGION_PAY.get(region, 1.0)
        rows.append(
            {
                "id": f"L{i + 1:05d}",
                "title": str(occ.loc[code, "title"]),
                "description": _short_description(occ.loc[code, "description"]),
                "skills": skills,
                "region": region,
                "salary": float(round(salary, -5)),
                "posted": end - pd.Timedelta(days=int(g.integers(0, 60))),
                "occupation_id": code,
                "job_zone": float(zone),
            }
        )
    return pd.DataFrame(rows)


def listings_to_csv(listings: pd.DataFrame, path: str | Path) -> Path:
    """Write listings in the documented CSV format (skills joined with ``;``)."""
    path = Path(path)
    out = listings.copy()
    out["skills"] = [SKILL_SEPARATOR.join(s) for s in out["skills"]]
    out["posted"] = pd.to_datetime(out["posted"]).dt.strftime("%Y-%m-%d")
    out.to_csv(path, index=False, encoding="utf-8")
    return path
