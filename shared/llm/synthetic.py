"""Seeded generators of fake identifiers and labelled complaint texts (for tests and the benchmark).

Every identifier is made up but well formed: real birth dates in registration numbers (with a valid
check digit, or a random one as in numbers issued since October 2020), Luhn-valid card numbers,
business numbers with their check digit, the common bank-account layouts, and so on. Labelled texts
mix them with numbers that must stay (dates, money, article, statute, case and receipt numbers), and
write some of them the way an evasive or careless writer would (:func:`variant_form`: full-width digits,
other dashes, invisible characters, spaces, dots or line breaks inside the number, other letter case).
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from stdnum import luhn
from stdnum.kr import rrn

from shared.llm.identifiers import ACCOUNT_LAYOUTS, COMMON_SURNAMES, brn_check_digit
from shared.seeding import rng as make_rng

_GIVEN = [
    "민준",
    "서연",
    "도윤",
    "하은",
    "지호",
    "수아",
    "예준",
    "지우",
    "시우",
    "서윤",
    "주원",
    "하윤",
    "지훈",
    "채원",
    "건우",
    "지민",
    "현우",
    "유진",
    "준서",
    "다은",
]
_ROADS = [
    "세종대로",
    "테헤란로",
    "월드컵북로",
    "중앙로",
    "해운대로",
    "동일로",
    "백범로",
    "충장로",
    "번영로",
    "올림픽로",
]
_CITIES = [
    ("서울특별시", ["종로구", "마포구", "강남구", "노원구"]),
    ("부산광역시", ["해운대구", "중구", "사하구"]),
    ("경기도", ["성남시 분당구", "수원시 영통구", "고양시 일산동구"]),
    ("광주광역시", ["동구", "북구"]),
]
_DONGS = ["역삼동", "정자동", "상계동", "우동", "연남동", "매탄동"]
_DOMAINS = ["example.com", "korea.kr", "mail.example.org", "test.co.kr"]
_IDN_DOMAINS = ["예시.한국", "민원.한국", "행정.kr"]
_HANGUL_USERS = ["홍길동", "김민원", "이서연", "박지호.민원"]


def _digits(g: np.random.Generator, n: int) -> str:
    return "".join(str(d) for d in g.integers(0, 10, n))


def fake_rrn(g: np.random.Generator, *, foreigner: bool = False, post_2020: bool | None = None) -> str:
    """A resident (or foreigner) registration number with a real birth date, hyphenated or not.

    ``post_2020`` (random when None) gives random final digits, as issued since 2020-10.
    """
    born = _dt.date(1940, 1, 1) + _dt.timedelta(days=int(g.integers(0, 365 * 80)))
    century = born.year >= 2000
    gender = int(g.integers(0, 2))
    seventh = (7 if century else 5) + gender if foreigner else (3 if century else 1) + gender
    body = born.strftime("%y%m%d") + str(seventh) + _digits(g, 5)
    post = bool(g.integers(0, 2)) if post_2020 is None else post_2020
    last = str(int(g.integers(0, 10))) if post else rrn.calc_check_digit(body)
    number = body + last
    return number if g.random() < 0.3 else number[:6] + "-" + number[6:]


def fake_phone(g: np.random.Generator) -> str:
    """A Korean mobile or landline number in one of the usual spellings (also +82)."""
    style = int(g.integers(0, 6))
    if style <= 2:
        middle, last = _digits(g, 4), _digits(g, 4)
        sep = ["-", " ", "."][style]
        return f"010{sep}{middle}{sep}{last}"
    if style == 3:
        return f"+82 10-{_digits(g, 4)}-{_digits(g, 4)}"
    area = str(g.choice(["02", "031", "051", "062", "070", "064"]))
    middle = _digits(g, 3 if area == "02" else 4)
    return f"{area}-{middle}-{_digits(g, 4)}" if style == 4 else f"({area}) {middle}-{_digits(g, 4)}"


def fake_email(g: np.random.Generator) -> str:
    """An e-mail address; one in four has a Hangul local part, one in six an internationalised domain."""
    if g.random() < 0.25:
        user = str(g.choice(_HANGUL_USERS))
    else:
        user = "".join(g.choice(list("abcdefghijklmnopqrstuvwxyz"), int(g.integers(3, 9))))
        user += "." + str(g.integers(1, 99)) if g.random() < 0.4 else ""
    domain = str(g.choice(_IDN_DOMAINS)) if g.random() < 0.16 else str(g.choice(_DOMAINS))
    return f"{user}@{domain}"


def fake_card(g: np.random.Generator) -> str:
    """A 16-digit card number that passes the Luhn check, grouped by 4."""
    body = str(g.choice(["4", "5", "9"])) + _digits(g, 14)
    number = body + luhn.calc_check_digit(body)
    sep = str(g.choice(["-", " ", ""]))
    return sep.join(number[i : i + 4] for i in range(0, 16, 4))


def fake_account(g: np.random.Generator) -> str:
    """A bank account number in one of the common Korean layouts."""
    layout = ACCOUNT_LAYOUTS[int(g.integers(0, len(ACCOUNT_LAYOUTS)))]
    return "-".join(str(int(g.integers(1, 10))) + _digits(g, n - 1) for n in layout)


def fake_brn(g: np.random.Generator) -> str:
    """A business registration number with a valid check digit (123-45-67890 layout)."""
    body = (
        str(int(g.integers(101, 1000)))
        + str(int(g.integers(1, 100))).zfill(2)
        + str(int(g.integers(1, 10000))).zfill(4)
    )
    number = body + brn_check_digit(body)
    return f"{number[:3]}-{number[3:5]}-{number[5:]}"


def fake_passport(g: np.random.Generator) -> str:
    """A Korean passport number, old (M12345678) or 2021 (M123A4567) layout."""
    if g.random() < 0.5:
        return "M" + _digits(g, 8)
    return "M" + _digits(g, 3) + str(g.choice(list("ABCDEFGHJK"))) + _digits(g, 4)


def fake_driver(g: np.random.Generator) -> str:
    """A driver licence number with a region code or name."""
    region = (
        str(int(g.integers(11, 29))) if g.random() < 0.6 else str(g.choice(["서울", "부산", "경기", "제주"]))
    )
    return f"{region}-{_digits(g, 2)}-{_digits(g, 6)}-{_digits(g, 2)}"


def fake_address(g: np.random.Generator) -> str:
    """A road-name or lot-number address, sometimes with a unit."""
    city, districts = _CITIES[int(g.integers(0, len(_CITIES)))]
    district = str(g.choice(districts))
    unit = f", {int(g.integers(101, 120))}동 {int(g.integers(101, 2000))}호" if g.random() < 0.4 else ""
    if g.random() < 0.6:
        return f"{city} {district} {g.choice(_ROADS)} {int(g.integers(1, 400))}{unit}"
    return f"{city} {district} {g.choice(_DONGS)} {int(g.integers(1, 999))}-{int(g.integers(1, 60))}번지"


def fake_name(g: np.random.Generator) -> str:
    """A Korean person name (surname and two-syllable given name)."""
    return str(g.choice(COMMON_SURNAMES)) + str(g.choice(_GIVEN))


GENERATORS: dict[str, Callable[[np.random.Generator], str]] = {
    "RRN": fake_rrn,
    "FRN": lambda g: fake_rrn(g, foreigner=True),
    "PHONE": fake_phone,
    "EMAIL": fake_email,
    "CARD": fake_card,
    "ACCOUNT": fake_account,
    "BRN": fake_brn,
    "PASSPORT": fake_passport,
    "DRIVER": fake_driver,
    "ADDRESS": fake_address,
    "NAME": fake_name,
}

# -- written variants -----------------------------------------------------------------------------
#: Dashes, hyphens and minus signs a writer (or a word processor) may put between digit groups.
DASHES = ("-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2015", "\u2212", "\ufe63", "\uff0d")
#: Invisible characters: zero-width space, non-joiner, joiner, word joiner, BOM, soft hyphen, LRM, RLM.
INVISIBLE = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e", "\u200f")
#: What may stand between two digit groups.
GROUP_SEPARATORS = (" ", "  ", ".", "\n", " - ", ". ", " . ", *DASHES)
#: What may be put inside a digit group (spaces, dots, line breaks).
INNER_SEPARATORS = (" ", ".", "\n", "  ", ". ")
#: Kinds found whatever their grouping (by length and checks); the others need a label for that.
ANY_GROUPING = frozenset(["RRN", "FRN", "PHONE", "CARD"])
_BETWEEN = re.compile(r"(?<=\d)[-. ](?=\d)")


def _full_width(ch: str) -> str:
    return chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch


def variant_form(value: str, kind: str, g: np.random.Generator, *, labelled: bool = False) -> str:
    """``value`` written another way, as an evasive or careless writer would.

    Digits (and ＠, letters of e-mails and passports) may turn full-width; the separators between digit
    groups become another dash, spaces, dots or a line break; invisible characters are slipped in;
    passports and e-mails change letter case. Separators go inside a digit group only for the kinds
    found in any grouping (:data:`ANY_GROUPING`) or when a label before the number names it
    (``labelled``); a passport gets one after its letter.

    Example:
        >>> from shared.seeding import rng
        >>> variant_form("900101-1234568", "RRN", rng(4)) != "900101-1234568"
        True
    """
    out = value
    if kind == "NAME":
        i = int(g.integers(1, len(out)))
        return out[:i] + str(g.choice(INVISIBLE)) + out[i:]
    if kind in ("PASSPORT", "EMAIL") and g.random() < 0.5:
        out = out.lower() if g.random() < 0.5 or kind == "EMAIL" and out != out.lower() else out.upper()
        if kind == "PASSPORT" and out == value:
            out = out.lower()
    if kind not in ("EMAIL", "PASSPORT", "ADDRESS"):
        out = _BETWEEN.sub(lambda m: str(g.choice(GROUP_SEPARATORS)), out)
    chars = list(out)
    if kind in ANY_GROUPING or labelled:
        digit_at = [i for i in range(1, len(chars)) if chars[i].isdigit() and chars[i - 1].isdigit()]
        for i in sorted(g.choice(digit_at, size=min(2, len(digit_at)), replace=False), reverse=True):
            chars.insert(int(i), str(g.choice(INNER_SEPARATORS)))
    elif kind == "PASSPORT" and g.random() < 0.5:
        chars.insert(1, str(g.choice([" ", "-", "."])))
    if g.random() < 0.5:
        wide = kind != "ADDRESS" or g.random() < 0.5
        chars = [
            _full_width(c) if wide and (c.isdigit() or c == "@") and g.random() < 0.7 else c for c in chars
        ]
        if kind in ("EMAIL", "PASSPORT"):
            chars = [_full_width(c) if c.isascii() and c.isalpha() and g.random() < 0.3 else c for c in chars]
    for _ in range(int(g.integers(0, 3))):
        i = int(g.integers(1, len(chars)))
        chars.insert(i, str(g.choice(INVISIBLE)))
    return "".join(chars)


def _luhn_case_number(body: str) -> str:
    """A 4-6-5 case or management number whose 15 digits pass the Luhn check (it must stay all the same)."""
    digits = body + luhn.calc_check_digit(body)
    return f"{digits[:4]}-{digits[4:10]}-{digits[10:]}"


# Sentence frames: {X} is the identifier; the kept numbers around it must survive redaction.
_FRAMES_KO = {
    "RRN": [
        "신청인의 주민등록번호는 {X}입니다.",
        "본인 확인을 위해 {X} 를 기재했습니다.",
        "생년월일이 포함된 번호 {X}로 조회해 주세요.",
    ],
    "FRN": ["외국인등록번호 {X}로 체류 자격을 확인해 주십시오.", "등록번호({X})를 첨부합니다."],
    "PHONE": [
        "연락처는 {X}입니다.",
        "처리 결과를 {X}로 문자로 알려 주세요.",
        "담당자 전화 {X} 로 회신 바랍니다.",
    ],
    "EMAIL": ["회신은 {X}로 보내 주세요.", "전자우편 {X} 으로 자료를 받고 싶습니다."],
    "CARD": ["수수료를 카드 {X}로 결제했습니다.", "결제 카드번호 {X}가 이중 청구되었습니다."],
    "ACCOUNT": [
        "환불 계좌는 {X}입니다.",
        "보조금을 {X} 계좌로 입금해 주세요.",
        "통장 사본({X})을 첨부합니다.",
    ],
    "BRN": ["사업자등록번호 {X}의 영업 신고 건입니다.", "업체({X})에 대한 점검을 요청합니다."],
    "PASSPORT": ["여권번호 {X}로 신원을 확인했습니다.", "출국 전 여권({X}) 사본을 제출합니다."],
    "DRIVER": ["운전면허번호 {X}의 벌점 내역을 문의합니다.", "면허({X}) 정지 처분에 이의가 있습니다."],
    "ADDRESS": [
        "{X}에 거주하고 있습니다.",
        "주소지({X}) 앞 도로가 파손되었습니다.",
        "현장 위치는 {X} 입니다.",
    ],
    "NAME": [
        "민원인 {X} 씨가 방문했습니다.",
        "신청인 {X}의 서류가 접수되었습니다.",
        "담당 주무관은 {X} 님입니다.",
    ],
}
_KEPT = [
    "2024년 3월 15일에 접수하였고",
    "처리 기한은 2024-04-01입니다.",
    "수수료 12,000원을 납부했습니다.",
    "감면율은 30%입니다.",
    "공공기관의 정보공개에 관한 법률 제11조 제1항에 따라",
    "법률 제19408호로 개정된 조항을 참고했습니다.",
    "관련 판결(2023가합12345)을 검토했습니다.",
    "접수번호 1AA-2403-0012345 건입니다.",
    "민원 처리에 관한 법률 제19조 제2항의 기간을 적용하면",
    "10일 이내에 결정하여야 합니다.",
    # written variants that must stay as well
    "２０２４년 ３월 １５일에 접수하였고",
    "처리 기한은 2024\u201304\u201301입니다.",
    "감면율은 30％입니다.",
    "수수료 １２,０００원을 납부했습니다.",
    f"사건번호 {_luhn_case_number('20240001230004')} 건입니다.",
    f"관리번호: {_luhn_case_number('31415926535897')} 으로 조회됩니다.",
    "제\u200b11조 제1항에 따라",
]
# Frames whose label names the number (주민번호, 계좌번호, ...): any grouping must be caught there.
_LABELLED_FRAMES = {
    "RRN": ["주민번호: {X}", "주민등록번호는 {X} 입니다."],
    "FRN": ["외국인등록번호는 {X}입니다."],
    "CARD": ["카드번호 {X}로 결제했습니다."],
    "ACCOUNT": ["계좌번호: {X} (예금주 본인)", "환불 계좌는 {X}입니다."],
    "BRN": ["사업자등록번호 {X}의 영업 신고 건입니다."],
    "PASSPORT": ["여권번호는 {X}입니다.", "여권번호 {X}로 신원을 확인했습니다."],
    "DRIVER": ["운전면허번호 {X}의 벌점 내역을 문의합니다."],
}


@dataclass(frozen=True)
class LabelledText:
    """A text with its true identifiers: (kind, start, end) spans, plus the kept numbers that must survive."""

    text: str
    spans: tuple[tuple[str, int, int], ...]
    kept: tuple[str, ...]
    variant: tuple[bool, ...] = ()  # per span: written in a variant form


def labelled_texts(n: int = 300, seed: int | None = None, *, variants: float = 0.5) -> list[LabelledText]:
    """``n`` short complaint texts, each with two or three identifiers of random kinds and kept numbers.

    A share ``variants`` of the identifiers is written in a variant form (:func:`variant_form`), and one
    frame in four names its number with a label (주민번호, 계좌번호, ...) where the kind has one.

    Example:
        >>> t = labelled_texts(1, seed=3)[0]
        >>> all(t.text[s:e] for _, s, e in t.spans)
        True
    """
    g = make_rng(seed)
    kinds = list(GENERATORS)
    out = []
    for _ in range(n):
        parts: list[str] = []
        spans: list[tuple[str, int, int]] = []
        kept: list[str] = []
        variant: list[bool] = []
        cursor = 0
        for j in range(int(g.integers(2, 4))):
            if j and g.random() < 0.6:
                k = str(g.choice(_KEPT))
                kept.append(k)
                parts.append(k + " ")
                cursor += len(k) + 1
            kind = kinds[int(g.integers(0, len(kinds)))]
            labelled = kind in _LABELLED_FRAMES and g.random() < 0.25
            frame = str(g.choice(_LABELLED_FRAMES[kind] if labelled else _FRAMES_KO[kind]))
            value = GENERATORS[kind](g)
            variant.append(bool(g.random() < variants))
            if variant[-1]:
                value = variant_form(value, kind, g, labelled=labelled)
            before, after = frame.split("{X}")
            start = cursor + len(before)
            spans.append((kind, start, start + len(value)))
            sentence = before + value + after + " "
            parts.append(sentence)
            cursor += len(sentence)
        out.append(LabelledText("".join(parts).rstrip(), tuple(spans), tuple(kept), tuple(variant)))
    return out
