"""Extraction quality against the hand-labelled sample: precision and recall per condition kind.

Two levels are scored for each kind:

- *service level*: does the service have a condition of this kind at all (detected vs labelled)?
- *value level*: the individual values (an age range, "median:150", a household type, a region, a
  recipient status) matched exactly, micro-averaged over the labelled services.

The labels (``data/hand_labels.json``) were written from the catalogue text before the rules; how
they were drawn and labelled is stated in the file.

Example:
    >>> labels = load_labels()
    >>> len(labels["labels"]), len(labels["heldout"])
    (40, 20)
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sectors.welfare.conditions import KINDS, Condition

LABELS = Path(__file__).parent / "data" / "hand_labels.json"


def load_labels(path: str | Path | None = None) -> dict[str, Any]:
    """The labelled sample: ``{"about": ..., "kinds": [...], "labels": {service_id: {kind: [values]}}}``."""
    return json.loads(Path(path or LABELS).read_text(encoding="utf-8"))


def _years(value: float | None, unit: str | None) -> float | None:
    if value is None:
        return None
    return round(value / 12 if unit == "months" else value, 2)


def _age_item(lo: float | None, hi: float | None) -> str:
    fmt = lambda v: "" if v is None else f"{v:g}"  # noqa: E731
    return f"{fmt(lo)}-{fmt(hi)}"


def condition_items(conditions: Iterable[Condition]) -> dict[str, set[str]]:
    """The comparable values of extracted conditions, per kind."""
    out: dict[str, set[str]] = {k: set() for k in KINDS}
    for c in conditions:
        p = c.params
        if c.kind == "age":
            out["age"].add(
                _age_item(_years(p.get("lo"), p.get("lo_unit")), _years(p.get("hi"), p.get("hi_unit")))
            )
        elif c.kind == "income":
            if p["type"] == "median":
                out["income"].add(f"median:{p['pct']:g}")
            elif p["type"] in ("amount", "table"):
                out["income"] |= {f"amount:{v:g}" for _, v in p["amounts"]}
            else:
                out["income"].add("unspecified")
        elif c.kind == "household_type":
            out["household_type"].add(p["type"])
        elif c.kind == "disability":
            out["disability"].add(p["level"])
        elif c.kind == "pregnancy_birth":
            out["pregnancy_birth"].add(p["event"])
        elif c.kind == "region":
            out["region"].add(p["region"])
        elif c.kind == "employment":
            out["employment"].add(p["status"])
        elif c.kind == "recipient":
            out["recipient"] |= set(p["statuses"])
    return out


def label_items(label: Mapping[str, list[Any]]) -> dict[str, set[str]]:
    """The comparable values of one service's labels, per kind."""
    out: dict[str, set[str]] = {k: set() for k in KINDS}
    for kind, values in label.items():
        for v in values:
            if kind == "age":
                lo, hi = v
                out["age"].add(
                    _age_item(
                        None if lo is None else round(float(lo), 2),
                        None if hi is None else round(float(hi), 2),
                    )
                )
            else:
                out[kind].add(str(v))
    return out


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else np.nan
    r = tp / (tp + fn) if tp + fn else np.nan
    f = 2 * p * r / (p + r) if tp and p + r else (0.0 if tp + fp and tp + fn else np.nan)
    return p, r, f


def extraction_scores(
    extracted: Mapping[str, list[Condition]],
    labels: Mapping[str, Any] | None = None,
    *,
    sample: str = "heldout",
) -> pd.DataFrame:
    """Precision, recall and F1 per kind at the service and value levels, plus a micro-average row.

    ``sample`` is ``"heldout"`` (20 services labelled after the rules were frozen) or ``"labels"``
    (the 40-service development sample). Services of the sample missing from ``extracted`` are skipped.
    """
    labels = labels or load_labels()
    labels = {"labels": {k: v for k, v in labels[sample].items() if k in extracted}}
    rows = []
    totals = np.zeros(6, dtype=int)
    for kind in KINDS:
        s_tp = s_fp = s_fn = v_tp = v_fp = v_fn = 0
        for sid, label in labels["labels"].items():
            got = condition_items(extracted.get(sid, []))[kind]
            want = label_items(label)[kind]
            s_tp += bool(got) and bool(want)
            s_fp += bool(got) and not want
            s_fn += bool(want) and not got
            v_tp += len(got & want)
            v_fp += len(got - want)
            v_fn += len(want - got)
        sp, sr, sf = _prf(s_tp, s_fp, s_fn)
        vp, vr, vf = _prf(v_tp, v_fp, v_fn)
        totals += [s_tp, s_fp, s_fn, v_tp, v_fp, v_fn]
        rows.append(
            {
                "kind": kind,
                "labelled_services": s_tp + s_fn,
                "service_precision": sp,
                "service_recall": sr,
                "service_f1": sf,
                "value_precision": vp,
                "value_recall": vr,
                "value_f1": vf,
            }
        )
    sp, sr, sf = _prf(*totals[:3])
    vp, vr, vf = _prf(*totals[3:])
    rows.append(
        {
            "kind": "all (micro)",
            "labelled_services": int(totals[0] + totals[2]),
            "service_precision": sp,
            "service_recall": sr,
            "service_f1": sf,
            "value_precision": vp,
            "value_recall": vr,
            "value_f1": vf,
        }
    )
    return pd.DataFrame(rows).set_index("kind")
