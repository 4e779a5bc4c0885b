"""The national core programmes as dated rules that take precedence over the extracted reading.

Each :class:`Programme` names the Bokjiro service id(s) it decides, the years it is written for,
its legal basis, and its checks. A check is a :mod:`shared.rules` predicate over the household
facts of :mod:`sectors.welfare.eligibility` plus a reading that puts the threshold that applied
beside the household's own figure ("소득인정액 900,000원 ≤ 기준 1,148,166원 (1인 가구, 중위 48%)").
A programme is the Kleene AND of its checks; a fact the household did not state (school
enrolment, single parent, a crisis, support from relatives) gives "needs review", never "no".
For a year a programme is not written for, the extracted reading of the catalogue stays.

Example:
    >>> from sectors.welfare.eligibility import facts_from_household
    >>> facts = facts_from_household({"income_recognized_krw": 900_000, "members": [{"age": 65}]})
    >>> prog = PROGRAMMES["주거급여"]
    >>> [r.describe("ko") for r in prog.explain(facts, 2025)][0]
    '소득인정액 900,000원 ≤ 기준 1,148,166원 (1인 가구, 중위 48%)'
    >>> prog.judge(facts, 2025)
    True
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from sectors.welfare.rules.parameters import (
    AGE_LIMIT_MONTHS,
    BASIC_PENSION,
    BENEFIT_SHARE,
    DISABILITY_PENSION,
    KR_WELFARE,
    MEDIAN_INCOME,
    PROGRAMME_SHARE,
)
from shared.rules import (
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
    Not,
    Param,
    ParameterError,
    ParameterSet,
    from_code,
)

RULE_FIELD = ("법령·고시", "statute / notice")
BASIC_BENEFITS = ("생계", "의료", "주거", "교육")


@dataclass(frozen=True)
class CheckResult:
    """One check of a programme for one household: kind, readings with figures, source, code."""

    kind: str
    reading_ko: str
    reading_en: str
    source: str
    code: int
    field: str = RULE_FIELD[0]

    def describe(self, lang: str = "ko") -> str:
        """The reading in ``lang`` ("ko" or "en")."""
        return self.reading_ko if lang == "ko" else self.reading_en


Reader = Callable[[Facts, int, ParameterSet], tuple[str, str]]


@dataclass(frozen=True)
class Check:
    """A predicate over household facts, its condition kind, its source, and how to read it for a household."""

    kind: str
    predicate: Any
    read: Reader
    source: str


def _won(x: float) -> str:
    return f"{int(math.floor(x + 1e-6)):,}"


def _line(median: float, pct: float) -> float:
    """A selection line as the notices publish it: the share of the median rounded half up to the won."""
    return float(math.floor(median * pct / 100 + 0.5 + 1e-9))


def _row(facts: Facts, name: str) -> Any:
    value = facts.rows[name][0]
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _compare_words(income: float | None, line: float | None) -> str:
    if income is None or line is None:
        return "?"
    return "≤" if income <= line + 1e-9 else ">"


def _income_line_check(
    year: int, params: ParameterSet, share_param: str, key: str, source: str, label_ko: str = "기준"
) -> Check:
    try:
        pct = params.value(share_param, year, key)
    except ParameterError:
        pct = None

    def read(facts: Facts, year: int, params: ParameterSet) -> tuple[str, str]:
        income, size = _row(facts, "income"), _row(facts, "size")
        if pct is None:
            return (f"{key} 선정기준 {year}년 미확인", f"{year} {key} line not verified")
        try:
            line = _line(params.value(MEDIAN_INCOME, year, int(size)), pct) if size else None
        except ParameterError:
            line = None
        size_ko = f"{int(size)}인 가구" if size else "가구원 수 미상"
        size_en = f"{int(size)}-person household" if size else "household size unknown"
        if line is None:
            return (
                f"{label_ko} 미확인 ({size_ko}, {year}년 중위 {pct:g}%)",
                f"line not published here ({size_en}, {pct:g}% of the {year} median)",
            )
        op = _compare_words(income, line)
        inc_ko = "소득인정액 미입력" if income is None else f"소득인정액 {_won(income)}원"
        inc_en = "recognised income not given" if income is None else f"recognised income {_won(income)} KRW"
        return (
            f"{inc_ko} {op} {label_ko} {_won(line)}원 ({size_ko}, 중위 {pct:g}%)".replace(" ? ", " · "),
            f"{inc_en} {op} line {_won(line)} KRW ({size_en}, {pct:g}% of the median)".replace(" ? ", " · "),
        )

    predicate = (
        Const(int(UNKNOWN))
        if pct is None
        else AtMost("income", Param(MEDIAN_INCOME, key_field="size", scale=pct / 100, round_to=1.0))
    )
    return Check("income", predicate, read, source)


def _amount_check(param: str, source: str) -> Check:
    def read(facts: Facts, year: int, params: ParameterSet) -> tuple[str, str]:
        income, key = _row(facts, "income"), _row(facts, "couple_key")
        try:
            line = params.value(param, year, key) if key else None
        except ParameterError:
            line = None
        type_ko = {"single": "단독가구", "couple": "부부가구"}.get(key, "단독·부부 여부 미상")
        type_en = {"single": "single", "couple": "couple"}.get(key, "single or couple unknown")
        if not params.has(param, year):
            return (f"선정기준액 {year}년 미확인", f"{year} selection amount not verified")
        inc_ko = "소득인정액 미입력" if income is None else f"소득인정액 {_won(income)}원"
        inc_en = "recognised income not given" if income is None else f"recognised income {_won(income)} KRW"
        if line is None:
            return (f"{inc_ko} · 선정기준액 ({type_ko})", f"{inc_en} · selection amount ({type_en})")
        op = _compare_words(income, line)
        return (
            f"{inc_ko} {op} 선정기준액 {_won(line)}원 ({type_ko})".replace(" ? ", " · "),
            f"{inc_en} {op} selection amount {_won(line)} KRW ({type_en})".replace(" ? ", " · "),
        )

    return Check("income", AtMost("income", Param(param, key_field="couple_key")), read, source)


def _ages(facts: Facts) -> np.ndarray:
    return facts.members["age"]


def _member_check(
    kind: str, predicate: Any, label_ko: str, label_en: str, source: str, months: bool = False
) -> Check:
    member = AnyMember(predicate)

    def read(facts: Facts, year: int, params: ParameterSet) -> tuple[str, str]:
        code = from_code(member.evaluate(facts, year, params)[0])
        ko = {True: "있음", False: "없음", None: "확인 필요"}[code]
        en = {True: "yes", False: "no", None: "needs review"}[code]
        if months:
            youngest = int(math.floor(min(_ages(facts)) * 12 + 1e-9))
            return (
                f"{label_ko}: {ko} (가장 어린 가구원 생후 {youngest}개월)",
                f"{label_en}: {en} (youngest member {youngest} months old)",
            )
        ages = ", ".join(f"{a:g}" for a in sorted(_ages(facts), reverse=True))
        return f"{label_ko}: {ko} (가구원 나이 {ages}세)", f"{label_en}: {en} (members aged {ages})"

    return Check(kind, member, read, source)


def _flag_check(kind: str, predicate: Any, label_ko: str, label_en: str, source: str) -> Check:
    def read(facts: Facts, year: int, params: ParameterSet) -> tuple[str, str]:
        code = from_code(predicate.evaluate(facts, year, params)[0])
        ko = {True: "예", False: "아니오", None: "확인 필요"}[code]
        en = {True: "yes", False: "no", None: "needs review"}[code]
        return f"{label_ko}: {ko}", f"{label_en}: {en}"

    return Check(kind, predicate, read, source)


def _months(year: int, params: ParameterSet, key: str) -> float | None:
    try:
        return params.value(AGE_LIMIT_MONTHS, year, key)
    except ParameterError:
        return None


def _child_under(year: int, params: ParameterSet, key: str, label: str, source: str) -> Check:
    months = _months(year, params, key)
    if months is None:
        return _flag_check(
            "age", Const(int(UNKNOWN)), f"{label} 연령 기준 {year}년 미확인", "age limit not verified", source
        )
    pred = AgeInRange("age", hi=months, hi_strict=True, unit="months")
    return _member_check(
        "age", pred, f"생후 {months:g}개월 미만 아동", f"child under {months:g} months", source, months=True
    )


@dataclass(frozen=True)
class Programme:
    """A national programme: the service ids it decides, the years it is written for, its checks."""

    key: str
    name_ko: str
    name_en: str
    service_ids: tuple[str, ...]
    years: tuple[int, ...]
    source: str
    build: Callable[[int, ParameterSet], list[Check]]
    note_ko: str = ""
    note_en: str = ""

    def covers(self, year: int) -> bool:
        """True when the programme is written for ``year``."""
        return int(year) in self.years

    def checks(self, year: int, params: ParameterSet = KR_WELFARE) -> list[Check]:
        """The checks that apply in ``year``."""
        return self.build(int(year), params)

    def predicate(self, year: int, params: ParameterSet = KR_WELFARE) -> Any:
        """The whole rule as one predicate (Kleene AND of the checks)."""
        return AllOf(tuple(c.predicate for c in self.checks(year, params)))

    def explain(self, facts: Facts, year: int, params: ParameterSet = KR_WELFARE) -> list[CheckResult]:
        """Each check for the first household of ``facts``, with the threshold and the household's figure."""
        out = []
        for c in self.checks(year, params):
            code = int(c.predicate.evaluate(facts, year, params)[0])
            ko, en = c.read(facts, year, params)
            out.append(CheckResult(c.kind, ko, en, c.source, code))
        return out

    def judge(self, facts: Facts, year: int, params: ParameterSet = KR_WELFARE) -> bool | None:
        """Eligibility of the first household of ``facts`` (True, False or None = needs review)."""
        return from_code(self.predicate(year, params).evaluate(facts, year, params)[0])


YEARS = (2024, 2025, 2026)


def _basic(benefit: str, article: str, extra: Callable[[int, ParameterSet], list[Check]] | None = None):
    def build(year: int, params: ParameterSet) -> list[Check]:
        checks = [
            _income_line_check(
                year, params, BENEFIT_SHARE, benefit, f"{article}; 보건복지부 고시 {year}년 기준 중위소득"
            )
        ]
        return checks + (extra(year, params) if extra else [])

    return build


def _medical_extra(year: int, params: ParameterSet) -> list[Check]:
    return [
        _flag_check(
            OTHER_KIND,
            Flag("obligor_ok"),
            "부양의무자 기준 충족 (부양의무자 없음 또는 부양능력 없음)",
            "support-obligation test met (no relative able to support)",
            "의료급여법 제3조제1항제1호; 국민기초생활 보장법 제2조제5호 (의료급여는 부양의무자 기준 적용)",
        )
    ]


def _education_extra(year: int, params: ParameterSet) -> list[Check]:
    return [
        _member_check(
            OTHER_KIND,
            AllOf((AgeInRange("age", lo=5, hi=21), Flag("in_school"))),
            "초·중·고 재학 가구원",
            "member enrolled in primary/secondary school",
            "국민기초생활 보장법 제12조제1항; 복지로 WLF00001089 (초·중·고등학생)",
        )
    ]


def _basic_pension(year: int, params: ParameterSet) -> list[Check]:
    return [
        _member_check(
            "age",
            AgeInRange("age", lo=65),
            "만 65세 이상 가구원",
            "member aged 65 or over",
            "기초연금법 제3조제1항",
        ),
        _amount_check(BASIC_PENSION, f"기초연금법 제3조제2항; 보건복지부 고시 {year}년 선정기준액"),
    ]


def _disability_pension(year: int, params: ParameterSet) -> list[Check]:
    return [
        _member_check(
            "disability",
            AllOf((AgeInRange("age", lo=18), AtLeast("disability_level", 2))),
            "만 18세 이상 중증(장애의 정도가 심한) 장애인 가구원",
            "member aged 18+ with a severe disability",
            "장애인연금법 제2조제1호, 제4조제1항",
        ),
        _amount_check(DISABILITY_PENSION, f"장애인연금법 제4조제2항; 보건복지부 고시 {year}년 선정기준액"),
    ]


def _disability_allowance(year: int, params: ParameterSet) -> list[Check]:
    not_student = Not(AllOf((AgeInRange("age", hi=20), Flag("in_school"))))
    return [
        _member_check(
            "disability",
            AllOf(
                (
                    AgeInRange("age", lo=18),
                    AtLeast("disability_level", 1),
                    AtMost("disability_level", 1),
                    not_student,
                )
            ),
            "만 18세 이상 경증(심하지 않은) 장애인 가구원 (18~20세 재학생 제외)",
            "member aged 18+ with a mild disability (not a student aged 18-20)",
            "장애인복지법 제49조제1항, 시행령 제30조; 복지로 WLF00003265",
        ),
        Check(
            "recipient",
            AnyOf(
                (
                    AnyTrue(tuple(f"rcp_{s}" for s in (*BASIC_BENEFITS, "차상위"))),
                    AtMost("income", Param(MEDIAN_INCOME, key_field="size", scale=0.5, round_to=1.0)),
                )
            ),
            _recipient_or_line_reader(50.0),
            "장애인복지법 제49조제1항 (기초생활수급자 또는 차상위계층: 국민기초생활 보장법 시행령 제3조, 중위 50%)",
        ),
    ]


def _recipient_or_line_reader(pct: float) -> Reader:
    def read(facts: Facts, year: int, params: ParameterSet) -> tuple[str, str]:
        held = [s for s in (*BASIC_BENEFITS, "차상위") if _row(facts, f"rcp_{s}")]
        if held:
            return f"수급·차상위 자격: {'·'.join(held)}", f"recipient status held: {', '.join(held)}"
        ko, en = _income_line_check(year, params, BENEFIT_SHARE, "차상위", "").read(facts, year, params)
        return f"수급·차상위 자격 없음 · {ko}", f"no recipient status · {en}"

    return read


def _child_allowance(year: int, params: ParameterSet) -> list[Check]:
    return [_child_under(year, params, "아동수당", "아동수당", "아동수당법 제4조제1항")]


def _parent_benefit(year: int, params: ParameterSet) -> list[Check]:
    return [_child_under(year, params, "부모급여", "부모급여", "영유아보육법 제34조의2; 복지로 WLF00004657")]


def _first_meeting(year: int, params: ParameterSet) -> list[Check]:
    return [
        _child_under(
            year,
            params,
            "첫만남이용권",
            "첫만남이용권",
            "첫만남이용권 지원 지침 (2024년 이후 출생아, 생후 2년 이내); 복지로 WLF00004656",
        )
    ]


def _single_parent(year: int, params: ParameterSet) -> list[Check]:
    child = AnyOf(
        (
            AgeInRange("age", hi=18, hi_strict=True),
            AllOf((AgeInRange("age", hi=22, hi_strict=True), Flag("in_school"))),
        )
    )
    return [
        _flag_check(
            "household_type",
            Flag("single_parent"),
            "한부모가족 (또는 조손가족)",
            "single-parent (or grandparent) family",
            "한부모가족지원법 제4조, 제5조",
        ),
        _member_check(
            "age",
            AllOf((child, Flag("child_of_head"))),
            "18세 미만 자녀 (고등학교 이하 재학 시 22세 미만)",
            "child under 18 (under 22 while in school)",
            "한부모가족지원법 제4조제5호, 제12조제1항제4호",
        ),
        _income_line_check(
            year,
            params,
            PROGRAMME_SHARE,
            "한부모",
            f"한부모가족지원법 제5조; 여성가족부 고시 {year}년 지원대상자 범위",
        ),
    ]


def _emergency(year: int, params: ParameterSet) -> list[Check]:
    return [
        _flag_check(
            OTHER_KIND,
            Flag("crisis"),
            "위기사유 (주소득자 사망·실직, 중한 질병 등)",
            "crisis (loss of the main earner, serious illness, ...)",
            "긴급복지지원법 제2조",
        ),
        _income_line_check(
            year,
            params,
            PROGRAMME_SHARE,
            "긴급복지",
            f"긴급복지지원법 제5조의2; 보건복지부 고시 {year}년 긴급지원 기준",
        ),
        _flag_check(
            OTHER_KIND,
            Const(int(UNKNOWN)),
            "재산 기준 (대도시 2억 4,100만원 이하 등)·금융재산 기준: 확인 필요",
            "asset limits (e.g. 241 million KRW in large cities): not modelled",
            "긴급복지지원법 시행령 제1조의2; 복지로 WLF00003180",
        ),
    ]


def _energy(year: int, params: ParameterSet) -> list[Check]:
    recipient = AnyOf(
        (
            AnyTrue(tuple(f"rcp_{s}" for s in BASIC_BENEFITS)),
            AllOf(
                (
                    AtMost("income", Param(MEDIAN_INCOME, key_field="size", scale=0.48, round_to=1.0)),
                    Const(int(UNKNOWN)),
                )
            ),
        )
    )

    def read(facts: Facts, year: int, params: ParameterSet) -> tuple[str, str]:
        held = [s for s in BASIC_BENEFITS if _row(facts, f"rcp_{s}")]
        if held:
            return (
                f"기초생활보장급여 수급: {'·'.join(held)}",
                f"basic livelihood benefit held: {', '.join(held)}",
            )
        ko, en = _income_line_check(year, params, BENEFIT_SHARE, "주거", "").read(facts, year, params)
        return (
            f"기초생활보장급여 수급 없음 (소득이 주거급여 기준 이하이면 수급 후 대상) · {ko}",
            f"no basic livelihood benefit (eligible once receiving one if under the line) · {en}",
        )

    traits = AnyOf(
        (
            AnyMember(AgeInRange("age", lo=65)),
            AnyMember(AtLeast("disability_level", 1)),
            AnyMember(AgeInRange("age", hi=7)),
            Flag("pregnant"),
            AnyMember(AgeInRange("age", hi=6, hi_strict=True, unit="months")),
            Flag("single_parent"),
            Flag("sit_질병·장기요양"),
            Flag("sit_시설·보호·위탁"),
        )
    )
    return [
        Check(
            "recipient", recipient, read, "에너지법 제16조의3; 복지로 WLF00000072 (기초생활보장급여 수급자)"
        ),
        _flag_check(
            OTHER_KIND,
            traits,
            "세대원 특성 (65세 이상, 장애인, 7세 이하, 임산부·출산 6개월 미만, 중증·희귀질환, 한부모, 소년소녀가정)",
            "member trait (65+, disabled, 7 or under, pregnant or birth within 6 months, serious illness, single parent)",
            "에너지법 시행령 제16조의2; 복지로 WLF00000072",
        ),
    ]


OTHER_KIND = "other"

_LIST = [
    Programme(
        "생계급여",
        "생계급여",
        "livelihood benefit",
        ("WLF00001132",),
        YEARS,
        "국민기초생활 보장법 제8조제2항",
        _basic("생계", "국민기초생활 보장법 제8조제2항"),
        "부양의무자 기준: 부양의무자 연소득 1.3억원 또는 재산 12억원 초과 시 제외 (미반영)",
        "support obligation: excluded when a relative earns over 130 million KRW a year or owns over 1.2 billion (not modelled)",
    ),
    Programme(
        "의료급여",
        "의료급여",
        "medical aid",
        ("WLF00000102",),
        YEARS,
        "국민기초생활 보장법 제12조의3제2항; 의료급여법 제3조",
        _basic("의료", "국민기초생활 보장법 제12조의3제2항", _medical_extra),
    ),
    Programme(
        "주거급여",
        "주거급여",
        "housing benefit",
        ("WLF00003201",),
        YEARS,
        "국민기초생활 보장법 제11조; 주거급여법 제5조",
        _basic("주거", "주거급여법 제5조제1항"),
    ),
    Programme(
        "교육급여",
        "교육급여",
        "education benefit",
        ("WLF00001089",),
        YEARS,
        "국민기초생활 보장법 제12조제3항",
        _basic("교육", "국민기초생활 보장법 제12조제3항", _education_extra),
    ),
    Programme(
        "기초연금", "기초연금", "basic pension", ("WLF00001164",), YEARS, "기초연금법 제3조", _basic_pension
    ),
    Programme(
        "장애인연금",
        "장애인연금",
        "disability pension",
        ("WLF00003249",),
        YEARS,
        "장애인연금법 제4조",
        _disability_pension,
    ),
    Programme(
        "장애수당",
        "장애수당",
        "disability allowance",
        ("WLF00003265",),
        YEARS,
        "장애인복지법 제49조",
        _disability_allowance,
    ),
    Programme(
        "아동수당",
        "아동수당",
        "child allowance",
        ("WLF00001171",),
        YEARS,
        "아동수당법 제4조",
        _child_allowance,
    ),
    Programme(
        "부모급여",
        "부모급여",
        "parental benefit",
        ("WLF00004657",),
        YEARS,
        "영유아보육법 제34조의2",
        _parent_benefit,
    ),
    Programme(
        "첫만남이용권",
        "첫만남이용권",
        "first-meeting voucher",
        ("WLF00004656",),
        YEARS,
        "첫만남이용권 지원 지침",
        _first_meeting,
    ),
    Programme(
        "한부모아동양육비",
        "한부모가족 아동양육비",
        "single-parent child-rearing allowance",
        ("WLF00001068",),
        YEARS,
        "한부모가족지원법 제5조, 제12조",
        _single_parent,
    ),
    Programme(
        "긴급복지생계지원",
        "긴급복지 생계지원",
        "emergency livelihood support",
        ("WLF00003180",),
        YEARS,
        "긴급복지지원법 제2조, 제5조의2",
        _emergency,
    ),
    Programme(
        "에너지바우처",
        "에너지바우처",
        "energy voucher",
        ("WLF00000072",),
        (2025,),
        "에너지법 제16조의3",
        _energy,
        "2025년 복지로 기준 (기초생활보장급여 수급자); 2024·2026 대상 범위는 미확인",
        "as the 2025 catalogue states it (basic livelihood recipients); 2024 and 2026 scope not verified",
    ),
]

#: The national programmes by key.
PROGRAMMES: dict[str, Programme] = {p.key: p for p in _LIST}


def programme_for(service_id: str, year: int) -> Programme | None:
    """The programme that decides ``service_id`` in ``year`` (None: the extracted reading applies)."""
    for p in _LIST:
        if service_id in p.service_ids and p.covers(year):
            return p
    return None


def programme_table(lang: str = "ko") -> list[Mapping[str, Any]]:
    """One row per programme: name, service ids, years and legal basis (for the page and the README)."""
    return [
        {
            "programme": p.name_ko if lang == "ko" else p.name_en,
            "service_ids": ", ".join(p.service_ids),
            "years": ", ".join(str(y) for y in p.years),
            "source": p.source,
            "note": p.note_ko if lang == "ko" else p.note_en,
        }
        for p in _LIST
    ]
