"""The datasets the suite knows by name. Sectors may register more with ``shared.data.register``."""

from __future__ import annotations

from shared.data.formats.geo import (
    MUNICIPALITIES,
    PROVINCES,
    US_STATES,
    read_korea_boundaries,
    read_us_states,
)
from shared.data.formats.tables import (
    BOKJIRO_CENTRAL,
    BOKJIRO_LOCAL,
    read_bokjiro,
    read_esco,
    read_jtwc,
    read_koblex,
    read_onet,
    read_statutes,
)
from shared.data.formats.traffic import read_metr_la_slice
from shared.data.registry import DatasetSpec, register

BUILTIN = [
    DatasetSpec(
        "traffic/metr-la-7d",
        "METR-LA loop-detector speeds, 207 sensors, first 7 days at 5 minutes, with the DCRNN graph",
        ("los_speed.csv",),
        read_metr_la_slice,
        licence="MIT (T-GCN-PyTorch, DCRNN_PyTorch); cite DCRNN",
        source="lehaifeng/T-GCN, liyaguang/DCRNN",
    ),
    DatasetSpec(
        "geo/korea",
        "Korean province (17) and municipality (251) boundaries, 2013, simplified",
        (PROVINCES, MUNICIPALITIES),
        read_korea_boundaries,
        licence="KOGL Type 1: Source: Statistics Korea (KOSTAT), via southkorea/southkorea-maps",
        source="southkorea/southkorea-maps",
    ),
    DatasetSpec(
        "geo/us",
        "US state boundaries (48 contiguous states and DC), Census 2016 1:500k, simplified",
        (US_STATES,),
        read_us_states,
        licence="public domain: U.S. Census Bureau cartographic boundary files (via the plotly-geo package)",
        source="U.S. Census Bureau cb_2016_us_state_500k",
    ),
    DatasetSpec(
        "llm/koblex",
        "KoBLEX legal multi-hop QA: 226 questions with gold statute paragraphs, 651-paragraph corpus",
        ("koblex.jsonl", "paragraph_corpus.jsonl"),
        read_koblex,
        licence="CC BY-NC 4.0 (research and evaluation only)",
    ),
    DatasetSpec(
        "llm/laws",
        "Seven Korean acts in legalize-kr Markdown",
        ("civil-petitions-act.md",),
        read_statutes,
        licence="not copyrightable (Copyright Act art. 7)",
    ),
    DatasetSpec(
        "welfare/bokjiro",
        "Korean welfare services: 368 central (with selection criteria) and 1,043 Bokjiro entries",
        (BOKJIRO_CENTRAL, BOKJIRO_LOCAL),
        read_bokjiro,
        licence="KOGL via data.go.kr / Bokjiro; repository MIT",
    ),
    DatasetSpec(
        "employment/onet",
        "O*NET 29.2 occupations, related occupations, job zones, education, technology skills",
        ("Occupation Data.txt", "Related Occupations.txt"),
        read_onet,
        licence="CC BY 4.0, USDOL/ETA",
    ),
    DatasetSpec(
        "employment/esco",
        "ESCO v1.0 occupations, ISCO groups and skill groups (English)",
        ("occupations_en.csv",),
        read_esco,
        licence="ESCO, European Commission, free reuse with attribution",
    ),
    DatasetSpec(
        "disaster/typhoon",
        "JTWC western North Pacific best tracks 1945-2021",
        ("JTWC.csv",),
        read_jtwc,
        licence="US government data (JTWC)",
    ),
]

for _spec in BUILTIN:
    register(_spec, replace=True)
