"""Dated parameters: amounts and rates that rules read, each valid from a date, with its source.

Laws and notices change thresholds every year (the standard median income, selection amounts,
benefit rates). A rule never hard-codes such a number: it names a parameter and asks for its value
on the date (or in the year) being evaluated. Asking for a date no version covers is an error,
never a silent fall-back to another year.

Example:
    >>> p = Parameter("demo.limit", "a demo limit", "KRW", [
    ...     Version(dt.date(2024, 1, 1), {"single": 100.0}, "notice A"),
    ...     Version(dt.date(2025, 1, 1), {"single": 110.0}, "notice B")])
    >>> p.value(2024, "single"), p.value(dt.date(2025, 6, 1), "single")
    (100.0, 110.0)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

from shared.errors import CivicError


class ParameterError(CivicError, KeyError):
    """A parameter, a version for the requested date, or a key within it does not exist."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


def as_date(when: int | dt.date | str) -> dt.date:
    """A date from a year (1 January of it), a date, or an ISO string.

    Example:
        >>> as_date(2025), as_date("2024-07-01")
        (datetime.date(2025, 1, 1), datetime.date(2024, 7, 1))
    """
    if isinstance(when, dt.datetime):
        return when.date()
    if isinstance(when, dt.date):
        return when
    if isinstance(when, (int, np.integer)):
        return dt.date(int(when), 1, 1)
    if isinstance(when, str):
        return dt.date.fromisoformat(when)
    raise TypeError(f"expected a year, a date or an ISO date string, got {when!r}")


@dataclass(frozen=True)
class Version:
    """The values of a parameter from ``start`` until the next version starts (or until ``end``).

    Annual amounts set ``end`` to the last day of their year, so that a later year without a
    published amount is an error rather than last year's figure.
    """

    start: dt.date
    values: Mapping[Hashable, float]
    source: str
    end: dt.date | None = None
    #: False when the parameter's extension rule needs a row this version lacks (keys past the table: missing).
    extendable: bool = True


@dataclass
class Parameter:
    """A named, dated parameter whose values are keyed (by household size, household type, ...).

    ``extend`` says how integer keys beyond the table extend: ``"last_difference"`` adds the
    difference between the two largest keys for each further step (the rule the Korean standard
    median income uses for households of 8 or more).
    """

    name: str
    description: str
    unit: str
    versions: list[Version]
    extend: str | None = None

    def __post_init__(self) -> None:
        self.versions = sorted(self.versions, key=lambda v: v.start)
        if self.extend not in (None, "last_difference"):
            raise ValueError(f"unknown extension rule {self.extend!r}")

    def version(self, when: int | dt.date | str) -> Version:
        """The version in force on ``when``."""
        day = as_date(when)
        current = None
        for v in self.versions:
            if v.start <= day:
                current = v
        if current is None:
            first = self.versions[0].start if self.versions else None
            raise ParameterError(f"{self.name}: no value before {first} (asked for {day})")
        if current.end is not None and day > current.end:
            raise ParameterError(
                f"{self.name}: no value published for {day} (the last runs to {current.end})"
            )
        return current

    def years(self) -> list[int]:
        """The years in which a version starts."""
        return [v.start.year for v in self.versions]

    def value(self, when: int | dt.date | str, key: Hashable = None) -> float:
        """The value for ``key`` on ``when``."""
        return self._lookup(self.version(when), key, when)

    def _lookup(self, version: Version, key: Hashable, when: int | dt.date | str) -> float:
        values = version.values
        if key in values:
            return float(values[key])
        if self.extend == "last_difference" and version.extendable and isinstance(key, (int, np.integer)):
            ints = sorted(k for k in values if isinstance(k, int))
            if len(ints) >= 2 and key > ints[-1]:
                step = values[ints[-1]] - values[ints[-2]]
                return float(values[ints[-1]] + step * (int(key) - ints[-1]))
        raise ParameterError(f"{self.name}: no value for key {key!r} on {as_date(when)}")

    def values_for(self, when: int | dt.date | str, keys: Iterable[Hashable] | np.ndarray) -> np.ndarray:
        """Vectorised :meth:`value` over many keys: NaN where a key is missing (NaN, None, not in the table).

        A date no version covers still raises :class:`ParameterError`.

        Example:
            >>> p = Parameter("m", "m", "KRW", [Version(dt.date(2025, 1, 1), {1: 10.0, 2: 15.0}, "s")],
            ...               extend="last_difference")
            >>> p.values_for(2025, np.array([1, 2, 4, np.nan])).tolist()
            [10.0, 15.0, 25.0, nan]
        """
        version = self.version(when)
        keys = np.asarray(keys if isinstance(keys, np.ndarray) else list(keys))
        out = np.full(len(keys), np.nan)
        if keys.dtype.kind == "f":
            present = ~np.isnan(keys)
            unique = [int(k) if float(k).is_integer() else float(k) for k in np.unique(keys[present])]
        else:
            unique = list({k for k in keys.tolist() if k is not None})
        for key in unique:
            try:
                out[keys == key] = self._lookup(version, key, when)
            except ParameterError:
                continue
        return out


@dataclass
class ParameterSet:
    """A registry of parameters that rules look up by name.

    Example:
        >>> ps = ParameterSet()
        >>> _ = ps.add(Parameter("x", "x", "", [Version(dt.date(2024, 1, 1), {None: 1.0}, "s")]))
        >>> ps.value("x", 2030)
        1.0
    """

    parameters: dict[str, Parameter] = field(default_factory=dict)

    def add(self, parameter: Parameter) -> Parameter:
        """Register ``parameter`` (a name may be registered once)."""
        if parameter.name in self.parameters:
            raise ValueError(f"parameter {parameter.name!r} is already registered")
        self.parameters[parameter.name] = parameter
        return parameter

    def get(self, name: str) -> Parameter:
        """The parameter called ``name``."""
        try:
            return self.parameters[name]
        except KeyError:
            raise ParameterError(
                f"unknown parameter {name!r}; known: {', '.join(sorted(self.parameters))}"
            ) from None

    def value(self, name: str, when: int | dt.date | str, key: Hashable = None) -> float:
        """Shorthand for ``get(name).value(when, key)``."""
        return self.get(name).value(when, key)

    def has(self, name: str, when: int | dt.date | str) -> bool:
        """True when ``name`` exists and has a version in force on ``when``."""
        if name not in self.parameters:
            return False
        try:
            self.parameters[name].version(when)
        except ParameterError:
            return False
        return True

    def table(self) -> list[dict[str, object]]:
        """Every parameter version as rows (name, start, key, value, unit, source), for display."""
        rows: list[dict[str, object]] = []
        for p in self.parameters.values():
            for v in p.versions:
                for key, value in v.values.items():
                    rows.append(
                        {
                            "parameter": p.name,
                            "from": v.start.isoformat(),
                            "key": key,
                            "value": value,
                            "unit": p.unit,
                            "source": v.source,
                        }
                    )
        return rows
