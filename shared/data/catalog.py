"""The datasets the shared layer itself uses (the Korean and US boundaries behind the maps).

Each sector registers its own datasets when it is imported (``sectors/<sector>/datasets.py``, and
``shared/llm/datasets.py`` for the LLM layer), so ``shared.data`` holds only the mechanism and what the
shared layer needs. ``civic info`` imports every sector to list them all.
"""

from __future__ import annotations

from shared.data.formats.geo import (
    MUNICIPALITIES,
    PROVINCES,
    US_STATES,
    read_korea_boundaries,
    read_us_states,
)
from shared.data.registry import DatasetSpec, register

BUILTIN = [
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
]

for _spec in BUILTIN:
    register(_spec, replace=True)
