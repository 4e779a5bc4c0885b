"""Finders for personal identifiers in Korean and English text, and for the numbers that must stay.

Each finder yields :class:`Candidate` spans. Checks come from python-stdnum (``stdnum.kr.rrn``
for dates and check digits, ``stdnum.luhn`` for cards, ``stdnum.kr.brn`` for the format of business
numbers); only the business-number check digit, which stdnum lacks, is computed here. :mod:`shared.llm.redaction` resolves
overlaps and assigns placeholders.

Resident registration numbers issued since October 2020 carry random final digits, so a failed RRN
check digit lowers the confidence but does not drop the match; the birth date must still be real.

The finders expect text folded by :func:`shared.llm.normalise.normalise` (ASCII digits, ``-`` for every
dash, no invisible characters). Three finders look past the layout of a number: :func:`grouped_numbers`
joins digit groups split by spaces, dots, dashes or line breaks and checks every run of whole groups
(birth date, Luhn, phone prefixes, bank layouts, business check digit); :func:`labelled_numbers` takes the
number that follows a label such as 주민번호, 계좌 or 여권, whatever its layout; and a card, account,
business or licence number is dropped when the text calls it a case, management or receipt number
(사건번호, 관리번호, 접수번호, ...).

Every pattern is linear: unbounded repetitions either cannot start inside the run they repeat over (a
look-behind stops them) or cannot backtrack into it, so a 20,000-digit run or 50,000 repeated characters
cost time in proportion to their length. Kiwi reads the text in blocks of at most
:data:`KIWI_BLOCK` characters, and runs of one repeated character are never sent to it.
"""

from __future__ import annotations

import datetime as _dt
import operator
import re
from collections.abc import Iterator
from dataclasses import dataclass

from stdnum import luhn
from stdnum.exceptions import ValidationError
from stdnum.kr import brn, rrn

#: Identifier kinds, in the order the benchmark reports them.
KINDS = (
    "RRN",  # 주민등록번호
    "FRN",  # 외국인등록번호
    "PHONE",
    "EMAIL",
    "CARD",
    "ACCOUNT",
    "BRN",  # 사업자등록번호
    "PASSPORT",
    "DRIVER",  # 운전면허번호
    "ADDRESS",
    "NAME",
)
KEEP = "KEEP"  # dates, money, percentages, article and statute numbers, case and receipt numbers

# Priorities decide overlaps: higher wins. Validated identifiers beat the kept numbers; the kept
# numbers beat the weaker, context-free patterns (accounts, licences, addresses, names).
PRIORITY = {
    "EMAIL": 90,
    "CARD": 85,
    "RRN": 84,
    "FRN": 84,
    "BRN": 80,
    "PHONE": 78,
    "PASSPORT": 76,
    KEEP: 70,
    "DRIVER": 60,
    "ACCOUNT": 55,
    "ADDRESS": 50,
    "NAME": 40,
}
#: Numbers named by a label (주민번호, 계좌, ...; a licence after its region name) beat phone numbers
#: and the kept numbers, not the identifiers that carry their own checks (RRN, card, business number).
LABELLED_PRIORITY = 79


@dataclass(frozen=True)
class Candidate:
    """A span that may be an identifier (or a number to keep), before overlaps are resolved."""

    kind: str
    start: int
    end: int
    confidence: float
    priority: int = 0  # overrides PRIORITY[kind] when set (numbers named by a label)

    @property
    def rank(self) -> int:
        """The priority that decides overlaps."""
        return self.priority or PRIORITY[self.kind]


_ND = r"(?<!\d)(?<!\d-)"  # not preceded by a digit (or a digit group and a hyphen)
_NDA = r"(?!\d)(?!-\d)"  # not followed by a digit (or a hyphen and another digit group)

# --- numbers that stay -------------------------------------------------------------------------
_KEEP_PATTERNS = [
    # dates: 2024-03-15, 2024.3.15., 2024/03/15, 2024년 3월 15일, 24.3.15.
    re.compile(
        _ND + r"(?:19|20)\d{2}\s?[-./]\s?(?:0?[1-9]|1[0-2])\s?[-./]\s?(?:0?[1-9]|[12]\d|3[01])\.?" + _NDA
    ),
    re.compile(_ND + r"(?:19|20)?\d{2}\s?년\s?(?:0?[1-9]|1[0-2])\s?월(?:\s?(?:0?[1-9]|[12]\d|3[01])\s?일)?"),
    # money: 1,200,000원, 3만 5천 원, 50억원, ₩12,000, KRW 1,000, $1,200.50
    re.compile(
        _ND
        + r"(?<![\d,])\d{1,3}(?:,\d{3})++(?:\.\d+)?\s?(?:원|만\s?원|억\s?원|달러|유로|엔)|"
        + _ND
        + r"(?<![\d.조억만천])(?<![조억만천]\s)\d+(?:\.\d+)?\s?(?:조|억|만|천)(?:\s?\d+\s?(?:억|만|천))*+\s?원|"
        + _ND
        + r"\d+\s?(?:원|달러)|(?:₩|KRW\s?|\$|USD\s?|EUR\s?|€)\s?\d[\d,]*+(?:\.\d+)?"
    ),
    # percentages
    re.compile(_ND + r"\d+(?:\.\d+)?\s?(?:%|퍼센트|percent|per cent)"),
    # article references: 제12조 제3항 제2호, 제12조의2, 12조 3항, Article 12(3)
    re.compile(
        r"(?:제\s?)?(?<!\d)\d+\s?조(?:의\s?\d+)?(?:\s?제?\s?\d+\s?항)?(?:\s?제?\s?\d+\s?호)?(?:\s?[가-하]\s?목)?"
    ),
    re.compile(r"(?:Article|Art\.)\s?\d+(?:\(\d+\))*", re.I),
    # statute numbers: 법률 제12345호, 대통령령 제123호, 고시 제2024-12호
    re.compile(r"(?:법률|대통령령|총리령|부령|조례|규칙|고시|훈령|예규|공고)\s?제\s?[\d-]++\s?호"),
    # court case numbers: 2023가합12345, 2024누1234, 2022헌마123
    re.compile(_ND + r"(?:19|20)\d{2}(?!년)[가-힣]{1,3}\d{1,7}" + _NDA),
    # receipt, application and case numbers named as such
    re.compile(
        r"(?:접수\s?번호|신청\s?번호|민원\s?번호|처리\s?번호|청구\s?번호|사건\s?번호|관리\s?번호|문서\s?번호|"
        r"receipt\s?(?:no\.?|number)|case\s?(?:no\.?|number)|reference\s?(?:no\.?|number))"
        r"\s?[:：#]?\s?(?=[A-Za-z0-9\-]*\d)[A-Za-z0-9][A-Za-z0-9\-]*+",
        re.I,
    ),
]

# --- identifiers -------------------------------------------------------------------------------
_RRN = re.compile(_ND + r"(\d{6})\s?[-–]?\s?([0-9]\d{6})" + _NDA)
_MASK = "*xX●○•#"
_RRN_MASKED = re.compile(_ND + r"\d{6}\s?[-–]\s?[1-8][" + _MASK + "]{6}")
_PHONE = re.compile(
    r"(?<![\d+])(?:"
    # mobile: 010-1234-5678, 010 1234 5678, 010.1234.5678, 01012345678, (010) 1234-5678, +82 10-1234-5678
    r"(?:\+82[-\s.]?(?:\(0\)\s?)?|\(0|0)1[016789]\)?[-\s.)]?\s?\d{3,4}[-\s.]?\d{4}"
    r"|"
    # landline: 02-123-4567, 031-123-4567, 070-1234-5678, 0505-123-4567, (02) 123-4567, +82 2 123 4567
    r"(?:\+82[-\s.]?(?:\(0\)\s?)?|0|\(0)(?:2|3[1-3]|4[1-4]|5[1-5]|6[1-4]|70|50[2-8])\)?[-\s.)]?\s?\d{3,4}[-\s.]?\d{4}"
    r")" + _NDA
)
# Local parts and domains in any script (홍길동@예시.한국); the top-level domain is ASCII, 한국 or letters of
# another script. The look-behind starts a match only at the beginning of a run, which keeps it linear.
_EMAIL = re.compile(
    r"(?<![\w.%+\-])[\w.%+\-]++\s?@\s?(?:[\w\-]++\.)+(?:[A-Za-z]{2,63}(?![A-Za-z])|한국|[^\W\d_]{2,63})"
)
_CARD = re.compile(_ND + r"(?:\d{4}[-\s]?\d{4}[-\s]?\d{4}[-\s]?\d{4}|\d{4}[-\s]?\d{6}[-\s]?\d{5})" + _NDA)
_BRN = re.compile(_ND + r"\d{3}\s?-\s?\d{2}\s?-\s?\d{5}" + _NDA)
_BRN_PLAIN = re.compile(_ND + r"\d{10}" + _NDA)
_BRN_CONTEXT = re.compile(r"(?:사업자|등록\s?번호|business\s+(?:registration|no|number))", re.I)
# The common Korean bank layouts (digits per group), written with hyphens.
ACCOUNT_LAYOUTS = (
    (6, 2, 6),  # KB국민 (14 digits), 우체국
    (3, 2, 4, 3),  # KB국민 (12 digits)
    (3, 3, 6),  # 신한
    (3, 2, 6),  # 신한 (old), SC제일
    (4, 3, 6),  # 우리
    (3, 6, 5),  # 하나
    (3, 4, 4, 2),  # NH농협
    (3, 6, 2, 3),  # IBK기업
    (4, 2, 7),  # 카카오뱅크
    (4, 4, 4),  # 토스뱅크
    (4, 4, 4, 1),  # 새마을금고
    (3, 2, 6, 1),  # 우체국, 수협
)
_ACCOUNT = re.compile(
    _ND
    + "(?:"
    + "|".join(
        "-".join(rf"\d{{{n}}}" for n in layout) for layout in sorted(ACCOUNT_LAYOUTS, key=len, reverse=True)
    )
    + ")"
    + _NDA
)
_ACCOUNT_PLAIN = re.compile(_ND + r"\d{10,14}" + _NDA)
_ACCOUNT_CONTEXT = re.compile(
    r"(?:계좌|통장|은행|뱅크|입금|송금|농협|신한|국민|우리|하나|기업|우체국|새마을|수협|카카오|토스|account|bank)",
    re.I,
)
_PASSPORT = re.compile(
    r"(?<![A-Za-z0-9])[MSRODG][ .\-]?(?:\d{4}[ .\-]?\d{4}|\d{3}[ .\-]?[A-Z][ .\-]?\d{4})(?![A-Za-z0-9])", re.I
)
_DRIVER_REGION = "서울|부산|경기|강원|충북|충남|전북|전남|경북|경남|제주|대구|인천|광주|대전|울산|세종"
_DRIVER = re.compile(
    r"(?:"
    + _ND
    + r"(?:1[1-9]|2[0-8])|(?:"
    + _DRIVER_REGION
    + r"))[-\s.]{0,3}\d{2}[-\s.]{1,3}\d{6}[-\s.]{1,3}\d{2}"
    + _NDA
)
_DRIVER_PLAIN = re.compile(_ND + r"(?:1[1-9]|2[0-8])\d{10}" + _NDA)
_DRIVER_CONTEXT = re.compile(r"(?:운전\s?면허|면허\s?번호|driver'?s?\s+licen[cs]e)", re.I)

_REGION = (
    r"(?:[가-힣]{1,10}(?:특별시|광역시|특별자치시|특별자치도)|[가-힣]{2,10}(?:도|시|군|구)|[중동서남북]구|"
    r"서울|부산|대구|인천|광주|대전|울산|세종|경기|강원|충북|충남|전북|전남|경북|경남|제주)"
)
_ROAD = r"[가-힣A-Za-z0-9·]{0,15}[가-힣](?:로|길)(?:\s?\d{1,4}(?:번|가)?길)?"
_BUILDING = r"\s?(?:지하\s?)?\d{1,5}(?:-\d{1,5})?" + _NDA
_DETAIL = (
    r"(?:\s?,?\s?(?:[가-힣A-Za-z0-9]{1,15}(?:아파트|빌라|맨션|오피스텔|타워)\s?)?(?:\d{1,4}\s?동\s?)?\d{1,5}\s?호"
    r"|\s?,?\s?\d{1,3}\s?층)?"
)
_ADDRESS_ROAD = re.compile(rf"(?:{_REGION}\s){{1,3}}\s?{_ROAD}{_BUILDING}{_DETAIL}")
_ADDRESS_ROAD_BARE = re.compile(
    rf"[가-힣A-Za-z0-9·]{{0,15}}[가-힣](?:대로|\d{{1,4}}(?:번|가)?길){_BUILDING}{_DETAIL}"
)
_ADDRESS_LOT = re.compile(
    rf"(?:{_REGION}\s){{1,3}}\s?(?:[가-힣]{{1,8}}\d{{0,2}}동|[가-힣]{{1,8}}리|[가-힣]{{1,8}}\d{{1,2}}가)\s?(?:산\s?)?\d{{1,5}}(?:-\d{{1,5}})?(?:\s?번지)?{_NDA}{_DETAIL}"
)
_ADDRESS_LOT_BARE = re.compile(
    rf"[가-힣0-9]{{1,10}}(?:동|리|가)\s?(?:산\s?)?\d{{1,5}}(?:-\d{{1,5}})?\s?번지{_DETAIL}"
)

#: The twenty most common Korean surnames (the synthetic test data draws from these).
COMMON_SURNAMES = (
    "김",
    "이",
    "박",
    "최",
    "정",
    "강",
    "조",
    "윤",
    "장",
    "임",
    "한",
    "오",
    "서",
    "신",
    "권",
    "황",
    "안",
    "송",
    "류",
    "홍",
)
#: Single-syllable surnames that open a person name.
SURNAMES = frozenset(
    (
        *COMMON_SURNAMES,
        "유",
        "전",
        "고",
        "문",
        "양",
        "손",
        "배",
        "백",
        "허",
        "남",
        "심",
        "노",
        "하",
        "곽",
        "성",
        "차",
        "주",
        "우",
        "구",
        "민",
        "진",
        "나",
        "지",
        "엄",
        "채",
        "원",
        "천",
        "방",
        "공",
        "현",
        "함",
        "변",
        "염",
        "여",
        "추",
        "도",
        "소",
        "석",
        "선",
        "설",
        "마",
        "길",
        "연",
        "위",
        "표",
        "명",
        "기",
        "반",
        "왕",
        "금",
        "옥",
        "육",
        "인",
        "맹",
        "제",
        "모",
        "탁",
        "국",
        "어",
        "은",
        "편",
        "용",
        "예",
        "경",
        "봉",
        "사",
        "부",
        "태",
        "목",
        "계",
        "피",
        "두",
        "감",
        "음",
        "빈",
        "동",
        "온",
        "호",
        "범",
        "좌",
        "팽",
        "승",
        "간",
        "상",
        "갈",
        "단",
        "견",
        "당",
    )
)
DOUBLE_SURNAMES = frozenset(["남궁", "선우", "제갈", "황보", "독고", "사공", "서문", "동방", "망절"])
_PLACE_ENDINGS = tuple("시군구동읍면리로길청처부원국과팀실층호관소법령회단")
_NOT_NAMES = frozenset(
    [
        "대한민국",
        "한국인",
        "조선시대",
        "정부청사",
        "국민연금",
        "국민의힘",
        "우리은행",
        "신한은행",
        "하나은행",
        "국민은행",
        "기업은행",
        "정보공개",
        "행정안전부",
        "보건복지부",
        "국토교통부",
        "고용노동부",
        "기획재정부",
        "교육부",
        "법무부",
        "경찰청",
        "소방청",
    ]
)
_TITLES = re.compile(
    r"^\s?(?:씨|님|氏|군|양|과장|부장|팀장|주무관|사무관|서기관|국장|실장|계장|대리|차장|선생|교수|변호사|"
    r"대표|이사|의원|장관|시장|구청장|군수|원장|소장|기자|주임|사원|박사|여사|할머니|할아버지)"
)
_TITLED_WORD = re.compile(r"(?<![가-힣])([가-힣]{3})(?=\s?(?:씨|님))")
_ROLE_WORD = re.compile(
    r"(?:성명|이름|민원인|신청인|청구인|대표자|담당자|작성자|보호자|피해자|세대주|수급자)\s?[:：]?\s?"
    r"([가-힣]{2,4}?)(?=[\s,.)(]|$|(?:씨|님|은|는|이|가|의|을|를|에게|께서|과|와)(?![가-힣]))"
)
_ROLE_BEFORE = re.compile(
    r"(?:성명|이름|민원인|신청인|청구인|대표자|담당자|작성자|보호자|피해자|가해자|세대주|수급자|본인)\s?[:：]?\s?$"
)
_EN_NAME = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Dr|Prof)\.?\s+[A-Z][a-z]+(?:[-\s][A-Z][a-z]+)?"
    r"|\b(?:[Nn]ame|[Aa]pplicant|[Cc]omplainant|[Rr]equester)\s?[:：]\s?[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2}"
)


def kept_numbers(text: str) -> Iterator[Candidate]:
    """Dates, money, percentages, article and statute numbers, case and receipt numbers (they stay)."""
    for pattern in _KEEP_PATTERNS:
        for m in pattern.finditer(text):
            yield Candidate(KEEP, m.start(), m.end(), 1.0)


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value)


def _birth_date_ok(number: str) -> bool:
    try:
        rrn.get_birth_date(number)
    except (ValidationError, ValueError):
        return False
    return True


def registration_numbers(text: str) -> Iterator[Candidate]:
    """Resident (RRN) and foreigner (FRN) registration numbers, with or without the hyphen."""
    for m in _RRN.finditer(text):
        number = m.group(1) + m.group(2)
        if not _birth_date_ok(number):
            continue
        kind = "FRN" if number[6] in "5678" else "RRN"
        # A valid check digit raises confidence; numbers issued since 2020-10 have none.
        confidence = 0.99 if rrn.is_valid(number) else 0.85
        yield Candidate(kind, m.start(), m.end(), confidence)
    for m in _RRN_MASKED.finditer(text):
        kind = "FRN" if _digits(m.group())[6] in "5678" else "RRN"
        yield Candidate(kind, m.start(), m.end(), 0.8)


def phone_numbers(text: str) -> Iterator[Candidate]:
    """Korean mobile and landline numbers, also written with +82."""
    for m in _PHONE.finditer(text):
        digits = _digits(m.group())
        if 9 <= len(digits) <= 13:
            yield Candidate("PHONE", m.start(), m.end(), 0.95)


def emails(text: str) -> Iterator[Candidate]:
    """E-mail addresses."""
    for m in _EMAIL.finditer(text):
        yield Candidate("EMAIL", m.start(), m.end(), 0.99)


def card_numbers(text: str) -> Iterator[Candidate]:
    """Payment card numbers (16 or 15 digits) that pass the Luhn check."""
    for m in _CARD.finditer(text):
        if luhn.is_valid(_digits(m.group())):
            yield Candidate("CARD", m.start(), m.end(), 0.97)


def _has_context(pattern: re.Pattern[str], text: str, start: int, window: int = 20) -> bool:
    return bool(pattern.search(text[max(0, start - window) : start]))


_BRN_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)


def brn_check_digit(first9: str) -> str:
    """The check digit of a business registration number (국세청 weights 1,3,7,1,3,7,1,3,5).

    python-stdnum's ``stdnum.kr.brn`` checks the format and components but has no checksum, so the
    check digit is computed here.

    Example:
        >>> brn_check_digit("220816251")
        '7'
    """
    digits = [int(c) for c in first9]
    total = sum(d * w for d, w in zip(digits, _BRN_WEIGHTS, strict=True)) + (digits[8] * 5) // 10
    return str((10 - total % 10) % 10)


def brn_is_valid(number: str) -> bool:
    """stdnum's format and component checks plus the check digit."""
    digits = _digits(number)
    return brn.is_valid(digits) and len(digits) == 10 and brn_check_digit(digits[:9]) == digits[9]


def business_numbers(text: str) -> Iterator[Candidate]:
    """Business registration numbers (사업자등록번호) with a valid check digit."""
    for m in _BRN.finditer(text):
        if brn_is_valid(m.group()):
            yield Candidate("BRN", m.start(), m.end(), 0.95)
    for m in _BRN_PLAIN.finditer(text):
        if brn_is_valid(m.group()) and _has_context(_BRN_CONTEXT, text, m.start()):
            yield Candidate("BRN", m.start(), m.end(), 0.9)


def account_numbers(text: str) -> Iterator[Candidate]:
    """Bank account numbers in the common Korean layouts, or long digit runs named as accounts."""
    for m in _ACCOUNT.finditer(text):
        yield Candidate("ACCOUNT", m.start(), m.end(), 0.8)
    for m in _ACCOUNT_PLAIN.finditer(text):
        if _has_context(_ACCOUNT_CONTEXT, text, m.start()):
            yield Candidate("ACCOUNT", m.start(), m.end(), 0.75)


def passports(text: str) -> Iterator[Candidate]:
    """Korean passport numbers: M12345678 or the 2021 layout M123A4567."""
    for m in _PASSPORT.finditer(text):
        yield Candidate("PASSPORT", m.start(), m.end(), 0.85)


def driver_licences(text: str) -> Iterator[Candidate]:
    """Driver licence numbers: region (code or name), year, serial and check digits."""
    for m in _DRIVER.finditer(text):
        named = not m.group()[0].isdigit()  # 서울-02-...: the region name makes it a licence, not a phone
        yield Candidate("DRIVER", m.start(), m.end(), 0.85, priority=LABELLED_PRIORITY if named else 0)
    for m in _DRIVER_PLAIN.finditer(text):
        if _has_context(_DRIVER_CONTEXT, text, m.start()):
            yield Candidate("DRIVER", m.start(), m.end(), 0.8)


# --- numbers past their layout -------------------------------------------------------------------
# Digit groups joined by at most three separator characters: 9001 01-1234 568, 4111.1111.1111.1111,
# 010\n1234\n5678. Possessive quantifiers: a run is read once and never re-read.
_CLUSTER = re.compile(r"\d++(?:[ \t\r\n.\-·・。_()]{1,3}+\d++)*+")
_DIGIT_RUN = re.compile(r"\d++")
_PHONE_BODY = r"(?:1[016789]\d{7,8}|2\d{7,8}|(?:3[1-3]|4[1-4]|5[1-5]|6[1-4]|70)\d{7,8}|50[2-8]\d{7,8})"
_PHONE_DIGITS = re.compile(r"0" + _PHONE_BODY)
_PHONE_DIGITS_82 = re.compile(r"820?" + _PHONE_BODY)


_RRN_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
_RRN_CENTURY = {"1": 1900, "2": 1900, "5": 1900, "6": 1900, "3": 2000, "4": 2000, "7": 2000, "8": 2000}


def rrn_parts_ok(digits: str) -> tuple[bool, bool]:
    """(real birth date and sex digit 1-8, check digit right) for 13 ASCII digits.

    The same rules as ``stdnum.kr.rrn`` (whose input cleaning costs more than the check when a run of
    digit groups is tried window by window); a test holds the two in step.

    Example:
        >>> rrn_parts_ok("9001011234568"), rrn_parts_ok("9013011234567")
        ((True, True), (False, False))
    """
    century = _RRN_CENTURY.get(digits[6])
    if century is None:
        return False, False
    try:
        _dt.date(century + int(digits[0:2]), int(digits[2:4]), int(digits[4:6]))
    except ValueError:
        return False, False
    total = sum(map(operator.mul, map(int, digits[:12]), _RRN_WEIGHTS))
    return True, int(digits[7:9]) <= 96 and (11 - total % 11) % 10 == int(digits[12])


_LUHN_DOUBLED = {str(d): (2 * d - 9 if d > 4 else 2 * d) for d in range(10)}


def luhn_ok(digits: str) -> bool:
    """The Luhn check on ASCII digits (as ``stdnum.luhn.is_valid``, without its input cleaning).

    Example:
        >>> luhn_ok("4111111111111111"), luhn_ok("4111111111111112")
        (True, False)
    """
    total = sum(map(int, digits[-1::-2])) + sum(map(_LUHN_DOUBLED.__getitem__, digits[-2::-2]))
    return total % 10 == 0


_LAYOUT_KINDS = {layout: ("ACCOUNT", 0.8) for layout in ACCOUNT_LAYOUTS}


def grouped_numbers(text: str) -> Iterator[Candidate]:
    """Identifiers whose digit groups are split by spaces, dots, dashes or line breaks, in any grouping.

    Digit groups joined by at most three separator characters form a run; every stretch of two or more
    whole groups is checked by its length and checks: 13 digits with a real birth date (RRN/FRN), 15-16
    digits passing Luhn (CARD), a Korean phone number (also after ``+82``), and by its layout: 3-2-5 with
    the business check digit (BRN), the bank layouts (ACCOUNT), 2-2-6-2 with a region code (DRIVER).
    A stretch never starts or ends at a single ``-``, ``.`` or ``_`` (that ties the groups into a longer
    number), and one written with single hyphens only must have its kind's layout (1907-29-1488069 is a
    bank account, not a registration number). Each group opens a fixed number of checks, so the work is
    linear in the length of the text.

    Example:
        >>> [(c.kind, c.start, c.end) for c in grouped_numbers("번호 9001 01-1234 568 입니다")]
        [('RRN', 3, 19)]
    """
    for m in _CLUSTER.finditer(text):
        groups = [(g.start(), g.end()) for g in _DIGIT_RUN.finditer(text, m.start(), m.end())]
        if len(groups) < 2:
            continue  # one group: the layout patterns above read it
        digits = "".join(text[a:b] for a, b in groups)
        offsets = [0]
        for a, b in groups:
            offsets.append(offsets[-1] + b - a)
        ends_at = {offset: k for k, offset in enumerate(offsets[1:])}  # digit offset -> group ending there
        # A single '-', '.' or '_' ties two groups into one number: no stretch starts or ends there
        # (4111-1111-1111 is not an account inside the card number 4111-1111-1111-1112).
        loose = [
            len(text[b:c]) > 1 or text[b:c].isspace()
            for (_, b), (c, _) in zip(groups, groups[1:], strict=False)
        ]
        loose.append(True)
        # Groups written with single hyphens only are a formatted number: its layout must be the kind's.
        other_seps = [0]
        for (_, b), (c, _) in zip(groups, groups[1:], strict=False):
            other_seps.append(other_seps[-1] + (text[b:c] != "-"))
        plus = m.start() > 0 and text[m.start() - 1] == "+"
        for i, (first, _) in enumerate(groups):
            if i and not loose[i - 1]:
                continue
            a = offsets[i]
            lead = digits[a]
            lengths: tuple[int, ...] = (13, 15, 16)
            if lead == "0":
                lengths += (9, 10, 11)
            elif plus and i == 0:
                lengths += (11, 12, 13)
            for n in lengths:
                j = ends_at.get(a + n)
                if j is None or j == i or not loose[j]:
                    continue
                found = _by_length(digits[a : a + n], plus and i == 0)
                if found and other_seps[j] == other_seps[i]:
                    layout = tuple(offsets[k + 1] - offsets[k] for k in range(i, j + 1))
                    found = (
                        found
                        if layout in _FORMATTED[found[0]] or found[0] == "PHONE" and _phone_layout(layout)
                        else None
                    )
                if found:
                    # a phone number's opening '+' (of +82) or '(' (of an area code) belongs to it
                    opening = (
                        first - 1 if found[0] == "PHONE" and first and text[first - 1] in "+(" else first
                    )
                    yield Candidate(found[0], opening, groups[j][1], found[1])
            if offsets[i + 1] - a < 2:
                continue  # every layout opens with two digits or more
            for j in range(i + 1, min(i + 4, len(groups))):
                if not loose[j]:
                    continue
                layout = tuple(offsets[k + 1] - offsets[k] for k in range(i, j + 1))
                found = _by_layout(digits[a : offsets[j + 1]], layout)
                if found:
                    yield Candidate(found[0], first, groups[j][1], found[1])


_FORMATTED = {"RRN": {(6, 7)}, "FRN": {(6, 7)}, "CARD": {(4, 4, 4, 4), (4, 6, 5)}, "PHONE": set()}


def _phone_layout(layout: tuple[int, ...]) -> bool:
    return len(layout) in (3, 4) and layout[-1] == 4 and layout[-2] in (3, 4)


def _card_prefix_ok(digits: str) -> bool:
    """Issuer prefixes: 3 (Amex, JCB, Diners), 4 (Visa), 5 and 2221-2720 (Mastercard), 6, 9 (domestic).

    Keeps a row of years (2021 2022 2023 2024) from passing for a card across its groups.
    """
    return digits[0] in "345689" or "2221" <= digits[:4] <= "2720"


def _by_length(digits: str, plus: bool) -> tuple[str, float] | None:
    """RRN/FRN (13 digits, real birth date), CARD (15-16, Luhn) or PHONE, or None."""
    n = len(digits)
    if n == 13:
        date_ok, check_ok = rrn_parts_ok(digits)
        if date_ok:
            return ("FRN" if digits[6] in "5678" else "RRN"), (0.95 if check_ok else 0.8)
    if n >= 15:
        return ("CARD", 0.9) if _card_prefix_ok(digits) and luhn_ok(digits) else None
    if (_PHONE_DIGITS_82 if plus else _PHONE_DIGITS).fullmatch(digits):
        return "PHONE", 0.9
    return None


def _by_layout(digits: str, layout: tuple[int, ...]) -> tuple[str, float] | None:
    """BRN (3-2-5 and the check digit), ACCOUNT (a bank layout) or DRIVER (2-2-6-2, region code), or None."""
    if layout == (3, 2, 5):
        return ("BRN", 0.9) if brn_is_valid(digits) else None
    if layout == (2, 2, 6, 2):
        return ("DRIVER", 0.8) if 11 <= int(digits[:2]) <= 28 else None
    if layout[:3] == (4, 4, 4) and all(digits[k : k + 2] in ("19", "20") for k in (0, 4, 8)):
        return None  # a row of years (2021 2022 2023), not a 4-4-4 account
    return _LAYOUT_KINDS.get(layout)


# Numbers named by a label: taken whatever their layout, when their length fits the label.
_ID_LABEL = re.compile(
    r"(?P<FRN>외국인\s?등록\s?번호|외국인\s?번호|외국인\s?등록증|alien\s+registration)"
    r"|(?P<RRN>주민\s?등록\s?번호|주민\s?번호|주민\s?등록증|주민\s?등록|resident\s+registration)"
    r"|(?P<BRN>사업자\s?등록\s?번호|사업자\s?번호)"
    r"|(?P<CARD>카드\s?번호|카드|card\s?(?:no|number))"
    r"|(?P<ACCOUNT>계좌\s?번호|계좌|통장|account\s?(?:no|number))"
    r"|(?P<PASSPORT>여권\s?번호|여권|passport)"
    r"|(?P<DRIVER>운전\s?면허\s?번호|운전\s?면허|면허\s?번호|면허|driver'?s?\s+licen[cs]e)",
    re.I,
)
# (fewest, most) significant characters the labelled number may have.
_LABEL_LENGTHS = {
    "RRN": (13, 13),
    "FRN": (13, 13),
    "BRN": (10, 10),
    "CARD": (14, 16),
    "ACCOUNT": (10, 16),
    "PASSPORT": (9, 9),
    "DRIVER": (12, 12),
}
_LABEL_GAP = 15  # characters between the label and its number (particles, ':', a bank name)
_GAP_STOP = frozenset(".!?。\n")
_RUN_SEP = frozenset(" \t\r\n.-·・。_/()")
_PASSPORT_SHAPE = re.compile(r"[A-Z]\d{8}|[A-Z]\d{3}[A-Z]\d{4}|[A-Z]{2}\d{7}|\d{9}", re.I)
_DRIVER_REGION_END = re.compile(r"(?:" + _DRIVER_REGION + r")[\s\-.]*$")
_MASK_SET = frozenset(_MASK)


def _significant(ch: str, letters: bool, masks: bool) -> bool:
    if "0" <= ch <= "9":
        return True
    if masks and ch in _MASK_SET:
        return True
    return letters and ch.isascii() and ch.isalpha()


def _number_run(text: str, pos: int, most: int, *, letters: bool, masks: bool) -> tuple[int, str]:
    """From ``pos``: up to ``most`` significant characters joined by at most three separators each.

    Returns the end of the last significant character and the significant characters; a run that goes
    on with a digit right after ``most`` characters is not this number (returns an empty string).
    """
    sig: list[str] = []
    i = end = pos
    n = len(text)
    while i < n and len(sig) < most:
        ch = text[i]
        if _significant(ch, letters, masks):
            sig.append(ch)
            i = end = i + 1
        elif ch in _RUN_SEP:
            j = i
            while j < n and j - i < 3 and text[j] in _RUN_SEP:
                j += 1
            if j < n and _significant(text[j], letters, masks):
                i = j
            else:
                break
        else:
            break
    if end < n and "0" <= text[end] <= "9":
        return end, ""
    return end, "".join(sig)


def labelled_numbers(text: str) -> Iterator[Candidate]:
    """Numbers the text names as identifiers (주민번호, 외국인등록번호, 계좌, 카드, 여권, 면허, 사업자등록번호).

    The number may sit up to fifteen characters after its label (not across a sentence end) and be
    written in any grouping; it counts when its length fits the label (13 characters for registration
    numbers, masks such as ``*`` allowed after the seventh; 14-16 digits for cards, 10-16 for accounts,
    10 for business numbers, 12 for licences, 9 letters and digits for passports).

    Example:
        >>> [(c.kind, c.start, c.end) for c in labelled_numbers("계좌: 1 10.12 3 45 6789 입니다")]
        [('ACCOUNT', 4, 21)]
    """
    for m in _ID_LABEL.finditer(text):
        kind = m.lastgroup
        fewest, most = _LABEL_LENGTHS[kind]
        passport = kind == "PASSPORT"
        registration = kind in ("RRN", "FRN")
        pos, limit = m.end(), min(len(text), m.end() + _LABEL_GAP)
        while pos < limit and text[pos] not in _GAP_STOP:
            ch = text[pos]
            if "0" <= ch <= "9" or (passport and ch.isascii() and ch.isalpha()):
                break
            pos += 1
        else:
            continue  # no number before the gap ran out or the sentence ended
        if _CASE_WORD.search(text, m.end(), pos):
            continue
        gap = text[m.end() : pos]
        if kind == "DRIVER" and _DRIVER_REGION_END.search(gap):
            fewest = most = 10
        end, sig = _number_run(text, pos, most, letters=passport, masks=registration)
        if not fewest <= len(sig) <= most:
            continue
        if registration:
            if not sig[:7].isdigit():
                continue
            kind = "FRN" if kind == "FRN" or sig[6] in "5678" else "RRN"
        elif not (_PASSPORT_SHAPE.fullmatch(sig) if passport else sig.isdigit()):
            continue
        start = pos
        if kind == "DRIVER" and fewest == 10:
            start = m.end() + _DRIVER_REGION_END.search(gap).start()
        yield Candidate(kind, start, end, 0.9, priority=LABELLED_PRIORITY)


# A number the text calls a case, management or receipt number is not a card, an account, a business
# or a licence number, even when its digits would pass for one (a 4-6-5 case number that passes Luhn).
_CASE_WORD = re.compile(
    r"(?:사건|관리|접수|신청|민원|처리|청구|문서|고지|납부|발급|등기|주문|송장|예약|조회)\s?번호"
    r"|(?:case|receipt|reference|application)\s?(?:no\.?|number)",
    re.I,
)
_CASE_LABEL_BEFORE = re.compile(r"(?:" + _CASE_WORD.pattern + r")\s?[:：#]?\s?(?:는|은)?\s?$", re.I)
_CASE_LABEL_OVERRIDES = frozenset(["CARD", "ACCOUNT", "BRN", "DRIVER"])


def named_as_case_number(text: str, start: int) -> bool:
    """Whether the number starting at ``start`` follows a label such as 사건번호, 관리번호 or 접수번호.

    Example:
        >>> named_as_case_number("사건번호: 1234-567890-12345", 6)
        True
    """
    return bool(_CASE_LABEL_BEFORE.search(text[max(0, start - 16) : start]))


def addresses(text: str) -> Iterator[Candidate]:
    """Road-name (도로명) and lot-number (지번) addresses down to the building and unit."""
    for pattern, confidence in (
        (_ADDRESS_ROAD, 0.85),
        (_ADDRESS_LOT, 0.85),
        (_ADDRESS_ROAD_BARE, 0.7),
        (_ADDRESS_LOT_BARE, 0.7),
    ):
        for m in pattern.finditer(text):
            yield Candidate("ADDRESS", m.start(), m.end(), confidence)


def _looks_like_korean_name(form: str) -> bool:
    if not re.fullmatch(r"[가-힣]{2,4}", form) or form in _NOT_NAMES:
        return False
    if form[:2] in DOUBLE_SURNAMES:
        return len(form) in (3, 4)
    return form[0] in SURNAMES and len(form) in (2, 3, 4)


def person_names(text: str) -> Iterator[Candidate]:
    """Person names: Kiwi proper nouns (NNP) shaped like Korean names, and English names after a title.

    A three-syllable proper noun starting with a surname counts on its own; other lengths need a title
    after (씨, 님, 과장, ...) or a role before (성명, 민원인, 신청인, ...).
    """
    for m in _EN_NAME.finditer(text):
        value = m.group()
        name_start = m.start() + len(re.match(r"^(?:\S+\.?\s+|[A-Za-z]+\s?[:：]\s?)", value).group())
        yield Candidate("NAME", name_start, m.end(), 0.8)
    if not re.search(r"[가-힣]", text):
        return
    runs = list(_noun_runs(text))
    common = {(s, e) for s, e, _, _, single_common in runs if single_common}
    found: set[tuple[int, int]] = set()
    for start, end, form, proper, single_common in runs:
        if not _looks_like_korean_name(form):
            continue
        titled = bool(_TITLES.match(text[end : end + 6]))
        role = bool(_ROLE_BEFORE.search(text[max(0, start - 8) : start]))
        double = form[:2] in DOUBLE_SURNAMES
        if (titled or role) and (proper or (len(form) == 3 and not single_common)):
            found.add((start, end))
            yield Candidate("NAME", start, end, 0.8)
        elif proper and (len(form) == 3 or (double and len(form) == 4)) and not form.endswith(_PLACE_ENDINGS):
            found.add((start, end))
            yield Candidate("NAME", start, end, 0.6)
    # Kiwi sometimes breaks a rare name into odd pieces (권/NNP 현/MM 우/NNG): a three-syllable word
    # starting with a surname, right before 씨 or 님, is a name unless Kiwi knows it as one common noun.
    for m in [*_TITLED_WORD.finditer(text), *_ROLE_WORD.finditer(text)]:
        span = (m.start(1), m.end(1))
        if span in found or span in common or not _looks_like_korean_name(m.group(1)):
            continue
        found.add(span)
        yield Candidate("NAME", span[0], span[1], 0.7)


def _noun_runs(text: str) -> Iterator[tuple[int, int, str, bool, bool]]:
    """Runs of touching noun morphemes (Kiwi often cuts a rare name in two: 김민/NNP 준/NNG).

    Yields (start, end, form, starts_with_proper_noun, is_one_common_noun).
    """
    run: list = []

    def flush():
        if run:
            form = text[run[0].start : run[-1].end]
            yield run[0].start, run[-1].end, form, run[0].tag == "NNP", len(run) == 1 and run[0].tag == "NNG"

    for tok in _kiwi_tokens(text):
        if tok.tag in ("NNP", "NNG") and re.fullmatch(r"[가-힣]+", tok.form):
            if run and tok.start != run[-1].end:
                yield from flush()
                run = []
            run.append(tok)
        else:
            yield from flush()
            run = []
    yield from flush()


#: Kiwi reads the text in blocks of at most this many characters (its time grows faster than the length
#: of one long input); blocks are cut at a space or a line break where there is one.
KIWI_BLOCK = 1000
_REPEATED = re.compile(r"(.)\1{5,}+", re.S)  # a run of one character: never part of a name


def _kiwi_blocks(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of the blocks Kiwi reads: runs of one repeated character left out, then cut to size."""
    pos = 0
    for m in [*_REPEATED.finditer(text), None]:
        stop = m.start() if m else len(text)
        while pos < stop:
            end = min(stop, pos + KIWI_BLOCK)
            if end < stop:
                cut = max(text.rfind(" ", pos, end), text.rfind("\n", pos, end))
                end = cut + 1 if cut > pos + KIWI_BLOCK // 2 else end
            yield pos, end
            pos = end
        pos = m.end() if m else pos


def _kiwi_tokens(text: str) -> Iterator:
    """Kiwi's morphemes of ``text``, block by block, with offsets into ``text``."""
    from shared.llm.text import Token, tokens

    for start, end in _kiwi_blocks(text):
        for tok in tokens(text[start:end], content_only=False):
            yield Token(tok.form, tok.tag, tok.start + start, tok.end + start)


FINDERS = (
    registration_numbers,
    phone_numbers,
    emails,
    card_numbers,
    business_numbers,
    account_numbers,
    passports,
    driver_licences,
    grouped_numbers,
    labelled_numbers,
    addresses,
    person_names,
)


def candidates(text: str, kinds: frozenset[str] | None = None) -> list[Candidate]:
    """Every identifier candidate and every kept number in ``text`` (overlaps unresolved).

    ``text`` should be folded by :func:`shared.llm.normalise.normalise` first (:func:`shared.llm.redact`
    does it). Cards, accounts, business and licence numbers named as case, management or receipt numbers
    are left out (see :func:`named_as_case_number`).
    """
    out = list(kept_numbers(text))
    for finder in FINDERS:
        for cand in finder(text):
            if kinds is not None and cand.kind not in kinds:
                continue
            if cand.kind in _CASE_LABEL_OVERRIDES and named_as_case_number(text, cand.start):
                continue
            out.append(cand)
    return out
