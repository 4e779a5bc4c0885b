"""Korean titles for O*NET occupations, from a bundled mapping the project wrote and reviewed.

The mapping (``data/onet_titles_ko.csv``: soc_code, title_en, title_ko) covers the occupations of
the bundled sample and some of the most common ones. Where it has no Korean title, the English
title is shown marked as English, never passed off as a translation.

Example:
    >>> occupation_title("43-4051.00", "Customer Service Representatives", lang="ko")
    '고객 상담원'
    >>> occupation_title("43-9999.99", "Records Clerks", lang="ko")
    'Records Clerks (영문)'
    >>> occupation_title("43-4051.00", "Customer Service Representatives", lang="en")
    'Customer Service Representatives'
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

from shared.errors import DataError

TITLES_FILE = Path(__file__).parent / "data" / "onet_titles_ko.csv"
ENGLISH_MARK = " (영문)"


@cache
def korean_titles() -> pd.DataFrame:
    """The bundled mapping indexed by O*NET-SOC code, with columns ``title_en`` and ``title_ko``."""
    table = pd.read_csv(TITLES_FILE, comment="#", dtype=str, keep_default_na=False)
    expected = {"soc_code", "title_en", "title_ko"}
    if set(table.columns) != expected:
        raise DataError(f"{TITLES_FILE}: columns {sorted(table.columns)}, expected {sorted(expected)}")
    blank = table[(table == "").any(axis=1)]
    if not blank.empty:
        raise DataError(f"{TITLES_FILE}: empty title or code in rows for {blank['soc_code'].tolist()}")
    if table["soc_code"].duplicated().any():
        raise DataError(
            f"{TITLES_FILE}: soc_code repeated: {table.loc[table['soc_code'].duplicated(), 'soc_code'].tolist()}"
        )
    return table.set_index("soc_code")


def occupation_title(code: str, title_en: str, *, lang: str = "ko") -> str:
    """The occupation's title in ``lang``: Korean from the mapping, else the English title marked (영문)."""
    if lang != "ko":
        return title_en
    titles = korean_titles()
    if code in titles.index:
        return str(titles.at[code, "title_ko"])
    return f"{title_en}{ENGLISH_MARK}"


def occupation_titles(
    codes: pd.Series | list[str], titles_en: pd.Series | list[str], *, lang: str = "ko"
) -> list[str]:
    """``occupation_title`` for each (code, English title) pair, in order."""
    return [occupation_title(str(c), str(t), lang=lang) for c, t in zip(codes, titles_en, strict=True)]
