"""Structured eligibility conditions, each with the catalogue sentence it came from.

Kinds (the issue's list): ``age``, ``income``, ``household_type``, ``disability``,
``pregnancy_birth``, ``region``, ``employment``, ``recipient``; plus ``other`` for a requirement
the suite holds no data on (veterans, North Korean defectors, students, farmers, ...), which can
only ever be "needs review".

A condition's ``value`` is a tuple of ``(name, value)`` pairs so that conditions are hashable
and identical ones found in many services are evaluated once.

Example:
    >>> c = Condition("age", (("lo", 65.0), ("lo_unit", "years")), "만 65세 이상인 어르신", "지원대상상세")
    >>> c.get("lo"), c.describe("ko")
    (65.0, '65세 이상')
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

KINDS = (
    "age",
    "income",
    "household_type",
    "disability",
    "pregnancy_birth",
    "region",
    "employment",
    "recipient",
)
OTHER = "other"

#: Conditions about one person (evaluated on each member; some member must meet them all).
PERSON_KINDS = ("age", "disability", "employment")

KIND_LABELS = {
    "age": ("연령", "age"),
    "income": ("소득", "income"),
    "household_type": ("가구 유형", "household type"),
    "disability": ("장애", "disability"),
    "pregnancy_birth": ("임신·출산", "pregnancy/birth"),
    "region": ("지역", "region"),
    "employment": ("취업 상태", "employment"),
    "recipient": ("수급 자격", "recipient status"),
    OTHER: ("자료 없음(검토 필요)", "no data (needs review)"),
}

HOUSEHOLD_TYPES = {
    "single_parent": ("한부모", "single parent"),
    "grandparent_family": ("조손", "grandparent-headed"),
    "multi_child": ("다자녀", "multi-child"),
    "elderly_alone": ("독거노인", "elderly living alone"),
    "single_person": ("1인 가구", "one-person household"),
    "multicultural": ("다문화", "multicultural"),
    "newlywed": ("신혼부부", "newlywed couple"),
}
RECIPIENT_STATUSES = ("생계", "의료", "주거", "교육", "차상위")

#: Target groups no household column holds: an ``other`` condition of one of these categories is
#: "needs review" unless the household lists the category under ``situations`` (then it is met).
SITUATIONS = (
    "보훈대상자",
    "북한이탈주민",
    "다문화·북한이탈주민",
    "의사상자",
    "학생·재학",
    "농어업인",
    "사업주·기업",
    "단체·기관",
    "질병·장기요양",
    "피해자",
    "주거 상태",
    "시설·보호·위탁",
    "군 복무",
    "예술인",
    "출소·교정",
    "산업재해",
    "양육비 채권",
    "직업재활·근로장애인",
    "다른 서비스 이용",
)


@dataclass(frozen=True)
class Condition:
    """One extracted condition: its kind, its parameters, the source sentence and field."""

    kind: str
    value: tuple[tuple[str, Any], ...]
    source: str
    field: str

    def get(self, name: str, default: Any = None) -> Any:
        """The parameter ``name`` of this condition."""
        for key, v in self.value:
            if key == name:
                return v
        return default

    @property
    def params(self) -> dict[str, Any]:
        """The parameters as a dict."""
        return dict(self.value)

    @property
    def decidable(self) -> bool:
        """False for conditions no household data can settle (they are always "needs review")."""
        return not (self.kind == OTHER or (self.kind == "income" and self.get("type") == "unspecified"))

    def describe(self, lang: str = "ko") -> str:
        """A short human reading of the condition, e.g. "65세 이상", "중위소득 50% 이하"."""
        return describe(self.kind, self.params, lang)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (for saving a catalogue with its conditions)."""
        return {
            "kind": self.kind,
            "value": [list(p) for p in self.value],
            "source": self.source,
            "field": self.field,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Condition:
        """The inverse of :meth:`to_json`."""
        value = tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in data["value"])
        return cls(data["kind"], value, data["source"], data["field"])


def make(kind: str, source: str, field: str, **params: Any) -> Condition:
    """A condition with parameters given as keywords (None values dropped, keys sorted)."""
    if kind not in KINDS and kind != OTHER:
        raise ValueError(f"unknown condition kind {kind!r}")
    value = tuple(sorted((k, v) for k, v in params.items() if v is not None))
    return Condition(kind, value, source, field)


def _num(x: float) -> str:
    return f"{x:g}"


def _age_bound(value: float, unit: str, ko: bool) -> str:
    if unit == "months":
        return f"{_num(value)}개월" if ko else f"{_num(value)} months"
    return f"{_num(value)}세" if ko else f"{_num(value)} years"


def describe(kind: str, p: dict[str, Any], lang: str = "ko") -> str:
    """Human reading of a condition's parameters (see :meth:`Condition.describe`)."""
    ko = lang == "ko"
    if kind == "age":
        parts = []
        if "lo" in p:
            op = (
                ("초과" if p.get("lo_strict") else "이상")
                if ko
                else ("over" if p.get("lo_strict") else "or older")
            )
            parts.append(f"{_age_bound(p['lo'], p.get('lo_unit', 'years'), ko)} {op}")
        if "hi" in p:
            op = (
                ("미만" if p.get("hi_strict") else "이하")
                if ko
                else ("under" if p.get("hi_strict") else "or younger")
            )
            parts.append(f"{_age_bound(p['hi'], p.get('hi_unit', 'years'), ko)} {op}")
        return " ~ ".join(parts) if parts else ("연령" if ko else "age")
    if kind == "income":
        t = p.get("type")
        if t == "median":
            op = "미만" if p.get("strict") else "이하"
            return (
                f"기준 중위소득 {_num(p['pct'])}% {op}"
                if ko
                else f"income <= {_num(p['pct'])}% of the median"
            )
        if t == "amount":
            names = {"single": "단독" if ko else "single", "couple": "부부" if ko else "couple", "any": ""}
            amounts = (
                ", ".join(f"{names.get(k, k)} {int(v):,}원".strip() for k, v in p.get("amounts", ())) or ""
            )
            period = {"month": "월", "year": "연"}.get(p.get("period"), "")
            return (
                f"소득 {period} {amounts} 이하".replace("  ", " ")
                if ko
                else f"income <= {amounts} ({p.get('period')})"
            )
        if t == "table":
            rows = ", ".join(
                f"{int(k)}인 {int(v):,}원" if ko else f"{int(k)}p {int(v):,}" for k, v in p.get("amounts", ())
            )
            return f"가구원 수별 소득 기준 ({rows}) 이하" if ko else f"income <= size table ({rows} KRW)"
        return "저소득(기준 미상)" if ko else "low income (no threshold stated)"
    if kind == "household_type":
        name = HOUSEHOLD_TYPES.get(p.get("type"), (p.get("type"), p.get("type")))[0 if ko else 1]
        if p.get("min_children"):
            name += f" ({p['min_children']}자녀 이상)" if ko else f" ({p['min_children']}+ children)"
        return str(name)
    if kind == "disability":
        level = p.get("level", "any")
        return (
            {"any": "장애인", "severe": "중증(심한) 장애인", "mild": "경증 장애인"}[level]
            if ko
            else f"disability ({level})"
        )
    if kind == "pregnancy_birth":
        return {"pregnant": "임신 중", "birth": "출산·신생아"}[p["event"]] if ko else p["event"]
    if kind == "region":
        return f"{p['region']} 거주" if ko else f"lives in {p['region']}"
    if kind == "employment":
        return {"employed": "취업·재직", "unemployed": "미취업·실직"}[p["status"]] if ko else p["status"]
    if kind == "recipient":
        statuses = "·".join(p.get("statuses", ()))
        return f"{statuses} 수급·자격" if ko else f"recipient of {statuses}"
    return f"{p.get('category', '')} (검토 필요)" if ko else f"{p.get('category', '')} (needs review)"
