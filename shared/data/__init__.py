"""Dataset registry, bundled samples, readers of public formats and schema validation.

Example:
    >>> from shared import data
    >>> "geo/korea" in data.names()
    True

Each sector registers its own datasets on import (``sectors/<sector>/datasets.py``).
"""

from shared.data import catalog as _catalog  # noqa: F401  (registers the shared layer's own datasets)
from shared.data.registry import (
    SAMPLES,
    DatasetSpec,
    available,
    env_data_dir,
    load,
    locate,
    names,
    register,
    spec,
)
from shared.data.validate import check_columns, read_table, require_files

__all__ = [
    "SAMPLES",
    "DatasetSpec",
    "available",
    "check_columns",
    "env_data_dir",
    "load",
    "locate",
    "names",
    "read_table",
    "register",
    "require_files",
    "spec",
]
