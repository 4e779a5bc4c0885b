"""Welfare population scoring for ``civic score welfare``: one Parquet row per household, scored by partition.

The population schema (:data:`SCHEMA`) is flat on purpose: one row per household with its members in
fixed member slots ``_1`` .. ``_8`` (slot 1 is the household head; an empty slot has a missing age).
Flat numeric columns read straight into numpy arrays, where a list column would first become one
Python object per household; a household of more than :data:`MAX_MEMBERS` people lists its first
eight (the rules then see only those). Every column is required (a file that lacks one is refused
with its name and the column); booleans are ``false`` when not known.

:func:`score` runs the batch path of :mod:`sectors.welfare.batch` on one partition (eligibility of
every household for every service, the ranker over the eligible pairs, top ``k`` per household, and
blind spots counted with simulated receipt, :mod:`sectors.welfare.takeup`) and returns four tables:

- ``top``: household_id (int64), rank (int8), service_id (categorical: the catalogue's ids), score (float32);
- ``blind_spots``: counts per group (province, age_group, household_type) and value, to be summed
  over partitions (see :class:`~sectors.welfare.blindspots.BlindSpotCounter`);
- ``services``: per service, eligible and receiving households (summed over partitions);
- ``summary``: households, eligible and needs-review pairs of the partition.

Example:
    >>> frame = synthetic(0, 300, seed=1)
    >>> list(frame.columns[:3]), len(frame)
    (['household_id', 'region', 'income'], 300)
    >>> tables = score(load_model(None), frame, k=3)
    >>> sorted(tables), int(tables["top"]["rank"].max()) <= 3
    (['blind_spots', 'services', 'summary', 'top'], True)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sectors.welfare.batch import match_population
from sectors.welfare.eligibility import CHILD_RELATIONS
from sectors.welfare.matcher import WelfareMatcher
from sectors.welfare.population import Population, age_group_label, generate_population, household_type_label
from shared.errors import DataError
from shared.scale import population as scale
from shared.seeding import resolve_seed

#: The rules' year (the standard median income and selection amounts of 2025).
YEAR = 2025
#: Member slots per household row.
MAX_MEMBERS = 8
#: Household columns: name -> "type: meaning".
HOUSEHOLD_COLUMNS: dict[str, str] = {
    "household_id": "int64: the household's id (unique in the file)",
    "region": "string: 시도 and 시군구, e.g. '서울특별시 관악구' (the first word is the province)",
    "income": "float64: monthly 소득인정액 in KRW (>= 0)",
    "married": "bool: the head lives with a spouse",
    "single_parent": "bool: 한부모 가구",
    "grandparent_family": "bool: 조손 가구",
    "multicultural": "bool: 다문화 가구",
    "newlywed": "bool: 신혼부부",
    "rcp_livelihood": "bool: registered for 생계급여",
    "rcp_medical": "bool: registered for 의료급여",
    "rcp_housing": "bool: registered for 주거급여",
    "rcp_education": "bool: registered for 교육급여",
    "rcp_near_poor": "bool: registered as 차상위",
}
#: Member columns, one of each per slot ``_1`` .. ``_8``: name -> "type: meaning".
MEMBER_COLUMNS: dict[str, str] = {
    "age": "float64: age in years (missing: no member in this slot)",
    "disability": "int8: registered disability, 0 none, 1 mild, 2 severe",
    "employed": "bool: in work",
    "pregnant": "bool: pregnant",
    "child": "bool: a child or grandchild of the head",
}
#: The whole population schema: every column a welfare population file must have.
SCHEMA: dict[str, str] = {
    **HOUSEHOLD_COLUMNS,
    **{f"{name}_{slot}": kind for slot in range(1, MAX_MEMBERS + 1) for name, kind in MEMBER_COLUMNS.items()},
}
#: Schema column -> the recipient status the rules read (``rcp_생계`` ...).
RECIPIENTS = {
    "rcp_livelihood": "생계",
    "rcp_medical": "의료",
    "rcp_housing": "주거",
    "rcp_education": "교육",
    "rcp_near_poor": "차상위",
}
_FLAGS = ("married", "single_parent", "grandparent_family", "multicultural", "newlywed")


def from_population(pop: Population, ids: np.ndarray | None = None) -> pd.DataFrame:
    """A :class:`~sectors.welfare.population.Population` as schema rows (``ids``: household ids, default 0..n-1)."""
    h, m = pop.households, pop.members
    n = len(h)
    hh = m["household"].to_numpy()
    starts = np.searchsorted(hh, np.arange(n))
    slot = np.arange(len(m)) - starts[hh]
    listed = slot < MAX_MEMBERS
    hh, slot = hh[listed], slot[listed]
    out: dict[str, Any] = {
        "household_id": np.arange(n, dtype=np.int64) if ids is None else np.asarray(ids, dtype=np.int64),
        "region": h["region"].astype(str).to_numpy(dtype=object),
        "income": h["income"].to_numpy(dtype=np.float64),
    }
    for flag in _FLAGS:
        out[flag] = h[flag].to_numpy(dtype=bool)
    for column, status in RECIPIENTS.items():
        out[column] = h[f"rcp_{status}"].to_numpy(dtype=bool)
    values = {
        "age": (m["age"].to_numpy(dtype=np.float64)[listed], np.nan, np.float64),
        "disability": (m["disability_level"].to_numpy()[listed], 0, np.int8),
        "employed": (m["employed"].to_numpy(dtype=bool)[listed], False, bool),
        "pregnant": (m["pregnant"].to_numpy(dtype=bool)[listed], False, bool),
        "child": (np.isin(m["role"].to_numpy(dtype=object)[listed], CHILD_RELATIONS), False, bool),
    }
    grids = {}
    for name, (data, empty, dtype) in values.items():
        grid = np.full((n, MAX_MEMBERS), empty, dtype=dtype)
        grid[hh, slot] = data
        grids[name] = grid
    for s in range(MAX_MEMBERS):
        for name in MEMBER_COLUMNS:
            out[f"{name}_{s + 1}"] = grids[name][:, s]
    return pd.DataFrame(out)


def _grid(frame: pd.DataFrame, name: str, dtype: Any) -> np.ndarray:
    missing = np.nan if dtype is float else 0
    return np.column_stack(
        [frame[f"{name}_{s}"].to_numpy(dtype=dtype, na_value=missing) for s in range(1, MAX_MEMBERS + 1)]
    )


def to_population(frame: pd.DataFrame, year: int = YEAR) -> Population:
    """Schema rows as the :class:`Population` the batch path scores (households renumbered 0..n-1).

    Raises DataError naming the column when a value is out of range (negative income, an age
    outside 0-130, a household without a head in slot 1, a disability code other than 0, 1, 2).
    """
    n = len(frame)
    age = _grid(frame, "age", float)
    if (age[:, 0] != age[:, 0]).any():
        raise DataError(
            "a household without a member in slot 1 (the head)", column="age_1", expected="an age"
        )
    listed = ~np.isnan(age)
    if ((age < 0) | (age >= 130))[listed].any():
        raise DataError("an age outside 0-130", column="age_*", expected="years, 0 <= age < 130")
    income = frame["income"].to_numpy(dtype=np.float64, na_value=np.nan)
    if (income < 0).any():
        raise DataError("a negative income", column="income", expected="monthly KRW, >= 0")
    disability = _grid(frame, "disability", np.int8)
    if ((disability < 0) | (disability > 2))[listed].any():
        raise DataError("a disability code other than 0, 1, 2", column="disability_*", expected="0, 1 or 2")
    hh, slot = np.nonzero(listed)  # row-major: sorted by household, head first
    child = _grid(frame, "child", bool)[hh, slot]
    members = pd.DataFrame(
        {
            "household": hh,
            "age": age[hh, slot],
            "role": np.where(child, "child", np.where(slot == 0, "head", "other")).astype(object),
            "disability_level": disability[hh, slot],
            "employed": _grid(frame, "employed", bool)[hh, slot],
            "pregnant": _grid(frame, "pregnant", bool)[hh, slot],
        }
    )
    region = frame["region"].astype(str).to_numpy(dtype=object)
    codes, distinct = pd.factorize(region)
    province = np.array([r.split(" ", 1)[0] for r in distinct], dtype=object)[codes]  # per distinct region
    households = pd.DataFrame(
        {
            "household": np.arange(n),
            "region": region,
            "province": province,
            "size": listed.sum(axis=1),
            "income": income,
            **{flag: frame[flag].to_numpy(dtype=bool, na_value=False) for flag in _FLAGS},
            "head_age": age[:, 0],
            "eldest_age": np.nanmax(age, axis=1),
            "n_children": ((age < 18) & listed).sum(axis=1),
            **{f"rcp_{s}": frame[c].to_numpy(dtype=bool, na_value=False) for c, s in RECIPIENTS.items()},
        }
    )
    households["household_type"] = household_type_label(households)
    households["age_group"] = age_group_label(households["eldest_age"].to_numpy())
    return Population(households, members, year)


def synthetic(start: int, rows: int, seed: int | None = None) -> pd.DataFrame:
    """``rows`` synthetic households numbered from ``start`` (seeded by ``seed`` and ``start`` alone; ages capped at 120)."""
    g = np.random.default_rng([resolve_seed(seed), int(start)])
    pop = generate_population(int(rows), seed=g, year=YEAR)
    frame = from_population(pop, ids=np.arange(start, start + rows, dtype=np.int64))
    for slot in range(1, MAX_MEMBERS + 1):
        # the generator's age tail for people living alone reaches past 130 about once in a million
        # households; the schema's ages stop at 120
        frame[f"age_{slot}"] = frame[f"age_{slot}"].clip(upper=120.0)
    return frame


def load_model(folder: str | Path | None = None) -> WelfareMatcher:
    """The stored WelfareMatcher in ``folder``, or the sector's :func:`~sectors.welfare.demo.demo_model`."""
    if folder is None:
        from sectors.welfare.demo import demo_model

        return demo_model()
    from shared.store import load

    model = load(folder)
    if not isinstance(model, WelfareMatcher):
        raise DataError(f"holds a {type(model).__name__}, not a WelfareMatcher", file=str(folder))
    return model


def score(model: WelfareMatcher, frame: pd.DataFrame, k: int = 5) -> dict[str, pd.DataFrame]:
    """The output tables of one partition of schema rows (see the module docstring)."""
    ids = frame["household_id"].to_numpy(dtype=np.int64)
    pop = to_population(frame)
    offset = int(ids[0]) if len(ids) else 0
    result = match_population(model, [pop], year=YEAR, top_k=k, chunk=max(len(pop), 1), offset=offset)
    top = result.top
    categories = pd.CategoricalDtype(model.catalogue.ids)
    table = pd.DataFrame(
        {
            "household_id": ids[top["household"].to_numpy(dtype=np.int64) - offset],
            "rank": top["rank"].to_numpy(dtype=np.int8),
            "service_id": pd.Categorical.from_codes(
                top["service"].to_numpy(dtype=np.int16), dtype=categories
            ),
            "score": top["score"].to_numpy(dtype=np.float32),
        }
    )
    blind = []
    for group in result.blind_spots.groups:
        counts = result.blind_spots.table(group).drop(columns="blind_spot_rate")
        counts.insert(0, "value", counts.index.astype(str))
        counts.insert(0, "group", group)
        blind.append(counts.reset_index(drop=True))
    names = model.catalogue.services["service"].astype(str).tolist()
    services = result.blind_spots.services(model.catalogue.ids, names).reset_index()
    services["service_id"] = services["service_id"].astype(categories)
    summary = pd.DataFrame(
        {
            "households": [result.households],
            "eligible_pairs": [result.eligible_pairs],
            "review_pairs": [result.review_pairs],
        }
    )
    return {
        "top": table,
        "blind_spots": pd.concat(blind, ignore_index=True),
        "services": services[["service_id", "eligible", "receiving"]].astype(
            {"eligible": np.int64, "receiving": np.int64}
        ),
        "summary": summary,
    }


def score_partition(index: int, **kwargs: Any) -> dict[str, pd.DataFrame]:
    """The ``civic score welfare`` task: partition ``index`` made or read, then scored (see shared.scale.population)."""
    return scale.score_partition(
        index, synthetic=synthetic, load_model=load_model, score=score, schema=SCHEMA, **kwargs
    )
