"""Dated rules for the public health services due (data in ``data/rules.json``, each with its source).

A rule says who (sex, age by birth year, or exact ages; a risk group read from the record), how
often (``interval_months``, the two-year national cycle by birth-year parity, a flu season, or once
from an age), and which record entries show it was done. :func:`evaluate` turns one rule and one
person into a :class:`Finding` with the record entries that justify it, or None.

Example:
    >>> rules = load_rules(on="2026-01-01")
    >>> sorted({r.kind for r in rules})
    ['cancer_screening', 'chronic_care', 'health_screening', 'vaccination']
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from sectors.welfare.medical.records import PersonRecord
from shared.errors import DataError

RULES_PATH = Path(__file__).resolve().parent / "data" / "rules.json"
KINDS = ("cancer_screening", "health_screening", "vaccination", "chronic_care")


@dataclass(frozen=True)
class Rule:
    """One service rule (see ``data/rules.json`` for the fields)."""

    id: str
    kind: str
    name_ko: str
    name_en: str
    test_ko: str
    test_en: str
    source: dict[str, Any]
    valid_from: pd.Timestamp
    valid_to: pd.Timestamp | None
    raw: dict[str, Any] = field(repr=False)

    def get(self, key: str, default: Any = None) -> Any:
        """A field of the rule's data."""
        value = self.raw.get(key, default)
        return default if value is None else value

    def valid_on(self, on: pd.Timestamp) -> bool:
        """Whether the rule applies on this date."""
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


@dataclass(frozen=True)
class Finding:
    """A service due (``status`` 'due', 'check' = needs a fact the record lacks, or 'upcoming') and why."""

    rule: Rule
    status: str
    due_date: pd.Timestamp
    reason_ko: str
    reason_en: str
    evidence: tuple[str, ...]


@lru_cache(maxsize=4)
def _rules_file(path: str) -> dict[str, Any]:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DataError(f"cannot read the rules ({exc})", file=path, expected="JSON rules") from exc


def risk_groups(path: str | Path = RULES_PATH) -> dict[str, dict[str, Any]]:
    """The risk groups (conditions or smoking statuses) the rules refer to."""
    return _rules_file(str(path))["risk_groups"]


def load_rules(path: str | Path = RULES_PATH, *, on: str | pd.Timestamp | None = None) -> list[Rule]:
    """The rules in ``path`` (valid on ``on`` when given)."""
    data = _rules_file(str(path))
    sources = data["sources"]
    out = []
    for i, r in enumerate(data["rules"]):
        for key in ("id", "kind", "name_ko", "name_en", "source", "valid_from"):
            if key not in r:
                raise DataError(
                    f"rule {i} has no {key!r}", file=path, column=key, expected="see data/rules.json"
                )
        if r["kind"] not in KINDS or r["source"] not in sources:
            raise DataError(f"rule {r['id']!r}: unknown kind or source", file=path, column="kind/source")
        out.append(
            Rule(
                r["id"],
                r["kind"],
                r["name_ko"],
                r["name_en"],
                r.get("test_ko", ""),
                r.get("test_en", ""),
                sources[r["source"]],
                pd.Timestamp(r["valid_from"]),
                pd.Timestamp(r["valid_to"]) if r.get("valid_to") else None,
                r,
            )
        )
    if on is not None:
        on = pd.Timestamp(on)
        out = [r for r in out if r.valid_on(on)]
    return out


def _fmt(ts: pd.Timestamp) -> str:
    return ts.strftime("%Y-%m-%d")


def _risk_evidence(group: str, person: PersonRecord, on: pd.Timestamp) -> list[str]:
    """Record entries that put the person in a risk group (empty when none)."""
    spec = risk_groups()[group]
    out = []
    if "conditions" in spec:
        c = person.tables["conditions"]
        hit = c[
            c["code"].isin(spec["conditions"])
            & (c["onset"] <= on)
            & (c["abatement"].isna() | (c["abatement"] > on))
        ]
        for row in hit.drop_duplicates("code").itertuples():
            out.append(f"Condition {row.code} {person.display(row.code)} (onset {_fmt(row.onset)})")
    if "smoking_status" in spec:
        o = person.tables["observations"]
        smoking = o[(o["code"] == "72166-2") & (o["date"] <= on)].sort_values("date")
        if len(smoking) and smoking["value_code"].iloc[-1] in spec["smoking_status"]:
            last = smoking.iloc[-1]
            out.append(
                f"Observation 72166-2 smoking status = {person.display(last['value_code'])} ({_fmt(last['date'])})"
            )
    return out


def _last_done(rule: Rule, person: PersonRecord, on: pd.Timestamp) -> tuple[pd.Timestamp, str] | None:
    """The latest record entry showing the service was done (date and a description), or None."""
    best = None
    for key, table, col in (
        ("done_procedures", "procedures", "date"),
        ("done_immunizations", "immunizations", "date"),
        ("done_observations", "observations", "date"),
        ("done_encounters", "encounters", "start"),
    ):
        codes = rule.get(key)
        if not codes:
            continue
        t = person.tables[table]
        hit = t[t["code"].isin(codes) & (t[col] <= on)]
        if rule.get("once_from_age") is not None:
            hit = hit[(hit[col].dt.year - person.birth_date.year) >= rule.get("once_from_age")]
        if len(hit):
            row = hit.sort_values(col).iloc[-1]
            if best is None or row[col] > best[0]:
                label = table[:-1].capitalize()
                best = (row[col], f"{label} {row['code']} {person.display(row['code'])} ({_fmt(row[col])})")
    return best


def _age_ok(rule: Rule, age: int) -> bool:
    ages = rule.get("ages")
    if ages:
        return age in ages
    lo, hi = rule.get("min_age", 0), rule.get("max_age", 200)
    return lo <= age <= hi


def evaluate(rule: Rule, person: PersonRecord, on: str | pd.Timestamp) -> Finding | None:
    """Whether ``rule`` makes a service due for ``person`` on ``on``, with the record entries that justify it."""
    on = pd.Timestamp(on)
    if not rule.valid_on(on) or (person.death_date is not None and person.death_date <= on):
        return None
    sex = rule.get("sex")
    if sex and person.sex != sex:
        return None
    age = person.age(on)
    next_year = pd.Timestamp(year=on.year + 1, month=1, day=1)
    base = f"Patient sex {person.sex}, born {person.birth_date.year} (age {age} in {on.year})"
    evidence = [base]
    status = "due"
    if _age_ok(rule, age):
        due_date = on
    elif _age_ok(rule, age + 1):
        status, due_date = "upcoming", next_year
    else:
        return None
    group = rule.get("risk")
    if group:
        risk = _risk_evidence(group, person, on)
        if not risk:
            return None
        evidence += risk
        if rule.get("needs_confirmation_ko") and status == "due":
            status = "check"
    exclude = rule.get("exclude_risk")
    if exclude and _risk_evidence(exclude, person, on):
        return None
    if (
        rule.get("cycle") == "birth_year_parity"
        and status != "upcoming"
        and (on.year - person.birth_date.year) % 2
    ):
        status, due_date = "upcoming", next_year
    done = _last_done(rule, person, on)
    if rule.get("once_from_age") is not None and done is not None:
        return None
    if rule.get("season_start") and done is not None:
        month, day = (int(x) for x in rule.get("season_start").split("-"))
        season = pd.Timestamp(
            year=on.year if (on.month, on.day) >= (month, day) else on.year - 1, month=month, day=day
        )
        if done[0] >= season:
            return None
    interval = rule.get("interval_months")
    if interval and done is not None:
        next_due = done[0] + pd.DateOffset(months=int(interval))
        if next_due > on:
            if next_due > on + pd.DateOffset(months=12):
                return None
            status, due_date = "upcoming", max(next_due, due_date)
        evidence.append("last done: " + done[1])
    elif rule.get("done_procedures") or rule.get("done_immunizations") or rule.get("done_observations"):
        evidence.append(
            "no record of it being done" + (f" in the last {interval} months" if interval else "")
        )
    reason_ko, reason_en = _reasons(rule, person, age, status, evidence, done, on, pd.Timestamp(due_date))
    return Finding(rule, status, pd.Timestamp(due_date), reason_ko, reason_en, tuple(evidence))


def _reasons(
    rule: Rule, person: PersonRecord, age: int, status: str, evidence: list[str], done, on, due_date
) -> tuple[str, str]:
    sex_ko = {"F": "여성", "M": "남성"}[person.sex]
    sex_en = {"F": "woman", "M": "man"}[person.sex]
    ko = [f"{age}세 {sex_ko}"]
    en = [f"{sex_en} aged {age}"]
    group = rule.get("risk")
    if group:
        spec = risk_groups()[group]
        ko.append(spec["label_ko"].split(" (")[0] + " 기록")
        en.append("recorded " + spec["label_en"].split(" (")[0])
    if done is not None:
        ko.append(f"마지막 기록 {_fmt(done[0])}")
        en.append(f"last done {_fmt(done[0])}")
    elif len(evidence) > 1 and evidence[-1].startswith("no record"):
        ko.append("받은 기록 없음")
        en.append("no record of it")
    if status == "check":
        ko.append(rule.get("needs_confirmation_ko", "확인 필요"))
        en.append(rule.get("needs_confirmation_en", "needs confirmation"))
    if status == "upcoming" and due_date.year > on.year:
        ko.append(f"{due_date.year}년 대상")
        en.append(f"due in {due_date.year}")
    elif status == "upcoming":
        ko.append(f"{_fmt(due_date)}부터 대상")
        en.append(f"due from {_fmt(due_date)}")
    return " · ".join(ko), "; ".join(en)
