"""The disaster sector's full-size named datasets, registered with :mod:`shared.data` when the sector is imported.

(The bundled samples and CAMELS are registered beside their loaders in :mod:`sectors.disaster.data`.)

Example:
    >>> import sectors.disaster
    >>> from shared import data
    >>> data.spec("disaster/typhoon").files
    ('JTWC.csv',)
"""

from __future__ import annotations

from shared.data import DatasetSpec, register
from shared.data.formats.tables import read_jtwc

JTWC = register(
    DatasetSpec(
        "disaster/typhoon",
        "JTWC western North Pacific best tracks 1945-2021",
        ("JTWC.csv",),
        read_jtwc,
        licence="US government data (JTWC)",
    ),
    replace=True,
)
