"""The yearly value of a service's benefit, read from its benefit text, with the sentence it came from.

A heuristic, reported as such: amounts in KRW ("342,510원", "월 29만원", "120만원") are read from
the benefit text (지원내용; for Bokjiro-only entries, 설명), each annualised by the period written in
its sentence (월 x12, 연 x1, 분기 x4, 반기 x2, 주 x52) or else by the service's frequency field
(지원주기). Sentences about loans, guarantees, co-payments, assets or income thresholds are
skipped, and so are services paid as loans (현금대여(융자)). Of the sentences with an amount, the
median annualised amount is kept (a service often lists several tiers), capped at 50 million KRW. Services without a readable amount get NaN: the value is unknown,
not zero.

Example:
    >>> value, sentence = benefit_value("(18~64세) 2025년 기준 매월 342,510원을 지급합니다.", "월", "현금지급")
    >>> value, sentence[:10]
    (4110120.0, '(18~64세) 2')
"""

from __future__ import annotations

import math
import re

_AMOUNT = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(억|천만|백만|만|천)?\s*원")
_MULT = {None: 1.0, "천": 1e3, "만": 1e4, "백만": 1e6, "천만": 1e7, "억": 1e8}
_SKIP = re.compile(
    r"대출|융자|보증|이자|본인\s*부담|자부담|부모부담|부채|보증금|전세|수수료|과태료|벌금|매출"
)
_THRESHOLD = re.compile(r"(?:소득|재산|자산|보험료|가액|인정액).*(?:이하|미만|초과|이상)")
_PERIODS = [
    (re.compile(r"매월|월\s*\d|월\s*최대|월간|/\s*월|월\s*[0-9,.]+\s*(?:만\s*)?원|개월|월\)|\(월"), 12.0),
    (re.compile(r"분기"), 4.0),
    (re.compile(r"반기"), 2.0),
    (re.compile(r"매주|주\s*\d+\s*회|/\s*주"), 52.0),
    (re.compile(r"연간|연\s*\d|연\s*최대|매년|/\s*년|1년|연\s*1회|년\s*1회|\(연|연\)"), 1.0),
    (re.compile(r"원\s*/\s*일|일당|1일\s*\d"), 20.0),
    (re.compile(r"1회|일시|최초"), 1.0),
]
_FREQUENCY = {"월": 12.0, "년": 1.0, "분기": 4.0, "반기": 2.0, "주": 52.0, "1회성": 1.0, "수시": 1.0}
CAP_KRW = 50_000_000.0
_SENTENCE_END = re.compile(r"\n+|(?<=다\.)\s+|(?<=니다)\s+")


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


def _per_year(sentence: str, frequency: str | None) -> float:
    for pattern, factor in _PERIODS:
        if pattern.search(sentence):
            return factor
    return _FREQUENCY.get((frequency or "").strip(), 1.0)


def benefit_value(
    text: str | None, frequency: str | None = None, payment: str | None = None
) -> tuple[float, str]:
    """(KRW per year, the sentence it was read from); (NaN, "") when no amount can be read."""
    if not isinstance(text, str) or not text.strip():
        return math.nan, ""
    if isinstance(payment, str) and "융자" in payment and "현금지급" not in payment:
        return math.nan, ""
    found: list[tuple[float, str]] = []
    for sentence in _sentences(text):
        if _SKIP.search(sentence) or _THRESHOLD.search(sentence):
            continue
        amounts = [float(m.group(1).replace(",", "")) * _MULT[m.group(2)] for m in _AMOUNT.finditer(sentence)]
        amounts = [a for a in amounts if a >= 1_000]
        if not amounts:
            continue
        found.append((min(max(amounts) * _per_year(sentence, frequency), CAP_KRW), sentence))
    if not found:
        return math.nan, ""
    found.sort(key=lambda pair: pair[0])
    return found[(len(found) - 1) // 2]  # the (lower) median sentence: robust to one odd tier
