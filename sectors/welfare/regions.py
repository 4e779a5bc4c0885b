"""Korean region names: provinces, their short forms, municipalities, and one normal form.

The normal form is "province municipality [district]" with the 2013 KOSTAT names of the bundled
boundaries (``geo/korea``): "서울특별시 관악구", "경기도 수원시 장안구". Newer names (강원특별자치도,
전북특별자치도) map to the 2013 ones so that a region always matches the map.

Example:
    >>> normalise_region("서울 관악구"), normalise_region("강원특별자치도 원주시")
    ('서울특별시 관악구', '강원도 원주시')
    >>> normalise_region("서울특별시 서울특별시교육청"), normalise_region("  ")
    ('서울특별시', None)
"""

from __future__ import annotations

import re
from functools import lru_cache

PROVINCES = (
    "서울특별시",
    "부산광역시",
    "대구광역시",
    "인천광역시",
    "광주광역시",
    "대전광역시",
    "울산광역시",
    "세종특별자치시",
    "경기도",
    "강원도",
    "충청북도",
    "충청남도",
    "전라북도",
    "전라남도",
    "경상북도",
    "경상남도",
    "제주특별자치도",
)
PROVINCE_CODES = {
    "11": "서울특별시",
    "21": "부산광역시",
    "22": "대구광역시",
    "23": "인천광역시",
    "24": "광주광역시",
    "25": "대전광역시",
    "26": "울산광역시",
    "29": "세종특별자치시",
    "31": "경기도",
    "32": "강원도",
    "33": "충청북도",
    "34": "충청남도",
    "35": "전라북도",
    "36": "전라남도",
    "37": "경상북도",
    "38": "경상남도",
    "39": "제주특별자치도",
}
_SHORT = {
    "서울": "서울특별시",
    "서울시": "서울특별시",
    "부산": "부산광역시",
    "부산시": "부산광역시",
    "대구": "대구광역시",
    "대구시": "대구광역시",
    "인천": "인천광역시",
    "인천시": "인천광역시",
    "광주": "광주광역시",
    "대전": "대전광역시",
    "대전시": "대전광역시",
    "울산": "울산광역시",
    "울산시": "울산광역시",
    "세종": "세종특별자치시",
    "세종시": "세종특별자치시",
    "경기": "경기도",
    "강원": "강원도",
    "강원특별자치도": "강원도",
    "충북": "충청북도",
    "충남": "충청남도",
    "전북": "전라북도",
    "전북특별자치도": "전라북도",
    "전남": "전라남도",
    "경북": "경상북도",
    "경남": "경상남도",
    "제주": "제주특별자치도",
    "제주도": "제주특별자치도",
}
#: Every way a province is written, mapped to its normal name.
PROVINCE_ALIASES: dict[str, str] = {**{p: p for p in PROVINCES}, **_SHORT}
_CITY_DISTRICT = re.compile(r"^([가-힣]+시)([가-힣]+구)$")


def split_municipality(name: str) -> str:
    """ "수원시장안구" -> "수원시 장안구" (2013 boundary names join a city and its district).

    Example:
        >>> split_municipality("창원시마산합포구"), split_municipality("관악구")
        ('창원시 마산합포구', '관악구')
    """
    m = _CITY_DISTRICT.match(name)
    return f"{m.group(1)} {m.group(2)}" if m else name


@lru_cache(maxsize=1)
def municipalities() -> dict[str, tuple[str, ...]]:
    """Municipalities (normal form, without the province) of each province, from the bundled boundaries."""
    from shared.ui.maps import korea_boundaries

    out: dict[str, list[str]] = {p: [] for p in PROVINCES}
    for feature in korea_boundaries()["municipalities"]["features"]:
        props = feature["properties"]
        province = PROVINCE_CODES.get(str(props["code"])[:2])
        if province:
            out[province].append(split_municipality(str(props["name"])))
    return {p: tuple(sorted(v)) for p, v in out.items()}


@lru_cache(maxsize=1)
def municipality_names() -> dict[str, frozenset[str]]:
    """Every name a municipality may be written with in a province (cities without their districts too)."""
    out: dict[str, set[str]] = {}
    for province, names in municipalities().items():
        words: set[str] = set()
        for name in names:
            parts = name.split()
            words.add(parts[0])
            words.add("".join(parts))
        out[province] = words
    return {p: frozenset(v) for p, v in out.items()}


def normalise_region(text: str | None) -> str | None:
    """The normal form of a written region, or None when it names no province."""
    if not isinstance(text, str):
        return None
    words = text.split()
    if not words:
        return None
    province = PROVINCE_ALIASES.get(words[0])
    if province is None:
        return None
    known = municipality_names().get(province, frozenset())
    if len(words) < 2 or words[1] not in known:
        return province
    if len(words) > 2 and words[1] + words[2] in known:
        return f"{province} {words[1]} {words[2]}"
    return f"{province} {split_municipality(words[1])}"


def province_of(region: str | None) -> str | None:
    """The province part of a region in normal form.

    Example:
        >>> province_of("경기도 수원시 장안구")
        '경기도'
    """
    if not region:
        return None
    return PROVINCE_ALIASES.get(region.split()[0])
