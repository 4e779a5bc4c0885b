"""The benchmark protocol every sector follows, so ``civic bench`` can run and print any of them.

A benchmark module (for example ``sectors.traffic.bench``) defines::

    def run(options: BenchOptions) -> BenchReport: ...

Rows are plain dicts: ``{"model": "last_value", "mae_h12": 5.77, ...}``. The JSON written with
``--json`` is ``{"sector", "device", "rows", "headline", "notes", "tables", "created"}``.
Long loops show a progress bar on stderr through :func:`progress` (never on stdout, where the tables go).
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from shared.errors import CivicError

T = TypeVar("T")
PROGRESS_ENV = "CIVIC_PROGRESS"


def progress_enabled() -> bool:
    """Whether progress bars show: ``CIVIC_PROGRESS=0`` hides them, ``=1`` forces them, else only on a terminal."""
    flag = os.environ.get(PROGRESS_ENV, "").strip()
    if flag in ("0", "1"):
        return flag == "1"
    return sys.stderr.isatty()


def progress(iterable: Iterable[T], desc: str, *, total: int | None = None, unit: str = "it") -> Iterator[T]:
    """``iterable`` with a tqdm progress bar on stderr (see :func:`progress_enabled`); items pass unchanged.

    Example:
        >>> sum(progress(range(4), "adding"))
        6
    """
    from tqdm.auto import tqdm

    return iter(
        tqdm(
            iterable,
            desc=desc,
            total=total,
            unit=unit,
            file=sys.stderr,
            disable=not progress_enabled(),
            leave=False,
            dynamic_ncols=True,
        )
    )


@dataclass
class BenchOptions:
    """What the command line passes to a benchmark."""

    data_dir: Path | None = None
    interactions: Path | None = None
    quick: bool = False
    seed: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class BenchReport:
    """A benchmark's result: rows of model metrics, plus optional extra tables and a headline figure.

    ``headline`` feeds the dashboard tile: ``{"value": 3.21, "unit": "mph", "label_en": ..., "label_ko": ...,
    "model": ...}``.
    """

    sector: str
    device: str
    rows: list[dict[str, Any]]
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    headline: dict[str, Any] | None = None
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        for i, row in enumerate(self.rows):
            if "model" not in row:
                raise CivicError(f"benchmark row {i} of {self.sector} has no 'model' key")

    def frame(self) -> pd.DataFrame:
        """The rows as a DataFrame indexed by model."""
        return pd.DataFrame(self.rows).set_index("model")

    def to_json(self) -> dict[str, Any]:
        """The JSON form written by ``civic bench --json``."""

        def clean(value: Any) -> Any:
            if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
                return None
            if hasattr(value, "item"):
                return clean(value.item())
            return value

        return {
            "sector": self.sector,
            "device": self.device,
            "rows": [{k: clean(v) for k, v in row.items()} for row in self.rows],
            "headline": self.headline,
            "notes": self.notes,
            "tables": {name: json.loads(t.to_json(orient="split")) for name, t in self.tables.items()},
            "created": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        }

    def render(self) -> str:
        """Plain-text tables for the terminal."""
        with pd.option_context(
            "display.width", 200, "display.max_columns", 50, "display.float_format", "{:.4g}".format
        ):
            parts = [f"== {self.sector} benchmark (device: {self.device}) ==", self.frame().to_string()]
            for name, table in self.tables.items():
                parts += ["", f"-- {name} --", table.to_string()]
        if self.notes:
            parts += [""] + [f"note: {n}" for n in self.notes]
        return "\n".join(parts)

    def write_json(self, path: str | Path) -> Path:
        """Write :meth:`to_json` to ``path`` (parent folders are created)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_json(), ensure_ascii=False, indent=1), encoding="utf-8")
        return path


def read_report(path: str | Path) -> dict[str, Any] | None:
    """Read a JSON report written by ``civic bench --json``; None when the file does not exist."""
    path = Path(path)
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise CivicError(f"{path} is not a benchmark report: {exc}") from exc
    if not isinstance(data, dict) or "rows" not in data:
        raise CivicError(f"{path} is not a benchmark report (no 'rows')")
    return data
