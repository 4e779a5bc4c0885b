"""The traffic sector's named datasets, registered with :mod:`shared.data` when the sector is imported.

Example:
    >>> import sectors.traffic
    >>> from shared import data
    >>> data.spec("traffic/metr-la-7d").files
    ('los_speed.csv',)
"""

from __future__ import annotations

from shared.data import DatasetSpec, register
from shared.data.formats.traffic import read_metr_la_slice

METR_LA_7D = register(
    DatasetSpec(
        "traffic/metr-la-7d",
        "METR-LA loop-detector speeds, 207 sensors, first 7 days at 5 minutes, with the DCRNN graph",
        ("los_speed.csv",),
        read_metr_la_slice,
        licence="MIT (T-GCN-PyTorch, DCRNN_PyTorch); cite DCRNN",
        source="lehaifeng/T-GCN, liyaguang/DCRNN",
    ),
    replace=True,
)
