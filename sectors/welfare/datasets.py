"""The welfare sector's named datasets, registered with :mod:`shared.data` when the sector is imported.

Example:
    >>> import sectors.welfare
    >>> from shared import data
    >>> "welfare/bokjiro" in data.names()
    True
"""

from __future__ import annotations

from shared.data import DatasetSpec, register
from shared.data.formats.tables import BOKJIRO_CENTRAL, BOKJIRO_LOCAL, read_bokjiro

BOKJIRO = register(
    DatasetSpec(
        "welfare/bokjiro",
        "Korean welfare services: 368 central (with selection criteria) and 1,043 Bokjiro entries",
        (BOKJIRO_CENTRAL, BOKJIRO_LOCAL),
        read_bokjiro,
        licence="KOGL via data.go.kr / Bokjiro; repository MIT",
    ),
    replace=True,
)
