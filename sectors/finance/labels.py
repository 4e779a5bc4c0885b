"""Words and units for showing the Santander-schema panel to Korean and English readers.

The panel follows the Santander (Spanish) schema: segment codes in Spanish and incomes in euros.
These helpers give the segments Korean and English names, convert euros to won at one stated
display rate, name the segment bands of :func:`adoption_by_segment`, and turn the ranker's raw
scores (unbounded, can be negative) into relative weights a reader can compare.

Example:
    >>> segment_name("02 - PARTICULARES", "ko")
    '개인 고객'
    >>> eur_to_krw(100_000.0)
    147500000
    >>> [round(w) for w in relative_weights([2.0, 1.0, -1.0])]
    [71, 26, 4]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

# A fixed display rate set by the project (about the 2024 average of the ECB reference rate), so
# that euro amounts of the Spanish-schema panel read as won; not a market quote.
EUR_TO_KRW = 1475

# Santander segment codes ("01 - TOP" in the data, "01 TOP" in adoption tables) -> (ko, en)
SEGMENT_NAMES: dict[str, tuple[str, str]] = {
    "01": ("우수(VIP) 고객", "Top (VIP) customers"),
    "02": ("개인 고객", "Individual customers"),
    "03": ("대학생 고객", "University students"),
}

_AGE_BANDS = {
    "<18": ("18세 미만", "under 18"),
    "18-24": ("18-24세", "18-24"),
    "25-34": ("25-34세", "25-34"),
    "35-44": ("35-44세", "35-44"),
    "45-54": ("45-54세", "45-54"),
    "55-64": ("55-64세", "55-64"),
    "65+": ("65세 이상", "65 and over"),
}
_INCOME_EDGES_EUR = {"<50k": (None, 50e3), "50-80k": (50e3, 80e3), "80-120k": (80e3, 120e3)}
_INCOME_EDGES_EUR |= {"120-200k": (120e3, 200e3), "200k+": (200e3, None)}
_CHANNELS = {"online": ("온라인 가입", "joined online"), "other": ("영업점 등 기타", "branch or other")}
_ACTIVE = {"1": ("활동 고객", "active"), "0": ("비활동 고객", "inactive")}


def eur_to_krw(euros: float) -> int:
    """Euros of the panel in won at :data:`EUR_TO_KRW`, rounded to the won."""
    return int(round(float(euros) * EUR_TO_KRW))


def krw_to_eur(won: float) -> float:
    """Won back to the panel's euros (the model reads euros)."""
    return float(won) / EUR_TO_KRW


def segment_name(code: str, lang: str = "ko") -> str:
    """A Santander segment ("01 - TOP", "01 TOP" or "01") in Korean or English; unknown codes as given."""
    names = SEGMENT_NAMES.get(str(code).strip()[:2])
    if names is None:
        return str(code)
    return names[0] if lang == "ko" else names[1]


def _won_words(euros: float, lang: str) -> str:
    won = eur_to_krw(euros)
    if lang == "ko":
        return f"{won / 1e4:,.0f}만 원"
    return f"KRW {won / 1e6:,.1f}M"


def band_label(by: str, value: str, lang: str = "ko") -> str:
    """The label of one row of :func:`adoption_by_segment` (``by`` = segment, age_band, ...)."""
    value = str(value)
    pick = 0 if lang == "ko" else 1
    if by == "segment":
        return segment_name(value, lang)
    if by == "age_band" and value in _AGE_BANDS:
        return _AGE_BANDS[value][pick]
    if by == "channel" and value in _CHANNELS:
        return _CHANNELS[value][pick]
    if by == "active" and value in _ACTIVE:
        return _ACTIVE[value][pick]
    if by == "income_band" and value in _INCOME_EDGES_EUR:
        low, high = _INCOME_EDGES_EUR[value]
        if low is None:
            return f"{_won_words(high, lang)} 미만" if lang == "ko" else f"under {_won_words(high, lang)}"
        if high is None:
            return f"{_won_words(low, lang)} 이상" if lang == "ko" else f"{_won_words(low, lang)} and over"
        return f"{_won_words(low, lang)} - {_won_words(high, lang)}"
    return "알 수 없음" if lang == "ko" and value == "?" else ("unknown" if value == "?" else value)


def relative_weights(scores: Sequence[float]) -> list[float]:
    """Raw ranker scores as percentages that sum to 100 (a softmax): the relative weight of each item.

    Ranker scores only order items; their size has no unit and can be negative. The weights keep the
    order and say how far apart the items are; they are not probabilities of adding the product.
    """
    values = np.asarray(list(scores), dtype=float)
    if values.size == 0:
        return []
    weights = np.exp(values - values.max())
    return (100 * weights / weights.sum()).tolist()
