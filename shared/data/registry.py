"""The dataset registry: names datasets and finds them among bundled samples or a data folder.

Search order for a dataset named ``"area/name"``:

1. the folder passed as ``data_dir`` (``--data`` on the command line),
2. the folder in the ``CIVIC_DATA_DIR`` environment variable,
3. the samples bundled inside the package (``shared/data/samples``).

A data folder may be the root holding ``area/name/`` sub-folders, or the dataset folder itself.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shared.errors import DataError

SAMPLES = Path(__file__).parent / "samples"


@dataclass(frozen=True)
class DatasetSpec:
    """A named dataset: where its files are expected and how to read them."""

    name: str  # "area/name", e.g. "traffic/metr-la-7d"
    description: str
    files: tuple[str, ...]  # files that must exist in the folder (presence check)
    loader: Callable[[Path], Any]
    licence: str = ""
    source: str = ""

    def present_in(self, folder: Path) -> bool:
        """True when ``folder`` holds this dataset's files."""
        return folder.is_dir() and all((folder / f).exists() for f in self.files)


_REGISTRY: dict[str, DatasetSpec] = {}


def register(spec: DatasetSpec, *, replace: bool = False) -> DatasetSpec:
    """Add a dataset to the registry (sectors register theirs on import)."""
    if "/" not in spec.name:
        raise ValueError(f"dataset names look like 'area/name', got {spec.name!r}")
    if spec.name in _REGISTRY and not replace:
        raise ValueError(f"dataset {spec.name!r} is already registered")
    _REGISTRY[spec.name] = spec
    return spec


def spec(name: str) -> DatasetSpec:
    """The registered spec for ``name``; a clear error lists the known names otherwise."""
    try:
        return _REGISTRY[name]
    except KeyError:
        raise DataError(f"unknown dataset {name!r}; known datasets: {', '.join(sorted(_REGISTRY))}") from None


def names() -> list[str]:
    """Registered dataset names, sorted."""
    return sorted(_REGISTRY)


def env_data_dir() -> Path | None:
    """The folder named by CIVIC_DATA_DIR, if set."""
    value = os.environ.get("CIVIC_DATA_DIR")
    return Path(value).expanduser() if value else None


def _candidates(name: str, data_dir: str | Path | None, bundled: bool = True) -> list[tuple[str, Path]]:
    out: list[tuple[str, Path]] = []
    for origin, root in (("--data", data_dir), ("CIVIC_DATA_DIR", env_data_dir())):
        if root is None:
            continue
        root = Path(root).expanduser()
        out.append((origin, root / name))
        out.append((origin, root))
    if bundled:
        out.append(("bundled", SAMPLES / name))
    return out


def locate(name: str, data_dir: str | Path | None = None, *, bundled: bool = True) -> tuple[Path, str]:
    """Find the folder of dataset ``name``; return it with its origin ("--data", "CIVIC_DATA_DIR", "bundled").

    ``bundled=False`` never answers with the bundled sample: a benchmark given a data folder that
    lacks the dataset must say so rather than quietly measure the sample.

    Example:
        >>> folder, origin = locate("geo/korea")
        >>> origin in {"--data", "CIVIC_DATA_DIR", "bundled"}
        True
    """
    s = spec(name)
    if data_dir is not None and not Path(data_dir).expanduser().exists():
        raise DataError("data folder does not exist", file=data_dir, expected="a folder (--data)")
    for origin, folder in _candidates(name, data_dir, bundled):
        if s.present_in(folder):
            return folder, origin
    looked = (
        ", ".join(str(f) for _, f in _candidates(name, data_dir, bundled)) or "nowhere: no data folder given"
    )
    raise DataError(
        f"dataset {name!r} not found (looked in {looked})",
        expected=f"a folder with {', '.join(s.files)}; pass --data DIR or set CIVIC_DATA_DIR",
    )


def load(name: str, data_dir: str | Path | None = None) -> Any:
    """Load dataset ``name`` with its registered reader, after locating and checking its files.

    Example:
        >>> korea = load("geo/korea")
        >>> len(korea["provinces"]["features"])
        17
    """
    folder, _ = locate(name, data_dir)
    return spec(name).loader(folder)


def available(data_dir: str | Path | None = None) -> list[dict[str, str]]:
    """For each registered dataset: whether it is found, where, and from which origin."""
    rows = []
    for name in names():
        try:
            folder, origin = locate(name, data_dir)
            rows.append({"dataset": name, "found": "yes", "origin": origin, "path": str(folder)})
        except DataError:
            rows.append({"dataset": name, "found": "no", "origin": "-", "path": "-"})
    return rows
