"""Eligibility rules as small, hashable predicates evaluated over whole tables at once.

A predicate reads named columns of a :class:`Facts` table (one row per household, applicant or
customer; optionally a second table of members) and returns one three-valued code per row
(:mod:`shared.rules.logic`). A missing value (NaN or None) gives UNKNOWN, never a guess.
Thresholds may name a dated parameter (:class:`Param`), looked up for the date being evaluated;
a date the parameter does not cover also gives UNKNOWN.

Predicates are frozen dataclasses, so identical rules found in many places can be evaluated once.

Example:
    >>> from shared.rules.parameters import Parameter, Version
    >>> params = ParameterSet({"median": Parameter("median", "median by size", "KRW", [
    ...     Version(dt.date(2025, 1, 1), {1: 2_392_013, 2: 3_932_658}, "notice")])})
    >>> facts = Facts.from_records([
    ...     {"income": 1_000_000, "size": 1, "members": [{"age": 70.5}]},
    ...     {"income": 3_000_000, "size": 2, "members": [{"age": 40}, {"age": 64.9}]},
    ...     {"income": None, "size": 1, "members": [{"age": 66}]}])
    >>> rule = AllOf((AtMost("income", Param("median", key_field="size", scale=0.5)),
    ...             AnyMember(AgeInRange("age", lo=65))))
    >>> [from_code(c) for c in rule.evaluate(facts, 2025, params)]
    [True, False, None]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

import numpy as np
import pandas as pd

from shared.errors import DataError
from shared.rules.logic import (
    DTYPE,
    FALSE,
    TRUE,
    UNKNOWN,
    all_of,
    any_by_group,
    any_of,
    from_code,
    group_starts,
    negate,
)
from shared.rules.parameters import ParameterError, ParameterSet

When = int | dt.date | str

__all__ = [
    "AgeInRange",
    "AllOf",
    "AnyMember",
    "AnyOf",
    "AnyTrue",
    "AtLeast",
    "AtMost",
    "Const",
    "Facts",
    "Flag",
    "InSet",
    "Not",
    "Param",
    "Predicate",
    "RegionWithin",
    "from_code",
]


@dataclass
class Facts:
    """Column arrays of equal length (``rows``), optionally with member rows grouped by ``member_row``.

    ``member_row[i]`` is the row that member ``i`` belongs to; members must be sorted by it.
    """

    rows: dict[str, np.ndarray]
    members: dict[str, np.ndarray] = field(default_factory=dict)
    member_row: np.ndarray | None = None
    n_rows: int | None = None
    _starts: np.ndarray | None = field(default=None, repr=False)
    _factorized: dict[str, tuple[np.ndarray, np.ndarray]] = field(
        default_factory=dict, repr=False, compare=False
    )
    _member_facts: Facts | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        lengths = {k: len(v) for k, v in self.rows.items()}
        if len(set(lengths.values())) > 1:
            raise DataError(f"columns have different lengths: {lengths}", expected="equal-length columns")
        if self.n_rows is None:
            self.n_rows = next(iter(lengths.values())) if lengths else 0
        elif lengths and next(iter(lengths.values())) != self.n_rows:
            raise DataError(f"n_rows={self.n_rows} but columns have {lengths}", expected="equal lengths")

    def __len__(self) -> int:
        return int(self.n_rows or 0)

    def column(self, name: str) -> np.ndarray:
        """The column ``name``; a clear error names the missing column."""
        try:
            return self.rows[name]
        except KeyError:
            raise DataError(
                "column is missing from the facts", column=name, expected=", ".join(sorted(self.rows))
            ) from None

    def factorized(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """Codes into the distinct values of column ``name`` (None/NaN: -1), computed once per column."""
        if name not in self._factorized:
            self._factorized[name] = _factorize(self.column(name))
        return self._factorized[name]

    def member_facts(self) -> Facts:
        """The members as a Facts table of their own."""
        if self.member_row is None:
            raise DataError("these facts have no member table", expected="Facts(members=..., member_row=...)")
        if self._member_facts is None:  # one table, so its factorised columns are shared by every rule
            self._member_facts = Facts(dict(self.members), n_rows=len(self.member_row))
        return self._member_facts

    def starts(self) -> np.ndarray:
        """Offset of each row's first member (members sorted by row)."""
        if self._starts is None:
            self._starts = group_starts(self.member_row, len(self))
        return self._starts

    @classmethod
    def from_records(cls, records: Sequence[Mapping[str, Any]], members_key: str = "members") -> Facts:
        """Facts from plain dicts; a list under ``members_key`` becomes member rows.

        Numbers become float columns (None -> NaN); anything else becomes an object column.
        """
        rows = _columns([{k: v for k, v in r.items() if k != members_key} for r in records])
        member_records: list[Mapping[str, Any]] = []
        owner: list[int] = []
        for i, r in enumerate(records):
            for m in r.get(members_key) or []:
                member_records.append(m)
                owner.append(i)
        if not member_records and not any(members_key in r for r in records):
            return cls(rows, n_rows=len(records))
        return cls(rows, _columns(member_records), np.asarray(owner, dtype=np.int64), n_rows=len(records))


def _columns(records: Sequence[Mapping[str, Any]]) -> dict[str, np.ndarray]:
    keys: list[str] = []
    for r in records:
        keys += [k for k in r if k not in keys]
    out: dict[str, np.ndarray] = {}
    for k in keys:
        values = [r.get(k) for r in records]
        present = [v for v in values if v is not None]
        if present and all(isinstance(v, (bool, int, float, np.number)) for v in present):
            out[k] = np.array([np.nan if v is None else float(v) for v in values], dtype=float)
        else:
            out[k] = np.array(values, dtype=object)
    return out


@runtime_checkable
class Predicate(Protocol):
    """Anything with ``evaluate(facts, when, params) -> codes``."""

    def evaluate(self, facts: Facts, when: When, params: ParameterSet) -> np.ndarray: ...


@dataclass(frozen=True)
class Param:
    """A threshold read from a dated parameter: a fixed ``key`` or each row's ``key_field``, times ``scale``.

    ``round_to``: the threshold is rounded half up to this unit, as a notice publishes it (1.0: to the won).

    Example:
        >>> from shared.rules.parameters import Parameter, Version
        >>> ps = ParameterSet({"m": Parameter("m", "m", "KRW", [Version(dt.date(2025, 1, 1), {1: 3_932_658}, "s")])})
        >>> f = Facts.from_records([{"size": 1}])
        >>> float(Param("m", key_field="size", scale=0.48, round_to=1.0).resolve(f, 2025, ps)[0])
        1887676.0
    """

    name: str
    key: Hashable = None
    key_field: str | None = None
    scale: float = 1.0
    round_to: float | None = None

    def resolve(self, facts: Facts, when: When, params: ParameterSet) -> np.ndarray | None:
        """Per-row thresholds, or None when the parameter does not cover ``when``."""
        try:
            if self.key_field is not None:
                out = params.get(self.name).values_for(when, facts.column(self.key_field)) * self.scale
            else:
                out = np.full(len(facts), params.value(self.name, when, self.key) * self.scale)
        except ParameterError:
            return None
        if self.round_to:
            out = np.floor(out / self.round_to + 0.5 + 1e-9) * self.round_to
        return out


def _as_float(values: np.ndarray) -> np.ndarray:
    if values.dtype.kind == "f":
        return values
    return np.array([np.nan if v is None else float(v) for v in values], dtype=float)


def _threshold(value: float | Param, facts: Facts, when: When, params: ParameterSet) -> np.ndarray | None:
    if isinstance(value, Param):
        return value.resolve(facts, when, params)
    return np.full(len(facts), float(value))


def _compare(x: np.ndarray, limit: np.ndarray | None, op: str) -> np.ndarray:
    n = len(x)
    if limit is None:
        return np.full(n, UNKNOWN, dtype=DTYPE)
    known = ~(np.isnan(x) | np.isnan(limit))
    with np.errstate(invalid="ignore"):
        ok = {"<=": x <= limit, "<": x < limit, ">=": x >= limit, ">": x > limit}[op]
    out = np.where(ok, TRUE, FALSE).astype(DTYPE)
    out[~known] = UNKNOWN
    return out


@dataclass(frozen=True)
class Const:
    """The same code for every row (e.g. UNKNOWN for a criterion no data can decide)."""

    code: int = int(UNKNOWN)

    def evaluate(self, facts: Facts, when: When, params: ParameterSet) -> np.ndarray:
        return np.full(len(facts), self.code, dtype=DTYPE)


@dataclass(frozen=True)
class AtMost:
    """``field <= limit`` (``strict``: ``<``); the limit is a number or a :class:`Param`."""

    field: str
    limit: float | Param
    strict: bool = False

    def evaluate(self, facts: Facts, when: When, params: ParameterSet) -> np.ndarray:
        x = _as_float(facts.column(self.field))
        return _compare(x, _threshold(self.limit, facts, when, params), "<" if self.strict else "<=")


@dataclass(frozen=True)
class AtLeast:
    """``field >= limit`` (``strict``: ``>``); the limit is a number or a :class:`Param`."""

    field: str
    limit: float | Param
    strict: bool = False

    def evaluate(self, facts: Facts, when: When, params: ParameterSet) -> np.ndarray:
        x = _as_float(facts.column(self.field))
        return _compare(x, _threshold(self.limit, facts, when, params), ">" if self.strict else ">=")


@dataclass(frozen=True)
class AgeInRange:
    """Age between ``lo`` and ``hi`` counted in completed years or months (만 나이), as statutes count it.

    ``field`` holds the age in years (fractions allowed). With ``unit="months"`` the bounds are months.
    ``lo`` is inclusive unless ``lo_strict`` ("초과"); ``hi`` is inclusive ("이하") unless ``hi_strict``
    ("미만"). "65세 이상" is ``lo=65``; "18세 미만" is ``hi=18, hi_strict=True``; "34세 이하" admits
    34.99 years.

    Example:
        >>> f = Facts.from_records([{"age": 17.99}, {"age": 18.0}, {"age": 34.99}, {"age": 35.0}])
        >>> [from_code(c) for c in AgeInRange("age", lo=18, hi=34).evaluate(f, 2025, None)]
        [False, True, True, False]
    """

    field: str
    lo: float | None = None
    hi: float | None = None
    lo_strict: bool = False
    hi_strict: bool = False
    unit: str = "years"

    def evaluate(self, facts: Facts, when: When, params: ParameterSet | None) -> np.ndarray:
        per_year = {"years": 1.0, "months": 12.0}[self.unit]
        age = _as_float(facts.column(self.field)) * per_year
        completed = np.floor(age + 1e-9)
        known = ~np.isnan(age)
        ok = np.ones(len(age), dtype=bool)
        with np.errstate(invalid="ignore"):
            if self.lo is not None:
                ok &= completed > self.lo if self.lo_strict else age >= self.lo - 1e-9
            if self.hi is not None:
                ok &= age < self.hi - 1e-9 if self.hi_strict else completed <= self.hi
        out = np.where(ok, TRUE, FALSE).astype(DTYPE)
        out[~known] = UNKNOWN
        return out


def _truthy(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(is true, is known) for a float (NaN unknown), bool or object (None unknown) column."""
    if values.dtype.kind == "b":
        return values.astype(bool), np.ones(len(values), dtype=bool)
    if values.dtype.kind in "iuf":
        v = values.astype(float)
        known = ~np.isnan(v)
        return np.where(known, v != 0, False), known
    codes, uniques = _factorize(values)
    known = codes >= 0
    truth = np.array([bool(u) for u in uniques] + [False], dtype=bool)
    return truth[codes], known


def _factorize(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Codes into the distinct values of an object column (None and NaN get -1), so a rule looks at each
    distinct value once instead of once per row."""
    codes, uniques = pd.factorize(np.asarray(values, dtype=object), use_na_sentinel=True)
    return codes, np.asarray(uniques, dtype=object)


@dataclass(frozen=True)
class Flag:
    """The boolean column ``field`` is true."""

    field: str

    def evaluate(self, facts: Facts, when: When, params: ParameterSet | None) -> np.ndarray:
        value, known = _truthy(facts.column(self.field))
        out = np.where(value, TRUE, FALSE).astype(DTYPE)
        out[~known] = UNKNOWN
        return out


@dataclass(frozen=True)
class AnyTrue:
    """At least one of the boolean columns ``fields`` is true (Kleene OR)."""

    fields: tuple[str, ...]

    def evaluate(self, facts: Facts, when: When, params: ParameterSet | None) -> np.ndarray:
        return any_of((Flag(f).evaluate(facts, when, params) for f in self.fields), size=len(facts))


@dataclass(frozen=True)
class InSet:
    """The categorical column ``field`` takes one of ``values``."""

    field: str
    values: tuple[Hashable, ...]

    def evaluate(self, facts: Facts, when: When, params: ParameterSet | None) -> np.ndarray:
        codes, uniques = facts.factorized(self.field)
        wanted = np.array(self.values, dtype=object)
        table = np.array([TRUE if (u == wanted).any() else FALSE for u in uniques] + [UNKNOWN], dtype=DTYPE)
        return table[codes]


@dataclass(frozen=True)
class RegionWithin:
    """The hierarchical region in ``field`` ("서울특별시 관악구") lies within ``region`` ("서울특별시").

    A row whose region is coarser than ``region`` (only "서울특별시" for a 관악구 rule) is UNKNOWN.

    Example:
        >>> f = Facts.from_records([{"r": "서울특별시 관악구"}, {"r": "서울특별시"}, {"r": "부산광역시"}])
        >>> [from_code(c) for c in RegionWithin("r", "서울특별시 관악구").evaluate(f, 2025, None)]
        [True, None, False]
    """

    field: str
    region: str

    def evaluate(self, facts: Facts, when: When, params: ParameterSet | None) -> np.ndarray:
        target = self.region.split()
        codes, uniques = facts.factorized(self.field)
        return np.array([_region_code(u, target) for u in uniques] + [UNKNOWN], dtype=DTYPE)[codes]


def _region_code(value: Any, target: list[str]) -> np.int8:
    if value is None or not isinstance(value, str) or not value.strip():
        return UNKNOWN
    parts = value.split()
    common = min(len(parts), len(target))
    if parts[:common] != target[:common]:
        return FALSE
    return TRUE if len(parts) >= len(target) else UNKNOWN


@dataclass(frozen=True)
class AllOf:
    """Every predicate holds (Kleene AND; TRUE for an empty tuple)."""

    parts: tuple[Any, ...]

    def evaluate(self, facts: Facts, when: When, params: ParameterSet | None) -> np.ndarray:
        return all_of((p.evaluate(facts, when, params) for p in self.parts), size=len(facts))


@dataclass(frozen=True)
class AnyOf:
    """At least one predicate holds (Kleene OR; FALSE for an empty tuple)."""

    parts: tuple[Any, ...]

    def evaluate(self, facts: Facts, when: When, params: ParameterSet | None) -> np.ndarray:
        return any_of((p.evaluate(facts, when, params) for p in self.parts), size=len(facts))


@dataclass(frozen=True)
class Not:
    """The predicate does not hold (UNKNOWN stays UNKNOWN)."""

    part: Any

    def evaluate(self, facts: Facts, when: When, params: ParameterSet | None) -> np.ndarray:
        return negate(self.part.evaluate(facts, when, params))


@dataclass(frozen=True)
class AnyMember:
    """Some member of the row satisfies ``part`` (evaluated on the member table; no members: FALSE)."""

    part: Any

    def evaluate(self, facts: Facts, when: When, params: ParameterSet | None) -> np.ndarray:
        codes = self.part.evaluate(facts.member_facts(), when, params)
        return any_by_group(codes, facts.starts(), len(facts))
