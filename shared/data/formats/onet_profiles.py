"""Readers for the O*NET rating tables and ESCO skill collections that ``tables.read_onet``/``read_esco`` skip.

O*NET ``Interests.txt`` and ``Work Values.txt`` are long tables (one row per occupation, element and
scale). :func:`read_onet_ratings` returns them wide: one row per occupation, one column per element,
for the scale asked for (``OI`` occupational interest 1-7, ``EX`` work-value extent 1-7).

Example:
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "Interests.txt").write_text(
    ...     "O*NET-SOC Code\\tElement ID\\tElement Name\\tScale ID\\tData Value\\n"
    ...     "11-1011.00\\t1.B.1.a\\tRealistic\\tOI\\t1.30\\n"
    ...     "11-1011.00\\t1.B.1.b\\tInvestigative\\tOI\\t3.24\\n"
    ...     "11-1011.00\\t1.B.1.g\\tFirst Interest High-Point\\tIH\\t5.00\\n")
    >>> read_onet_ratings(folder, "Interests.txt", "OI").round(2).to_dict("index")
    {'11-1011.00': {'Realistic': 1.3, 'Investigative': 3.24}}
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from shared.data.validate import read_table
from shared.errors import DataError

ONET_RATING_SCHEMA = {
    "O*NET-SOC Code": "text",
    "Element Name": "text",
    "Scale ID": "text",
    "Data Value": "number",
}

#: The ESCO skill collections that ship with occupations (the full skill list does not).
ESCO_COLLECTIONS = {
    "ict": "ictSkillsCollection_en.csv",
    "transversal": "transversalSkillsCollection_en.csv",
}
ESCO_COLLECTION_SCHEMA = {"conceptUri": "text", "preferredLabel": "text", "broaderConceptUri": "text"}


def read_onet_ratings(folder: str | Path, filename: str, scale: str) -> pd.DataFrame:
    """One O*NET rating table as occupation x element, keeping only rows of ``scale``.

    Raises :class:`DataError` naming the file when the scale has no rows.
    """
    path = Path(folder) / filename
    long = read_table(path, ONET_RATING_SCHEMA, sep="\t", dtype=str)
    rows = long[long["Scale ID"] == scale]
    if rows.empty:
        raise DataError(f"no rows with Scale ID {scale!r}", file=path, column="Scale ID", expected=scale)
    wide = rows.pivot_table(
        index="O*NET-SOC Code", columns="Element Name", values="Data Value", aggfunc="mean", sort=False
    )
    wide.index = wide.index.astype(str)
    wide.index.name = None
    wide.columns = [str(c) for c in wide.columns]
    return wide.astype(float)


def read_esco_collections(folder: str | Path) -> pd.DataFrame:
    """ESCO's ICT and transversal skill collections in one table, with a ``collection`` column."""
    folder = Path(folder)
    frames = []
    for name, filename in ESCO_COLLECTIONS.items():
        table = read_table(folder / filename, ESCO_COLLECTION_SCHEMA, dtype=str)
        frames.append(table.assign(collection=name))
    return pd.concat(frames, ignore_index=True)
