"""Year-end settlement parameters: one JSON file per tax year, each figure with its article and its source.

A figure never lives in code. ``parameters/2025.json`` holds, for every parameter, ``value`` (a number or a
small table), ``basis`` (the article it applies), ``source`` (where the figure was checked) and ``verified``
(true: reproduced from an official worked figure; "partly"; false: not checked offline). Asking for a year
without a file is an error, never a silent fall-back to another year (as in :mod:`shared.rules.parameters`).

Example:
    >>> p = tax_parameters(2025)
    >>> p.value("standard_credit")["amount"], p.basis("tax_rates")
    (130000, '소득세법 제55조①')
    >>> sorted(available_years())[:3]
    [2023, 2024, 2025]
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from shared.rules.parameters import ParameterError

FOLDER = Path(__file__).with_name("parameters")


@dataclass(frozen=True)
class TaxParameters:
    """The parameters of one tax year (1 January to 31 December)."""

    year: int
    valid_from: dt.date
    valid_to: dt.date
    entries: dict[str, dict[str, Any]]

    def value(self, name: str) -> Any:
        """The value of parameter ``name`` (a number or a dict)."""
        return self._entry(name)["value"]

    def basis(self, name: str) -> str:
        """The article parameter ``name`` applies."""
        return str(self._entry(name)["basis"])

    def source(self, name: str) -> str:
        """Where the figure was checked."""
        return str(self._entry(name)["source"])

    def table(self) -> list[dict[str, Any]]:
        """One row per parameter (name, basis, verified, source), for display."""
        return [
            {
                "parameter": name,
                "basis": e["basis"],
                "verified": e["verified"],
                "source": e["source"],
            }
            for name, e in self.entries.items()
        ]

    def _entry(self, name: str) -> dict[str, Any]:
        try:
            return self.entries[name]
        except KeyError:
            raise ParameterError(
                f"tax {self.year}: unknown parameter {name!r}; known: {', '.join(sorted(self.entries))}"
            ) from None


def available_years() -> list[int]:
    """The tax years that have a parameter file."""
    return sorted(int(p.stem) for p in FOLDER.glob("*.json") if p.stem.isdigit())


@cache
def tax_parameters(year: int) -> TaxParameters:
    """The parameters in force for tax year ``year`` (a :class:`ParameterError` when none are published)."""
    path = FOLDER / f"{int(year)}.json"
    if not path.is_file():
        raise ParameterError(
            f"no year-end settlement parameters for {year} (available: {', '.join(map(str, available_years()))})"
        )
    data = json.loads(path.read_text(encoding="utf-8"))
    for name, entry in data["parameters"].items():
        missing = {"value", "basis", "source", "verified"} - set(entry)
        if missing:
            raise ParameterError(f"{path}: parameter {name!r} lacks {sorted(missing)}")
    start, end = dt.date.fromisoformat(data["valid_from"]), dt.date.fromisoformat(data["valid_to"])
    if start.year != int(year) or end.year != int(year):
        raise ParameterError(f"{path}: validity {start}..{end} is not the tax year {year}")
    return TaxParameters(int(year), start, end, data["parameters"])
