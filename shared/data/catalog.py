"""The datasets the shared layer itself uses (the Korean boundaries behind every map).

Each sector registers its own datasets when it is imported (``sectors/<sector>/datasets.py``, and
``shared/llm/datasets.py`` for the LLM layer), so ``shared.data`` holds only the mechanism and what the
shared layer needs. ``civic info`` imports every sector to list them all.
"""

from __future__ import annotations

from shared.data.formats.geo import MUNICIPALITIES, PROVINCES, read_korea_boundaries
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
]

for _spec in BUILTIN:
    register(_spec, replace=True)
