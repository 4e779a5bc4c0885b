"""Rules tested as data: each case gives inputs, the date or year, and the expected answer.

A case file is JSON: ``{"rule": "<name>", "cases": [{"name": ..., "year": 2025, "inputs": {...},
"expected": true | false | null}, ...]}``; ``null`` means "needs review". Inputs are one record
in the form :meth:`shared.rules.predicates.Facts.from_records` reads (a ``members`` list allowed).

Example:
    >>> from shared.rules.predicates import AtMost
    >>> cases = [Case("at the limit", 2025, {"x": 10}, True), Case("above", 2025, {"x": 11}, False)]
    >>> run_cases(AtMost("x", 10), cases)
    []
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shared.errors import DataError
from shared.rules.logic import from_code
from shared.rules.parameters import ParameterSet
from shared.rules.predicates import Facts, Predicate


@dataclass(frozen=True)
class Case:
    """One test case: a named input record, the year (or date) it is judged in, the expected answer."""

    name: str
    when: int | dt.date | str
    inputs: Mapping[str, Any]
    expected: bool | None


def load_cases(path: str | Path) -> tuple[str, list[Case]]:
    """Read a case file; returns the rule name it tests and its cases."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DataError(f"cannot read cases: {exc}", file=path, expected="a JSON case file") from exc
    if not isinstance(data, dict) or "cases" not in data:
        raise DataError("no 'cases' list", file=path, expected='{"rule": ..., "cases": [...]}')
    cases = []
    for i, c in enumerate(data["cases"]):
        missing = [k for k in ("inputs", "expected") if k not in c]
        if missing or ("year" not in c and "date" not in c):
            raise DataError(
                f"case {i} lacks {missing or ['year']}", file=path, expected="inputs, year, expected"
            )
        cases.append(
            Case(c.get("name", f"case {i}"), c.get("date", c.get("year")), c["inputs"], c["expected"])
        )
    return str(data.get("rule", path.stem)), cases


def run_cases(
    rule: Predicate, cases: Iterable[Case], params: ParameterSet | None = None
) -> list[tuple[str, bool | None, bool | None]]:
    """Evaluate ``rule`` on every case (with ``params``: no parameters when None); return the failures as (name, expected, got)."""
    params = ParameterSet() if params is None else params
    failures = []
    for case in cases:
        got = from_code(rule.evaluate(Facts.from_records([case.inputs]), case.when, params)[0])
        if got is not case.expected and got != case.expected:
            failures.append((case.name, case.expected, got))
    return failures
