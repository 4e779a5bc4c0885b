"""Rules over Kiwi tokens that turn a service's target and selection text into conditions.

Each rule is a regular expression over a sentence's ``form/TAG`` token string
(:mod:`sectors.welfare.text`). Every condition keeps the sentence (or the structured field value)
it came from. Sentences that exclude people ("…는 제외", "신청 불가", and the items under a
"다음에 해당하는 사람은 제외" header) give no conditions: exclusions are not modelled. Nor do
sentences that define how income is counted (소득평가액, 소득환산액, 공적이전소득, "=").

Structure, not only words:

- a sub-provision ("…청년에게는 주거급여를 분리하여 지급하며 대상은 아래와 같습니다", "(특례) …",
  "(예외) …") and the lines under it are not conditions of the main programme; neither is the part
  of a sentence after "다만," / "단,";
- the items under "다음 어느 하나에 해당" are alternatives: their conditions share an ``alt`` block
  and are OR-ed across kinds;
- rows of a per-household-size threshold table ("1인 가구 : 1,148,166원") are one income condition
  indexed by household size (the median share when the rows reproduce one, else ``type="table"``),
  never a household type;
- the Bokjiro age bands and life stages are coarse hints: their age condition is ``uncertain``
  (it can admit a household but not rule one out);
- the service name is read for target groups only (의사상자, 자립준비청년, ...), which the household
  must state (``situations``) for the service to be more than "needs review".

Which text is read:

- central services (with 선정기준): 지원대상상세 and 선정기준; the Bokjiro age bands
  (지원가능한 나이) only when the text states no age;
- Bokjiro entries without criteria text: 설명, plus the structured fields 주소 (region),
  지원가능한 나이 (age bands), 대상특성 (target traits) and 지원범위 (household scope).

Example:
    >>> from sectors.welfare.text import sentences_of
    >>> conds = conditions_from_sentences(sentences_of([("선정기준", "만 65세 이상, 기준 중위소득 50% 이하")]))
    >>> sorted(c.kind for c in conds)
    ['age', 'income']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from sectors.welfare.conditions import OTHER, RECIPIENT_STATUSES, Condition, make
from sectors.welfare.regions import PROVINCE_ALIASES, municipality_names, normalise_region
from sectors.welfare.rules.parameters import KR_WELFARE, MEDIAN_INCOME
from sectors.welfare.text import Sentence, sentences_by_owner, sentences_of

NUM = r"(\d+(?:\.\d+)?)/SN"
UNIT = r"(세|개월)/NNB"
MAN = r"(?:만/MM )?"
DASH = r"[~～∼〜\-]/S[OW]"
LOWER_OPS = {"이상": False, "초과": True}
UPPER_OPS = {"이하": False, "미만": True}

_RANGE = re.compile(
    rf" {MAN}{NUM} (?:{UNIT} )?(?:부터/JX |{DASH} ){MAN}{NUM} {UNIT}(?: (이하|미만)/NNG| 까지/JX)?"
)
_BOUND = re.compile(rf" {MAN}{NUM} {UNIT} (?:[이가]/JKS )?(이상|이하|미만|초과)/NNG")
_MEDIAN = re.compile(
    r" 중위/NNG 소득/NNG (?:의/JKG |기준/NNG |\(/SSO )*"
    rf"(?:{NUM} 분/XSN 의/JKG {NUM}(?: %/SW)?|{NUM} %/SW)"
    rf"(?: 의/JKG {NUM} %/SW)?"
    r" (?:[이가]/JKS |에/JKB |\)/SSC )?(이하|미만|이내|이상|초과)/NNG"
)
_KRW = re.compile(r" (\d[\d,]*(?:\.\d+)?)/SN (?:(억|천만|백만|만|천)/NR )?원/NNB")
_MULTIPLIER = {None: 1, "천": 1e3, "만": 1e4, "백만": 1e6, "천만": 1e7, "억": 1e8}

EXCLUSION = re.compile(
    r"(?<!적용)제외(?:합니다|하며|하고|한다|되며|됩니다|대상|자|\)|\.|$)"
    r"|(?:신청|지원|지급|가입|참여|이용|선정|입소)\s*(?:이\s*)?불가|중복\s*(?:지원|수급|신청|지급|가입)"
    r"|지원하지 않|지급하지 않|해당하지 않|아닌\s*(?:자|사람|경우)"
)
EXCLUSION_HEADER = re.compile(
    r"(?:제외|불가|중복|할 수 없|없습니다).*(?:다음|아래)|(?:다음|아래).*(?:제외|불가|중복)"
)
# How income is computed (소득인정액 = 소득평가액 + 재산의 소득환산액, 공적이전소득: ...): not who qualifies.
DEFINITION = re.compile(
    r"소득평가액|소득환산|이전소득|임차소득|[가-힣]*소득\s*:|산정\s*방식|산출\s*방식|환산율|공제\s*:|="
)
THIRD_PARTY = re.compile(r"^\W*(?:\([^)]*\)\s*)?부양의무자")
NEW_HEADER = re.compile(r"(?:다음|아래)과 같|기준은|대상은|대상자는|자격은|요건")
# A special sub-provision: separately paid members, special cases, exceptions, extra payments.
SUBPROVISION = re.compile(r"분리\s*(?:하여\s*)?지급|특례|예외|추가\s*지급|추가\s*아동양육비")
SUBPROVISION_LINE = re.compile(r"^\W*[(\[<]\s*(?:특례|예외|참고)\s*[)\]>]|^\W*추가\s*[가-힣]*\s*:")
LIST_HEADER = re.compile(r"(?:다음|아래)(?:과|와)?\s*같|(?:다음|아래)\s*(?:각\s*호|중|의)|:\s*$")
ALT_HEADER = re.compile(
    r"(?:다음|아래)\S*\s*(?:각\s*호의?\s*)?(?:중\s*)?(?:어느\s*)?하나|어느\s*하나에\s*해당|중\s*하나에\s*해당"
)
# Where an exception clause starts inside a sentence ("…18세 미만의 아동* 단, 고등학교 …").
PROVISO = re.compile(r" (?:단/(?:MAJ|MAG|NNG)|다만/(?:MAJ|MAG)) ,/SP")
# A row of a per-household-size threshold table: "1인 가구 : 1,148,166원", "2인가구: 1,258,451원".
TABLE_ROW = re.compile(r"(\d)\s*인\s*(?:가구|기준)?\s*[:：]?\s*(\d{1,3}(?:,\d{3})+|\d{5,})\s*원")
KNOWN_SHARES = (32.0, 40.0, 48.0, 50.0, 60.0, 63.0, 65.0, 72.0, 75.0, 100.0)
BOILERPLATE = re.compile(r"참고해\s*주|참고하시기|문의|바랍니다\.?$")

# Markers of requirements the suite has no household data for: always "needs review".
OTHER_MARKERS: dict[str, re.Pattern[str]] = {
    "보훈대상자": re.compile(r" (?:보훈/NNG|유공자/NNG|참전/NNG)"),
    "북한이탈주민": re.compile(r"북한이탈주민/NNP|북한/NNP 이탈|탈북/NNG|새터민/NNG"),
    "학생·재학": re.compile(r" (?:[가-힣]*학생/NNG|재학/NNG|학교/NNG 밖/NNG|특수/NNG 교육/NNG 대상자)"),
    "농어업인": re.compile(r" (?:농업인|어업인|농어민|임업인|농어업인|농업/NNG 인|어업/NNG 인|농어업/NNG)"),
    "사업주·기업": re.compile(r" (?:사업주/NNG|소상공인/NNG|법인/NNG 또는/MAG 단체/NNG)"),
    # added after the held-out labelling; it only ever adds "needs review" (kind "other")
    "단체·기관": re.compile(
        r" (?:비/XPN 영리/NNG|[가-힣]*단체/NNG (?:[을를]/JKO |로서/JKB )?대상|협동조합/NNG)"
    ),
    "질병·장기요양": re.compile(
        r" (?:[가-힣]*질환/NNG|질병/NNG|[가-힣]*환자/NNG|난치/NNG|치매/NNG|장기/NNG 요양/NNG)"
    ),
    "피해자": re.compile(r" 피해자/NNG"),
    "의사상자": re.compile(r" (?:의사/NNG 상자/NNG|의상/NNG 자/XSN|의사/NNG 이/VCP 자/EC|의사상자/NN[GP])"),
    "주거 상태": re.compile(r" (?:무주택/NNG|무/XPN 주택/NNG|세입자/NNG|임차/NNG)"),
    "시설·보호·위탁": re.compile(
        r" (?:보호/NNG 대상/NNG 아동|시설/NNG 입소|위탁/NNG|입양/NNG|보호/NNG 종료|자립/NNG 준비/NNG|노숙[가-힣]*/NNG|퇴소/NN[GP])"
    ),
    "군 복무": re.compile(r" (?:군인/NNG|제대/NNG|병역/NNG|전역/NNG)"),
    "예술인": re.compile(r" 예술인/NNG"),
    "출소·교정": re.compile(r" (?:출소/NNG|교정/NNG 시설)"),
    "산업재해": re.compile(r" 산재/NNG|산업/NNG 재해/NNG"),
    # situation-specific targets: a household is only matched when it states the situation
    "양육비 채권": re.compile(r" 양육비/NNG 채권(?:자)?/NNG"),
    "직업재활·근로장애인": re.compile(r" 직업/NNG 재활/NNG 시설/NNG|근로/NNG 장애인/NNG"),
    "다른 서비스 이용": re.compile(r" (?:서비스|바우처)/NN[GP] (?:수급자|수급권자|이용자)/NNG"),
}

RECIPIENT_BENEFIT = re.compile(
    r"((?: (?:생계|의료|주거|교육)/NNG(?: (?:[∙·ㆍ,]/S[WP]|및/MAG|또는/MAG|,/SP))?)+) 급여/NNG"
    r"(?: (?:[∙·ㆍ,]/S[WP]|및/MAG|또는/MAG))?(?: [가-힣]+/NNG){0,2} (?:수급자|수급권자|수급/NNG|대상자)"
)
BASIC_LIVELIHOOD = re.compile(
    r" (?:국민/NNG )?기초/NNG 생활/NNG (?:보장/NNG )?(?:급여/NNG )?(?:법/NNG [^ ]+ )?(?:수급자|수급권자|수급/NNG)"
)
BARE_RECIPIENT = re.compile(r"(?:^ |/S[PWSO] |및/MAG |또는/MAG |\(/SSO )(?:수급자|수급권자)/NNG")
NEAR_POOR = re.compile(r" 차상위/NNG")

HOUSEHOLD_RULES: dict[str, re.Pattern[str]] = {
    "single_parent": re.compile(r" (?:한/MM 부모/NNG|한부모/NNG|미혼모/NNG|미혼부/NNG|미혼/NNG 모/NNG)"),
    "grandparent_family": re.compile(r" 조손/NNG"),
    "elderly_alone": re.compile(
        r" (?:독거노인/NNG|독거/NNG (?:노인|어르신)|홀몸/NNG|홀로/MAG 사/VV [^ ]+ (?:노인|어르신)|혼자/MAG 사/VV [^ ]+ (?:노인|어르신)|노인/NNG 단독/NNG)"
    ),
    "single_person": re.compile(r" 1/SN 인/NNG 가구/NNG"),
    "multicultural": re.compile(r" (?:다문화/NNG (?:가족|가정|가구)/NNG|결혼/NNG 이민자/NNG)"),
    "newlywed": re.compile(r" 신혼부부/NNG|신혼/NNG 부부/NNG"),
}
MULTI_CHILD = re.compile(r" 다자녀/NNG")
CHILD_COUNT = re.compile(
    r" (?:(\d)/SN 자녀/NNG (?:이상|[^ ]+ 이상)|(?:자녀|아동|아이)/NNG (?:[이가]/JKS )?(\d)/SN 명/NNB (?:이상/NNG)?)"
)

DISABILITY_SEVERE = re.compile(
    r" (?:중증/NNG (?:[가-힣]+/NNG )?장애|장애/NNG (?:의/JKG )?정도/NNG (?:[이가]/JKS )?심하/VA (?!지/EC 않)|심하/VA [^ ]+ 장애)"
)
DISABILITY_MILD = re.compile(r" (?:경증/NNG (?:[가-힣]+/NNG )?장애|심하/VA 지/EC 않/VX [^ ]+ 장애)")
DISABILITY_ANY = re.compile(
    r"(?<!비/XPN) (?:[가-힣]*장애인/NNG|장애/NNG (?:아동|아|학생|가구|가정|가족|부모|인)/NNG|장애아/NNG)"
)

PREGNANT = re.compile(
    r" (?:임신부/NNG|임산부/NNG|임신/NNG (?!기간)(?:중/NNB|[가-힣]+/NN[GB]|하/XSV)|임부/NNG)"
)
BIRTH = re.compile(r" (?:출산/NNG (?!율|전후|휴가)|산모/NNG|신생아/NNG|분만/NNG)")

UNEMPLOYED = re.compile(
    r" (?:미/XPN 취업|비/XPN 취업|미취업/NNG|실업/NNG (?!급여)|실업자/NNG|실직/NNG|구직/NNG (?!급여)|구직자/NNG|무직/NNG|취업/NNG 준비)"
)
EMPLOYED = re.compile(
    r"(?<!미/XPN)(?<!비/XPN) (?:근로/NNG 활동/NNG (?:중|을)|재직/NNG|재직자/NNG|취업자/NNG|취업/NNG 중|맞벌이/NNG"
    r"|근로자/NNG|자영업/NNG|자영업자/NNG|취업/NNG 한/MM 부모)"
)
LOW_INCOME = re.compile(r" 저/XPN 소득/NNG|저소득/NNG")
INCOME_WORD = re.compile(r"소득|보수|선정/NNG 기준/NNG 액|선정기준액|인정/NNG 액")
ASSET_WORD = re.compile(r"재산|자산|보증금|전세|대출|융자|부채|매출|보험료|임차|가액|과세|금융")


def _float(x: str) -> float:
    return float(x.replace(",", ""))


PARENT_ROLE = re.compile(r"산모|임산부|임신부|부모|부 또는 모|미혼모|미혼부|엄마|아빠")
CHILD_WORD = re.compile(
    r"^\S{0,4}\s*(?:의\s*)?(?:아동|자녀|영아|유아|영유아|아이|출생아|신생아|학생|청소년(?!\s*(?:산모|부모|한부모|미혼)))"
)


def _age_role(s: Sentence, out: list[Condition]) -> list[Condition]:
    """Ages of a parent ("만 19세 이하 산모", "부모가 모두 청소년(만24세 이하)") apply to a parent, not to any member."""
    if not out or not PARENT_ROLE.search(s.text):
        return out
    for m in re.finditer(r"\d+\s*(?:세|개월)\s*(?:이하|미만|이상|초과)?", s.text):
        if CHILD_WORD.search(s.text[m.end() :]):
            return out  # the age is a child's ("18세 미만의 아동")
    return [make(c.kind, c.source, c.field, **c.params, role="parent") for c in out]


def _age_conditions(s: Sentence) -> list[Condition]:
    return _age_role(s, _age_bounds(s))


def _age_bounds(s: Sentence) -> list[Condition]:
    out: list[Condition] = []
    used: list[tuple[int, int]] = []
    for m in _RANGE.finditer(s.tokens):
        lo, lo_unit, hi, hi_unit, op = m.group(1), m.group(2), m.group(3), m.group(4), m.group(5)
        lo_unit = lo_unit or hi_unit
        out.append(
            make(
                "age",
                s.text,
                s.field,
                lo=_float(lo),
                lo_unit="months" if lo_unit == "개월" else "years",
                hi=_float(hi),
                hi_unit="months" if hi_unit == "개월" else "years",
                hi_strict=True if op == "미만" else None,
            )
        )
        used.append(m.span())
    bounds = []
    for m in _BOUND.finditer(s.tokens):
        if any(a <= m.start() < b for a, b in used):
            continue
        bounds.append((m.start(), m.end(), _float(m.group(1)), m.group(2), m.group(3)))
    i = 0
    while i < len(bounds):
        start, end, value, unit, op = bounds[i]
        unit_name = "months" if unit == "개월" else "years"
        nxt = bounds[i + 1] if i + 1 < len(bounds) else None
        if op in LOWER_OPS and nxt and nxt[4] in UPPER_OPS and nxt[0] - end < 30:
            out.append(
                make(
                    "age",
                    s.text,
                    s.field,
                    lo=value,
                    lo_unit=unit_name,
                    lo_strict=LOWER_OPS[op] or None,
                    hi=nxt[2],
                    hi_unit="months" if nxt[3] == "개월" else "years",
                    hi_strict=UPPER_OPS[nxt[4]] or None,
                )
            )
            i += 2
            continue
        if op in LOWER_OPS:
            out.append(
                make("age", s.text, s.field, lo=value, lo_unit=unit_name, lo_strict=LOWER_OPS[op] or None)
            )
        else:
            out.append(
                make("age", s.text, s.field, hi=value, hi_unit=unit_name, hi_strict=UPPER_OPS[op] or None)
            )
        i += 1
    return out


def _median_conditions(s: Sentence) -> list[Condition]:
    out = []
    for m in _MEDIAN.finditer(s.tokens):
        denom, numer, pct, share_of, op = m.group(1), m.group(2), m.group(3), m.group(4), m.group(5)
        if op in ("이상", "초과"):
            continue
        value = _float(numer) / _float(denom) * 100 if denom else _float(pct)
        if share_of:
            value = value * _float(share_of) / 100
        out.append(
            make("income", s.text, s.field, type="median", pct=round(value, 4), strict=op == "미만" or None)
        )
    return out


def _amount_conditions(s: Sentence, service_name: str) -> list[Condition]:
    tokens = s.tokens
    if not INCOME_WORD.search(tokens) or "중위/NNG" in tokens:
        return []
    amounts: list[tuple[str, float]] = []
    for m in _KRW.finditer(tokens):
        before = tokens[max(0, m.start() - 60) : m.start()]
        if ASSET_WORD.search(before[-40:]):
            continue
        krw = _float(m.group(1)) * _MULTIPLIER[m.group(2)]
        if krw < 100_000:
            continue
        key = "couple" if "부부/NNG" in before[-30:] else "single" if "단독/NNG" in before[-30:] else "any"
        after = tokens[m.end() : m.end() + 30]
        if key == "any" and not re.search(r"(이하|미만|이내)/NNG", after):
            continue
        amounts.append((key, krw))
    if not amounts:
        return []
    if (
        "선정/NNG 기준/NNG 액" not in tokens
        and "선정기준액" not in tokens
        and not any(k != "any" for k, _ in amounts)
    ):
        amounts = amounts[:1]
    period = "year" if re.search(r" (?:연/NNG|연간/NNG|년/NNB 간|연/MM)", tokens) else None
    if period is None and re.search(r" 월/NNG|매월/NNG|월평균/NNG", tokens):
        period = "month"
    year = re.search(r" (20\d\d)/SN (?:년/NNB|도/NNG|년도/NNG)", tokens)
    parameter = None
    if "기초연금" in service_name or "기초 연금" in service_name:
        parameter = "kr.basic_pension.selection_amount"
    elif "장애인연금" in service_name:
        parameter = "kr.disability_pension.selection_amount"
    keyed = tuple(sorted({k: v for k, v in amounts}.items()))
    return [
        make(
            "income",
            s.text,
            s.field,
            type="amount",
            amounts=keyed,
            period=period,
            stated_year=int(year.group(1)) if year else None,
            parameter=parameter,
        )
    ]


def _recipient_conditions(s: Sentence) -> list[Condition]:
    statuses: set[str] = set()
    for m in RECIPIENT_BENEFIT.finditer(s.tokens):
        statuses |= set(re.findall(r"(생계|의료|주거|교육)/NNG", m.group(1)))
    if BASIC_LIVELIHOOD.search(s.tokens) or BARE_RECIPIENT.search(s.tokens):
        statuses |= {"생계", "의료", "주거", "교육"}
    if NEAR_POOR.search(s.tokens):
        statuses.add("차상위")
    if not statuses:
        return []
    ordered = tuple(x for x in RECIPIENT_STATUSES if x in statuses)
    return [make("recipient", s.text, s.field, statuses=ordered)]


def _household_conditions(s: Sentence) -> list[Condition]:
    out = []
    table_row = bool(TABLE_ROW.search(s.text))
    for kind, pattern in HOUSEHOLD_RULES.items():
        if kind == "single_person" and table_row:
            continue  # "1인 가구 : 1,148,166원" is a row of a threshold table, not a household type
        if pattern.search(s.tokens):
            out.append(make("household_type", s.text, s.field, type=kind))
    count = CHILD_COUNT.search(s.tokens)
    if MULTI_CHILD.search(s.tokens) or (
        count and ("다자녀" in s.text or "자녀" in s.text or "아동" in s.text)
    ):
        n = None
        if count:
            n = int(count.group(1) or count.group(2))
            n = n if n >= 2 else None
        if MULTI_CHILD.search(s.tokens) or n:
            out.append(make("household_type", s.text, s.field, type="multi_child", min_children=n))
    return out


def _disability_conditions(s: Sentence) -> list[Condition]:
    if DISABILITY_SEVERE.search(s.tokens):
        return [make("disability", s.text, s.field, level="severe")]
    if DISABILITY_MILD.search(s.tokens):
        return [make("disability", s.text, s.field, level="mild")]
    if DISABILITY_ANY.search(s.tokens):
        return [make("disability", s.text, s.field, level="any")]
    return []


def _pregnancy_conditions(s: Sentence) -> list[Condition]:
    out = []
    if PREGNANT.search(s.tokens):
        out.append(make("pregnancy_birth", s.text, s.field, event="pregnant"))
    if BIRTH.search(s.tokens):
        out.append(make("pregnancy_birth", s.text, s.field, event="birth"))
    return out


def _employment_conditions(s: Sentence) -> list[Condition]:
    out = []
    if UNEMPLOYED.search(s.tokens):
        out.append(make("employment", s.text, s.field, status="unemployed"))
    if EMPLOYED.search(s.tokens):
        out.append(make("employment", s.text, s.field, status="employed"))
    return out


def _region_conditions(s: Sentence) -> list[Condition]:
    out = []
    names = municipality_names()
    for alias, province in PROVINCE_ALIASES.items():
        for m in re.finditer(
            rf" {re.escape(alias)}/NN[PG] ([가-힣]+)/NN[PG](?: ([가-힣]+)/NN[PG])?", s.tokens
        ):
            word = m.group(1) + (m.group(2) or "")
            for candidate in (word, m.group(1)):
                if candidate in names.get(province, ()):
                    out.append(make("region", s.text, s.field, region=f"{province} {candidate}"))
                    break
    return out


def _other_conditions(s: Sentence) -> list[Condition]:
    return [make(OTHER, s.text, s.field, category=c) for c, p in OTHER_MARKERS.items() if p.search(s.tokens)]


def _table_condition(
    rows: dict[int, float], sources: list[str], field: str, median_pcts: set[float], header: str = ""
) -> Condition:
    """One income condition from the rows of a per-household-size table.

    The rows reproduce a share of the standard median income (for some year with a published
    median): that share. Otherwise the amounts themselves, keyed by size, for the year they state.
    """
    source = " / ".join(dict.fromkeys(sources))
    median = KR_WELFARE.get(MEDIAN_INCOME)
    for pct in sorted(median_pcts | set(KNOWN_SHARES)):
        for year in median.years():
            try:
                ok = all(
                    abs(median.value(year, size) * pct / 100 - amount) <= 2 for size, amount in rows.items()
                )
            except KeyError:
                ok = False
            if ok:
                return make("income", source, field, type="median", pct=pct)
    stated = re.search(r"(20\d\d)\s*년", source) or re.search(r"(20\d\d)\s*년", header)
    return make(
        "income",
        source,
        field,
        type="table",
        amounts=tuple(sorted(rows.items())),
        stated_year=int(stated.group(1)) if stated else None,
    )


def _cut_proviso(s: Sentence) -> Sentence:
    """The sentence up to an exception clause ("다만," / "단,") that starts after its first word."""
    m = PROVISO.search(s.tokens)
    if m is None or m.start() == 0:
        return s
    return Sentence(s.text, s.field, s.tokens[: m.start() + 1])


def _sentence_conditions(s: Sentence, service_name: str) -> list[Condition]:
    out = _age_conditions(s)
    if THIRD_PARTY.search(s.text):
        return out  # about a relative (부양의무자), not the applicant
    out += _median_conditions(s)
    if not TABLE_ROW.search(s.text):
        out += _amount_conditions(s, service_name)
    out += _recipient_conditions(s)
    out += _household_conditions(s)
    out += _disability_conditions(s)
    out += _pregnancy_conditions(s)
    out += _employment_conditions(s)
    out += _region_conditions(s)
    out += _other_conditions(s)
    if LOW_INCOME.search(s.tokens):
        out.append(make("income", s.text, s.field, type="unspecified"))
    return out


def _with(c: Condition, **extra: Any) -> Condition:
    return make(c.kind, c.source, c.field, **c.params, **extra)


def conditions_from_sentences(sentences: Iterable[Sentence], service_name: str = "") -> list[Condition]:
    """Apply every rule to each sentence, reading the structure (see the module notes)."""
    out: list[Condition] = []
    in_exclusion_block: str | None = None
    in_subprovision: str | None = None
    alt_block: tuple[str, int] | None = None
    tables: dict[str, tuple[dict[int, float], list[str]]] = {}
    years: dict[str, str] = {}
    sentences = list(sentences)
    for i, s in enumerate(sentences):
        if s.field == "서비스명":
            out += _other_conditions(s)  # the name only says which group the service is for
            continue
        new_block = NEW_HEADER.search(s.text) is not None
        if in_exclusion_block is not None and (s.field != in_exclusion_block or new_block):
            in_exclusion_block = None
        if in_subprovision is not None and (
            s.field != in_subprovision or (new_block and not SUBPROVISION.search(s.text))
        ):
            in_subprovision = None
        if alt_block is not None and (s.field != alt_block[0] or new_block):
            alt_block = None
        if EXCLUSION_HEADER.search(s.text):
            in_exclusion_block = s.field
            continue
        if SUBPROVISION_LINE.search(s.text) or (SUBPROVISION.search(s.text) and LIST_HEADER.search(s.text)):
            in_subprovision = s.field
            continue
        if in_exclusion_block is not None or in_subprovision is not None:
            continue
        if EXCLUSION.search(s.text) or BOILERPLATE.search(s.text):
            continue
        if DEFINITION.search(s.text):
            continue  # a definition of how income is counted, not an eligibility condition
        for m in TABLE_ROW.finditer(s.text):
            if s.field not in tables and i > 0 and sentences[i - 1].field == s.field:
                years[s.field] = sentences[i - 1].text  # the table's header may state its year
            rows, sources = tables.setdefault(s.field, ({}, []))
            rows.setdefault(int(m.group(1)), float(m.group(2).replace(",", "")))
            sources.append(s.text)
        found = _sentence_conditions(_cut_proviso(s), service_name)
        if alt_block is not None:
            found = [_with(c, alt=f"{alt_block[0]}:{alt_block[1]}") for c in found]
        out += found
        if ALT_HEADER.search(s.text):
            alt_block = (s.field, i)
    median_pcts = {c.get("pct") for c in out if c.kind == "income" and c.get("type") == "median"}
    for field, (rows, sources) in tables.items():
        if len(rows) >= 2:
            out.append(_table_condition(rows, sources, field, median_pcts, years.get(field, "")))
    return out


def _band_condition(bands: str, field: str) -> Condition | None:
    """The hull of Bokjiro's age bands ("19~39세,40~64세" -> 19..64); None when they cover every age."""
    los, his = [], []
    for band in re.split(r"[,\s]+", bands.strip()):
        if m := re.fullmatch(r"(\d+)~(\d+)세", band):
            los.append(int(m.group(1)))
            his.append(int(m.group(2)))
        elif m := re.fullmatch(r"(\d+)세이상", band):
            los.append(int(m.group(1)))
            his.append(None)
    if not los:
        return None
    lo = min(los)
    hi = None if None in his else max(his)
    if lo == 0 and hi is None:
        return None
    return make(
        "age",
        f"지원가능한 나이: {bands}",
        field,
        lo=float(lo),
        lo_unit="years",
        hi=hi and float(hi),
        hi_unit="years" if hi else None,
        uncertain=True,
    )


INCOME_BASIS = re.compile(r"중위소득|소득기준|건강보험료|월평균 소득|소득최고")
#: Bokjiro's life stages, with the age bands its own age field uses for them.
LIFE_STAGES = {
    "영유아": (0, 5),
    "아동": (6, 12),
    "청소년": (13, 18),
    "청년": (19, 39),
    "중장년": (40, 64),
    "노년": (65, None),
}


def _life_stage_conditions(stages: str, kinds: set[str]) -> list[Condition]:
    """Age hull of Bokjiro's life stages (and pregnancy/birth for "임신 · 출산"), for entries without text ages."""
    names = [x.strip() for x in stages.split(",") if x.strip()]
    out = []
    if any("임신" in x for x in names) and "pregnancy_birth" not in kinds:
        source = f"생애주기: {stages}"
        out += [make("pregnancy_birth", source, "생애주기", event=e) for e in ("pregnant", "birth")]
    bands = [LIFE_STAGES[x] for x in names if x in LIFE_STAGES]
    if not bands or any("임신" in x for x in names):
        return out
    lo = min(b[0] for b in bands)
    hi = None if any(b[1] is None for b in bands) else max(b[1] for b in bands)
    if lo == 0 and hi is None:
        return out
    out.append(
        make(
            "age",
            f"생애주기: {stages}",
            "생애주기",
            lo=float(lo),
            lo_unit="years",
            hi=hi and float(hi),
            hi_unit="years" if hi else None,
            uncertain=True,
        )
    )
    return out


TRAIT_RULES: dict[str, list[tuple[str, dict[str, Any]]]] = {
    "저소득": [("income", {"type": "unspecified"})],
    "장애인": [("disability", {"level": "any"})],
    "한부모·조손": [
        ("household_type", {"type": "single_parent"}),
        ("household_type", {"type": "grandparent_family"}),
    ],
    "다자녀": [("household_type", {"type": "multi_child"})],
    "보훈대상자": [(OTHER, {"category": "보훈대상자"})],
    "다문화·탈북민": [(OTHER, {"category": "다문화·북한이탈주민"})],
}
SCOPE_RULES: dict[str, list[tuple[str, dict[str, Any]]]] = {
    "한부모 가구": [("household_type", {"type": "single_parent"})],
    "조손가구": [("household_type", {"type": "grandparent_family"})],
    "독거노인 가구": [("household_type", {"type": "elderly_alone"})],
    "1인 가구": [("household_type", {"type": "single_person"})],
    "다자녀가구": [("household_type", {"type": "multi_child"})],
    "다문화가구": [("household_type", {"type": "multicultural"})],
    "신혼부부 가구": [("household_type", {"type": "newlywed"})],
    "장애인가구": [("disability", {"level": "any"})],
    "가정위탁가구": [(OTHER, {"category": "시설·보호·위탁"})],
    "소년소녀가구": [(OTHER, {"category": "시설·보호·위탁"})],
}


def _structured_conditions(record: Mapping[str, Any], found: list[Condition]) -> list[Condition]:
    out: list[Condition] = []
    kinds = {c.kind for c in found}
    region = normalise_region(record.get("region_field"))
    if region:
        out.append(make("region", f"주소: {record.get('region_field', '').strip()}", "주소", region=region))
    basis = record.get("income_basis")
    if isinstance(basis, str) and INCOME_BASIS.search(basis) and not kinds & {"income", "recipient"}:
        out.append(make("income", f"기준: {basis}", "기준", type="unspecified"))
    stages = record.get("life_stage")
    if isinstance(stages, str) and "age" not in kinds and not isinstance(record.get("age_bands"), str):
        out += _life_stage_conditions(stages, kinds)
    for field, rules, raw in (
        ("대상특성", TRAIT_RULES, record.get("traits")),
        ("지원범위", SCOPE_RULES, record.get("household_scope")),
    ):
        if not isinstance(raw, str):
            continue
        for item in [x.strip() for x in raw.split(",") if x.strip()]:
            for kind, params in rules.get(item, []):
                if kind in kinds and kind != OTHER:
                    continue
                out.append(make(kind, f"{field}: {raw}", field, **params))
    return out


def _bounds(c: Condition) -> tuple:
    return tuple(c.get(k) for k in ("lo", "lo_unit", "lo_strict", "hi", "hi_unit", "hi_strict"))


def extract_conditions(record: Mapping[str, Any], sentences: list[Sentence] | None = None) -> list[Condition]:
    """Conditions of one catalogue record (a row of :func:`sectors.welfare.catalogue.load_catalogue`).

    Duplicate conditions (same kind and parameters) keep their first source sentence.
    """
    if sentences is None:
        sentences = sentences_of(text_fields(record))
    found = conditions_from_sentences(sentences, str(record.get("service", "")))
    if record.get("source") != "central":
        found += _structured_conditions(record, found)
    if not any(c.kind == "age" for c in found) and isinstance(record.get("age_bands"), str):
        band = _band_condition(record["age_bands"], "지원가능한 나이")
        if band is not None:
            found.append(band)
    kinds = {c.kind for c in found}
    if (
        "income" in kinds
        and any(c.kind == "income" and c.get("type") != "unspecified" for c in found)
        or "recipient" in kinds
    ):
        found = [c for c in found if not (c.kind == "income" and c.get("type") == "unspecified")]
    parent_ages = {_bounds(c) for c in found if c.kind == "age" and c.get("role") == "parent"}
    found = [
        make(c.kind, c.source, c.field, **c.params, role="parent")
        if c.kind == "age" and c.get("role") is None and _bounds(c) in parent_ages
        else c
        for c in found
    ]  # the same age stated again without the role ("만 19세 이하까지 지원") is still the parent's
    if any(c.kind == "disability" and c.get("level") == "severe" for c in found):
        found = [c for c in found if not (c.kind == "disability" and c.get("level") == "any")]
    seen: set[tuple[str, tuple]] = set()
    unique = []
    for c in found:
        if (c.kind, c.value) not in seen:
            seen.add((c.kind, c.value))
            unique.append(c)
    return unique


def text_fields(record: Mapping[str, Any]) -> list[tuple[str, str | None]]:
    """The (field, text) pairs the rules read for ``record``."""
    name = ("서비스명", record.get("service"))
    if record.get("source") == "central":
        return [name, ("지원대상상세", record.get("target_text")), ("선정기준", record.get("criteria_text"))]
    return [name, ("설명", record.get("description"))]


def extract_all(records: Iterable[Mapping[str, Any]]) -> dict[str, list[Condition]]:
    """Conditions of many catalogue records (keyed by ``service_id``), with one Kiwi pass over all text."""
    records = list(records)
    items = [(r["service_id"], name, text) for r in records for name, text in text_fields(r)]
    by_id = sentences_by_owner(items)
    return {r["service_id"]: extract_conditions(r, by_id.get(r["service_id"], [])) for r in records}
