"""The employment sector's named datasets, registered with :mod:`shared.data` when the sector is imported.

Example:
    >>> import sectors.employment
    >>> from shared import data
    >>> [n for n in data.names() if n.startswith("employment/")]
    ['employment/esco', 'employment/onet']
"""

from __future__ import annotations

from shared.data import DatasetSpec, register
from shared.data.formats.tables import read_esco, read_onet

ONET = register(
    DatasetSpec(
        "employment/onet",
        "O*NET 29.2 occupations, related occupations, job zones, education, technology skills",
        ("Occupation Data.txt", "Related Occupations.txt"),
        read_onet,
        licence="CC BY 4.0, USDOL/ETA",
    ),
    replace=True,
)
ESCO = register(
    DatasetSpec(
        "employment/esco",
        "ESCO v1.0 occupations, ISCO groups and skill groups (English)",
        ("occupations_en.csv",),
        read_esco,
        licence="ESCO, European Commission, free reuse with attribution",
    ),
    replace=True,
)
