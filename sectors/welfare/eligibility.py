"""Eligibility of households for services, evaluated with the shared rules engine (three-valued).

Each extracted condition becomes a :mod:`shared.rules` predicate with dated parameters (the standard
median income and the selection amounts of the year asked for). A service is eligible when

- some member meets all person conditions (age, disability, employment; alternatives of one kind
  are OR-ed: "65세 이상" or "6개월~13세"),
- the means test holds: any income condition OR any recipient status (a 수급자 or 차상위 household
  is admitted by its status as the catalogue's "수급자, 차상위 또는 중위소득 N% 이하" lists do),
- and each other household kind holds (household type, pregnancy/birth, region; OR within a kind).

A condition no data can decide ("저소득" without a threshold, an amount stated for another year)
is UNKNOWN, so the service is at best "needs review"; a target group the household facts do not
hold ("보훈대상자", "의사상자", "자립준비청년") is UNKNOWN unless the household states it under
``situations``. Conditions listed as alternatives ("다음 어느 하나에 해당") are OR-ed across kinds;
a condition read from a coarse structured field (Bokjiro's age bands) can say "yes" but never "no"
(``uncertain``: False becomes "needs review"). A service with no condition found at all is also
"needs review": having found nothing is not evidence that anyone qualifies. Exclusions are not
modelled (see :mod:`sectors.welfare.extract`).

The national core programmes (:mod:`sectors.welfare.rules.programmes`) take precedence over the
extracted reading for their services in the years they are written for.

Household facts (the columns rules read): see :func:`facts_from_population` and
:func:`facts_from_household`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from sectors.welfare.conditions import (
    HOUSEHOLD_TYPES,
    OTHER,
    PERSON_KINDS,
    RECIPIENT_STATUSES,
    SITUATIONS,
    Condition,
)
from sectors.welfare.population import Population
from sectors.welfare.regions import normalise_region
from sectors.welfare.rules.parameters import KR_WELFARE, MEDIAN_INCOME
from sectors.welfare.rules.programmes import CheckResult, programme_for
from sectors.welfare.services import ServiceCatalogue
from shared.errors import DataError
from shared.rules import (
    TRUE,
    UNKNOWN,
    AgeInRange,
    AllOf,
    AnyMember,
    AnyOf,
    AnyTrue,
    AtLeast,
    AtMost,
    Const,
    Facts,
    Flag,
    InSet,
    Not,
    Param,
    ParameterSet,
    RegionWithin,
    all_of,
    any_of,
)
from shared.rules.logic import any_by_group

#: The year the catalogue's own amounts are stated for, when a sentence names no year.
CATALOGUE_YEAR = 2025
DISABILITY_LEVELS = {"none": 0.0, "mild": 1.0, "severe": 2.0, "unknown": np.nan}


def condition_predicate(c: Condition, year: int, params: ParameterSet = KR_WELFARE) -> tuple[str, Any]:
    """("person" | "household", predicate) for one condition in ``year``."""
    p = c.params
    if c.kind == "age":
        parts = []
        if "lo" in p:
            parts.append(
                AgeInRange(
                    "age", lo=p["lo"], lo_strict=bool(p.get("lo_strict")), unit=p.get("lo_unit", "years")
                )
            )
        if "hi" in p:
            parts.append(
                AgeInRange(
                    "age", hi=p["hi"], hi_strict=bool(p.get("hi_strict")), unit=p.get("hi_unit", "years")
                )
            )
        if p.get("role") == "parent":
            # a parent: at least 12 and not stated to be a child of the household head
            parts += [AgeInRange("age", lo=12), Not(Flag("relation_child"))]
        return "person", parts[0] if len(parts) == 1 else AllOf(tuple(parts))
    if c.kind == "disability":
        level = p.get("level", "any")
        if level == "mild":
            return "person", AllOf((AtLeast("disability_level", 1), AtMost("disability_level", 1)))
        return "person", AtLeast("disability_level", 2 if level == "severe" else 1)
    if c.kind == "employment":
        return "person", Flag("employed") if p["status"] == "employed" else Not(Flag("employed"))
    if c.kind == "income":
        return "household", _income_predicate(p, year, params)
    if c.kind == "recipient":
        return "household", AnyTrue(tuple(f"rcp_{s}" for s in p["statuses"]))
    if c.kind == "household_type":
        return "household", _household_type_predicate(p)
    if c.kind == "pregnancy_birth":
        return "household", Flag("pregnant" if p["event"] == "pregnant" else "recent_birth")
    if c.kind == "region":
        return "household", RegionWithin("region", p["region"])
    if c.kind == OTHER and p.get("category") in SITUATIONS:
        return "household", Flag(f"sit_{p['category']}")
    return "household", Const(int(UNKNOWN))


def _at_best_unknown_when_false(pred: Any) -> Any:
    """``pred`` that can say yes but not no: False becomes UNKNOWN (Kleene OR with UNKNOWN)."""
    return AnyOf((pred, Const(int(UNKNOWN))))


def _income_predicate(p: Mapping[str, Any], year: int, params: ParameterSet) -> Any:
    kind = p.get("type")
    if kind == "median":
        return AtMost(
            "income",
            Param(MEDIAN_INCOME, key_field="size", scale=float(p["pct"]) / 100),
            bool(p.get("strict")),
        )
    if kind == "table":
        if p.get("stated_year") not in (None, year) or (
            p.get("stated_year") is None and year != CATALOGUE_YEAR
        ):
            return Const(int(UNKNOWN))  # a table stated for another year
        rows = tuple((float(size), float(v)) for size, v in p.get("amounts", ()))
        return AnyOf(tuple(AllOf((InSet("size", (size,)), AtMost("income", v))) for size, v in rows))
    if kind != "amount":
        return Const(int(UNKNOWN))
    amounts = dict(p.get("amounts", ()))
    parameter = p.get("parameter")
    if parameter and params.has(parameter, year) and set(amounts) <= {"single", "couple"}:
        return AtMost("income", Param(parameter, key_field="couple_key"))
    stated = p.get("stated_year") or CATALOGUE_YEAR
    if stated != year:
        return Const(int(UNKNOWN))  # the catalogue states this amount for another year
    period = p.get("period") or ("year" if max(amounts.values()) >= 10_000_000 else "month")
    field = "income_year" if period == "year" else "income"
    if set(amounts) == {"any"}:
        return AtMost(field, amounts["any"])
    keyed = [AllOf((InSet("couple_key", (k,)), AtMost(field, v))) for k, v in amounts.items() if k != "any"]
    if "any" in amounts:
        keyed.append(AtMost(field, amounts["any"]))
    return AnyOf(tuple(keyed))


def _household_type_predicate(p: Mapping[str, Any]) -> Any:
    kind = p["type"]
    if kind == "single_person":
        return AtMost("size", 1)
    if kind == "multi_child":
        n = p.get("min_children")
        if n:
            return AtLeast("n_children", n)
        # "다자녀" without a number: 3+ children qualifies everywhere, 2 depends on the programme.
        return AnyOf((AtLeast("n_children", 3), AllOf((AtLeast("n_children", 2), Const(int(UNKNOWN))))))
    return Flag(kind)


@dataclass(frozen=True)
class ServicePlan:
    """A service's conditions as predicate groups: OR within a group, AND across groups."""

    person: tuple[tuple[Any, ...], ...]
    household: tuple[tuple[Any, ...], ...]
    unknown: bool

    def predicate(self) -> Any:
        """The whole rule as one :mod:`shared.rules` predicate."""
        parts: list[Any] = []
        if self.person:
            parts.append(AnyMember(AllOf(tuple(AnyOf(g) for g in self.person))))
        parts += [AnyOf(g) for g in self.household]
        if self.unknown:
            parts.append(Const(int(UNKNOWN)))
        return AllOf(tuple(parts))


def plan_service(
    conditions: Sequence[Condition], year: int, params: ParameterSet = KR_WELFARE
) -> ServicePlan:
    """Group a service's conditions into a :class:`ServicePlan`.

    Conditions sharing an ``alt`` block are one OR-group across kinds (person kinds: some member);
    ``uncertain`` conditions can make a service eligible but never rule it out.
    """
    person: dict[str, list[Any]] = {}
    household: dict[str, list[Any]] = {}
    unknown = not conditions
    for c in conditions:
        level, pred = condition_predicate(c, year, params)
        alt = c.get("alt")
        if isinstance(pred, Const) and alt is None:
            unknown = True
            continue
        if alt is not None:
            pred = AnyMember(pred) if level == "person" else pred
            level, group = "household", f"~alt:{alt}"
        else:
            group = "means" if c.kind in ("income", "recipient") else c.kind
        if c.get("uncertain"):
            pred = _at_best_unknown_when_false(AnyMember(pred) if level == "person" else pred)
            level, group = "household", f"~uncertain:{group}"
        (person if level == "person" else household).setdefault(group, []).append(pred)
    # a means group made only of undecidable income is already flagged through `unknown`
    return ServicePlan(
        tuple(tuple(dict.fromkeys(v)) for k, v in sorted(person.items()) if k in PERSON_KINDS),
        tuple(tuple(dict.fromkeys(v)) for _, v in sorted(household.items())),
        unknown,
    )


def programme_plan(service_id: str, year: int, params: ParameterSet = KR_WELFARE) -> ServicePlan | None:
    """The plan of a national programme deciding ``service_id`` in ``year`` (None: use the extracted reading)."""
    prog = programme_for(service_id, year)
    if prog is None:
        return None
    return ServicePlan((), ((prog.predicate(year, params),),), False)


def _flag(values: Sequence[Any]) -> np.ndarray:
    return np.array([np.nan if v is None else float(bool(v)) for v in values], dtype=float)


def facts_from_population(pop: Population) -> Facts:
    """The rule facts of a synthetic population (vectorised)."""
    h, m = pop.households, pop.members
    n = len(h)
    hh_index = m["household"].to_numpy()
    age = m["age"].to_numpy(dtype=float)
    size = h["size"].to_numpy(dtype=float)
    income = h["income"].to_numpy(dtype=float)
    oldest = np.full(n, -np.inf)
    np.maximum.at(oldest, hh_index, age)
    rows = {
        "size": size,
        "income": income,
        "income_year": income * 12,
        "region": h["region"].to_numpy(dtype=object),
        "couple_key": np.where(h["married"].to_numpy(), "couple", "single").astype(object),
        "n_children": h["n_children"].to_numpy(dtype=float),
        "elderly_alone": ((size == 1) & (oldest >= 65)).astype(float),
        "pregnant": (
            np.bincount(hh_index, weights=m["pregnant"].to_numpy(dtype=float), minlength=n) > 0
        ).astype(float),
        "recent_birth": (np.bincount(hh_index, weights=age < 1, minlength=n) > 0).astype(float),
    }
    for t in ("single_parent", "grandparent_family", "multicultural", "newlywed"):
        rows[t] = h[t].to_numpy(dtype=float)
    for s in RECIPIENT_STATUSES:
        rows[f"rcp_{s}"] = h[f"rcp_{s}"].to_numpy(dtype=float)
    _unknown_household_facts(rows, n)
    is_child = np.isin(m["role"].to_numpy(dtype=object), CHILD_RELATIONS).astype(float)
    members = {
        "age": age,
        "disability_level": m["disability_level"].to_numpy(dtype=float),
        "employed": m["employed"].to_numpy(dtype=float),
        "in_school": np.full(len(age), np.nan),
        "child_of_head": is_child,
        "relation_child": is_child,
    }
    return Facts(rows, members, hh_index.astype(np.int64), n_rows=n)


def _unknown_household_facts(
    rows: dict[str, np.ndarray], n: int, given: Mapping[str, Any] | None = None
) -> None:
    """Columns the synthetic population does not hold (unknown) or a household dict states."""
    given = given or {}
    for key in ("crisis", "obligor_ok"):
        rows[key] = _flag([given.get(key)]) if given else np.full(n, np.nan)
    stated = set(given.get("situations", ()))
    for sit in SITUATIONS:
        rows[f"sit_{sit}"] = np.full(n, 1.0 if sit in stated else np.nan)


HOUSEHOLD_KEYS = {
    "region",
    "income_recognized_krw",
    "members",
    "receives",
    "recipient",
    "household_type",
    "married",
    "recent_birth",
    "single_parent",
    "crisis",
    "obligor_ok",
    "situations",
}
MEMBER_KEYS = {"age", "age_months", "disability", "employed", "pregnant", "relation", "in_school"}
RELATIONS = ("head", "spouse", "child", "grandchild", "parent", "grandparent", "sibling", "other")
CHILD_RELATIONS = ("child", "grandchild")


def _optional_bool(value: Any, i: int | None, column: str) -> bool | None:
    if value is not None and not isinstance(value, bool):
        where = f"member {i}: " if i is not None else ""
        raise DataError(f"{where}{column} {value!r}", column=column, expected="true, false or absent")
    return value


def _member_age(mem: Mapping[str, Any], i: int) -> float:
    if "age_months" in mem and mem["age_months"] is not None:
        months = mem["age_months"]
        if not isinstance(months, (int, float)) or isinstance(months, bool) or not 0 <= months < 1560:
            raise DataError(f"member {i}: age_months {months!r}", column="age_months", expected="0 <= months")
        return float(months) / 12
    if "age" not in mem:
        raise DataError(
            f"member {i} has no age", column="members", expected='{"age": years, "disability": "none"}'
        )
    age = mem["age"]
    if not isinstance(age, (int, float)) or isinstance(age, bool) or not 0 <= age < 130:
        raise DataError(
            f"member {i}: age {age!r} is not a number of years", column="age", expected="0 <= age < 130"
        )
    return float(age)


def validate_household(household: Mapping[str, Any]) -> dict[str, Any]:
    """Check a household dict (see the README) and fill its defaults; bad input raises DataError."""
    if not isinstance(household, Mapping):
        raise DataError(
            "a household must be a dict",
            expected='{"region": ..., "income_recognized_krw": ..., "members": [...]}',
        )
    unknown = set(household) - HOUSEHOLD_KEYS
    if unknown:
        raise DataError(
            f"unknown household keys {sorted(unknown)}",
            column=sorted(unknown)[0],
            expected=", ".join(sorted(HOUSEHOLD_KEYS)),
        )
    members = household.get("members")
    if not isinstance(members, Sequence) or isinstance(members, str) or not members:
        raise DataError(
            "a household needs at least one member",
            column="members",
            expected='[{"age": 70, "disability": "none"}]',
        )
    clean_members = []
    for i, mem in enumerate(members):
        if not isinstance(mem, Mapping):
            raise DataError(f"member {i} is not a dict", column="members", expected='{"age": years}')
        extra = set(mem) - MEMBER_KEYS
        if extra:
            raise DataError(
                f"member {i}: unknown keys {sorted(extra)}",
                column=sorted(extra)[0],
                expected=", ".join(sorted(MEMBER_KEYS)),
            )
        age = _member_age(mem, i)
        dis = mem.get("disability", "none")
        if dis not in DISABILITY_LEVELS:
            raise DataError(
                f"member {i}: disability {dis!r}",
                column="disability",
                expected='"none", "mild", "severe" or "unknown"',
            )
        relation = mem.get("relation")
        if relation is not None and relation not in RELATIONS:
            raise DataError(
                f"member {i}: relation {relation!r}", column="relation", expected=", ".join(RELATIONS)
            )
        clean_members.append(
            {
                "age": age,
                "disability": dis,
                "employed": _optional_bool(mem.get("employed"), i, "employed"),
                "pregnant": bool(mem.get("pregnant", False)),
                "relation": relation,
                "in_school": _optional_bool(mem.get("in_school"), i, "in_school"),
            }
        )
    income = household.get("income_recognized_krw")
    if income is not None and (
        not isinstance(income, (int, float)) or isinstance(income, bool) or income < 0
    ):
        raise DataError(f"income {income!r}", column="income_recognized_krw", expected="KRW a month, >= 0")
    recipient = list(household.get("recipient") or [])
    bad = [s for s in recipient if s not in RECIPIENT_STATUSES]
    if bad:
        raise DataError(
            f"unknown recipient status {bad}", column="recipient", expected=", ".join(RECIPIENT_STATUSES)
        )
    types = list(household.get("household_type") or [])
    bad = [t for t in types if t not in HOUSEHOLD_TYPES]
    if bad:
        raise DataError(
            f"unknown household type {bad}", column="household_type", expected=", ".join(HOUSEHOLD_TYPES)
        )
    receives = household.get("receives") or []
    if isinstance(receives, str) or not isinstance(receives, Sequence):
        raise DataError("receives must be a list", column="receives", expected="service ids or names")
    situations = household.get("situations") or []
    if isinstance(situations, str) or not isinstance(situations, Sequence):
        raise DataError("situations must be a list", column="situations", expected=", ".join(SITUATIONS))
    bad = [x for x in situations if x not in SITUATIONS]
    if bad:
        raise DataError(f"unknown situations {bad}", column="situations", expected=", ".join(SITUATIONS))
    single_parent = _optional_bool(household.get("single_parent"), None, "single_parent")
    if "single_parent" in types:
        single_parent = True
    return {
        "region": normalise_region(household.get("region")),
        "income": None if income is None else float(income),
        "members": clean_members,
        "recipient": recipient,
        "household_type": types,
        "married": household.get("married"),
        "recent_birth": household.get("recent_birth"),
        "receives": [str(r) for r in receives],
        "single_parent": single_parent,
        "crisis": _optional_bool(household.get("crisis"), None, "crisis"),
        "obligor_ok": _optional_bool(household.get("obligor_ok"), None, "obligor_ok"),
        "situations": list(situations),
    }


def _child_of_head(member: Mapping[str, Any]) -> float:
    if member["relation"] is not None:
        return float(member["relation"] in CHILD_RELATIONS)
    return 1.0 if member["age"] < 18 else np.nan


def facts_from_household(household: Mapping[str, Any]) -> Facts:
    """The rule facts of one household dict (validated with :func:`validate_household`).

    Defaults: pregnant, a household type other than single parent, and a recipient status not
    stated are "no"; employment, school enrolment, a crisis, support from relatives (obligor_ok),
    a situation not listed, and single parent (when a member is under 22) are unknown ("needs
    review"); married not stated is unknown unless the household has one member; a recent birth is
    a member younger than one; a member under 18 whose relation is not stated counts as a child.
    """
    h = validate_household(household)
    ages = [m["age"] for m in h["members"]]
    size = len(ages)
    married = h["married"] if h["married"] is not None else (False if size == 1 else None)
    income = np.nan if h["income"] is None else h["income"]
    single_parent = h["single_parent"]
    if single_parent is None and not any(a < 22 for a in ages):
        single_parent = False  # no child in the household: plainly not a single-parent family
    rows = {
        "size": np.array([float(size)]),
        "income": np.array([income]),
        "income_year": np.array([income * 12]),
        "region": np.array([h["region"]], dtype=object),
        "couple_key": np.array(
            [None if married is None else ("couple" if married else "single")], dtype=object
        ),
        "n_children": np.array([float(sum(a < 18 for a in ages))]),
        "elderly_alone": np.array([float(size == 1 and ages[0] >= 65)]),
        "pregnant": np.array([float(any(m["pregnant"] for m in h["members"]))]),
        "recent_birth": _flag(
            [h["recent_birth"] if h["recent_birth"] is not None else any(a < 1 for a in ages)]
        ),
        "single_parent": _flag([single_parent]),
    }
    for t in ("grandparent_family", "multicultural", "newlywed"):
        rows[t] = np.array([float(t in h["household_type"])])
    for s in RECIPIENT_STATUSES:
        rows[f"rcp_{s}"] = np.array([float(s in h["recipient"])])
    _unknown_household_facts(rows, 1, h)
    members = {
        "age": np.array(ages, dtype=float),
        "disability_level": np.array([DISABILITY_LEVELS[m["disability"]] for m in h["members"]], dtype=float),
        "employed": _flag([m["employed"] for m in h["members"]]),
        "in_school": _flag([m["in_school"] for m in h["members"]]),
        "child_of_head": np.array([_child_of_head(m) for m in h["members"]], dtype=float),
        "relation_child": np.array(
            [
                np.nan if m["relation"] is None else float(m["relation"] in CHILD_RELATIONS)
                for m in h["members"]
            ]
        ),
    }
    return Facts(rows, members, np.zeros(size, dtype=np.int64), n_rows=1)


class EligibilityEngine:
    """Evaluates every service of a catalogue for many households at once (memoising shared rules).

    Example:
        >>> from sectors.welfare.services import catalogue_for
        >>> engine = EligibilityEngine(catalogue_for(), 2025)
        >>> facts = facts_from_household({"region": "서울특별시 관악구", "income_recognized_krw": 1_500_000,
        ...                               "members": [{"age": 70, "disability": "none"}], "receives": []})
        >>> codes = engine.evaluate(facts)
        >>> codes.shape == (1, len(engine.catalogue))
        True
    """

    def __init__(
        self, catalogue: ServiceCatalogue, year: int = 2025, params: ParameterSet = KR_WELFARE
    ) -> None:
        self.catalogue = catalogue
        self.year = int(year)
        self.params = params
        self.plans = [
            programme_plan(s, self.year, params)
            or plan_service(catalogue.conditions.get(s, []), self.year, params)
            for s in catalogue.ids
        ]

    def evaluate(self, facts: Facts) -> np.ndarray:
        """Codes (households x services): 0 not eligible, 1 needs review, 2 eligible."""
        n = len(facts)
        member_facts = facts.member_facts()
        starts = facts.starts()
        hh_memo: dict[Any, np.ndarray] = {}
        member_memo: dict[Any, np.ndarray] = {}
        person_memo: dict[Any, np.ndarray] = {}

        def on_households(pred: Any) -> np.ndarray:
            if pred not in hh_memo:
                hh_memo[pred] = pred.evaluate(facts, self.year, self.params)
            return hh_memo[pred]

        def on_members(pred: Any) -> np.ndarray:
            if pred not in member_memo:
                member_memo[pred] = pred.evaluate(member_facts, self.year, self.params)
            return member_memo[pred]

        out = np.empty((n, len(self.plans)), dtype=np.int8)
        for j, plan in enumerate(self.plans):
            parts = []
            if plan.person:
                if plan.person not in person_memo:
                    per_member = all_of([any_of([on_members(p) for p in g]) for g in plan.person])
                    person_memo[plan.person] = any_by_group(per_member, starts, n)
                parts.append(person_memo[plan.person])
            for group in plan.household:
                parts.append(any_of([on_households(p) for p in group]))
            code = all_of(parts, size=n)
            if plan.unknown:
                code = np.minimum(code, UNKNOWN)
            out[:, j] = code
        return out

    def explain(self, facts: Facts, service_index: int) -> list[tuple[Condition | CheckResult, int]]:
        """Each condition of one service with its own code for the first household of ``facts``.

        For a national programme: its checks (:class:`~sectors.welfare.rules.programmes.CheckResult`,
        with the threshold that applied and the household's figure).
        """
        sid = self.catalogue.ids[service_index]
        prog = programme_for(sid, self.year)
        if prog is not None:
            return [(r, r.code) for r in prog.explain(facts, self.year, self.params)]
        out = []
        for c in self.catalogue.conditions.get(sid, []):
            level, pred = condition_predicate(c, self.year, self.params)
            if level == "person":
                code = int(AnyMember(pred).evaluate(facts, self.year, self.params)[0])
            else:
                code = int(pred.evaluate(facts, self.year, self.params)[0])
            if c.get("uncertain") and code == 0:
                code = int(UNKNOWN)  # a coarse reading cannot rule the household out
            out.append((c, code))
        return out


def is_eligible(codes: np.ndarray) -> np.ndarray:
    """Boolean mask of "eligible" codes."""
    return codes == TRUE
