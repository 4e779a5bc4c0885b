"""The README.md of a saved model: a Hugging Face style model card generated from ``card.json``.

The README is derived, never edited: :func:`render_readme` turns a checked card into the same text
every time, so :func:`shared.store.verify` can refuse a README that differs from what its card
generates (a tampered or hand-edited card page). The facts come from

- the model class: ``intended_use`` and ``limitations`` (class attributes, copied into the card);
- the fitted model: ``training_data_`` (a fingerprint from :func:`shared.store.fingerprint`, or a
  dataset id) and ``metrics_``;
- ``card_extra`` given to :func:`shared.store.save`: ``datasets`` (names such as
  ``"traffic/metr-la-7d"``), ``data_licence``, ``data_attribution`` (or ``attribution``),
  ``evaluation`` (an object with ``data`` and ``split``) and ``license`` (the model's own licence,
  default ``apache-2.0``); any other key is listed under "Other facts".

Example:
    >>> card = {"format": 1, "kind": "doc.Mean", "module": "shared.x", "version": 1,
    ...         "created": "2026-01-01T00:00:00+00:00", "metrics": {"mae": 0.5},
    ...         "files": {"params.json": "0" * 64}, "data_licence": "CC BY 4.0"}
    >>> text = render_readme(card)
    >>> text.splitlines()[:3]
    ['---', 'license: "apache-2.0"', 'library_name: "civic-ai-suite"']
    >>> "| mae | 0.5 |" in text and "CC BY 4.0" in text
    True
"""

from __future__ import annotations

import json
from typing import Any

from shared.store.card import LGB_SUFFIX, README, RESERVED_FIELDS, SAFETENSORS_SUFFIX, TORCH_SUFFIX

DEFAULT_LICENSE = "apache-2.0"
KNOWN_EXTRA = ("datasets", "data_licence", "data_attribution", "attribution", "evaluation", "license")
_NOT_STATED = "Not stated by the model class."


def _q(value: Any) -> str:
    """A YAML scalar: JSON's double-quoted form is valid YAML."""
    return json.dumps(value, ensure_ascii=False)


def _cell(value: Any) -> str:
    """A value as one Markdown table cell (one line, pipes escaped)."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return " ".join(str(text).split()).replace("|", "\\|")


def _yaml_list(key: str, items: list[str]) -> list[str]:
    if not items:
        return [f"{key}: []"]
    return [f"{key}:"] + [f"- {_q(i)}" for i in items]


def _table(head: tuple[str, str], rows: list[tuple[Any, Any]]) -> list[str]:
    out = [f"| {head[0]} | {head[1]} |", "| --- | --- |"]
    return out + [f"| {_cell(a)} | {_cell(b)} |" for a, b in rows]


def _tags(card: dict[str, Any]) -> list[str]:
    files = [n for n in card.get("files", {}) if n != README]
    tags = ["civic-ai-suite", card["kind"].split(".")[0]]
    if any(n.endswith(LGB_SUFFIX) for n in files):
        tags.append("lightgbm")
    if any(n.endswith((SAFETENSORS_SUFFIX, TORCH_SUFFIX)) for n in files):
        tags.append("pytorch")
    if any(n.endswith(SAFETENSORS_SUFFIX) for n in files):
        tags.append("safetensors")
    return list(dict.fromkeys(tags))


def _datasets(card: dict[str, Any]) -> list[str]:
    value = card.get("datasets")
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value] if isinstance(value, list) else []


def render_readme(card: dict[str, Any]) -> str:
    """The README.md text for a checked card (its own entry in ``files`` is ignored)."""
    metrics = card.get("metrics") or {}
    datasets = _datasets(card)
    lines = [
        "---",
        f"license: {_q(str(card.get('license') or DEFAULT_LICENSE))}",
        f"library_name: {_q('civic-ai-suite')}",
        *_yaml_list("tags", _tags(card)),
        *_yaml_list("datasets", datasets),
        *_yaml_list("metrics", sorted(metrics)),
        "---",
        "",
        f"# {card['kind']}",
        "",
        "Generated from card.json by civic-ai-suite; `shared.store.verify` refuses this file if it is edited.",
        "",
        "## Model details",
        "",
        *_table(
            ("field", "value"),
            [
                ("kind", card["kind"]),
                ("module", card["module"]),
                ("store version", card["version"]),
                ("store format", card["format"]),
                ("created", card["created"]),
            ],
        ),
        "",
        "Parameters:",
        "",
        *_table(("parameter", "value"), sorted((card.get("parameters") or {}).items())),
        "",
        "Files (SHA-256 in card.json):",
        "",
        *[f"- `{name}`" for name in sorted(card["files"]) if name != README],
        "",
        "## Intended use",
        "",
        card.get("intended_use") or _NOT_STATED,
        "",
        "## Limitations",
        "",
        card.get("limitations") or _NOT_STATED,
        "",
        "## Training data",
        "",
        f"- Datasets: {', '.join(datasets) if datasets else 'not recorded'}",
        f"- Licence: {_cell(card.get('data_licence') or 'not recorded')}",
        f"- Attribution: {_cell(card.get('data_attribution') or card.get('attribution') or 'not recorded')}",
        "",
        "### Training-data fingerprint",
        "",
        f"`{card['training_data']}`" if card.get("training_data") else "Not recorded.",
        "",
        "## Evaluation",
        "",
    ]
    evaluation = card.get("evaluation") if isinstance(card.get("evaluation"), dict) else {}
    lines += [
        f"- Data: {_cell(evaluation.get('data') or 'not recorded')}",
        f"- Split: {_cell(evaluation.get('split') or 'not recorded')}",
        "",
        *(_table(("metric", "value"), sorted(metrics.items())) if metrics else ["No metrics recorded."]),
        "",
        "## Library versions",
        "",
        *_table(("library", "version"), sorted((card.get("libraries") or {}).items())),
        "",
    ]
    other = sorted((k, v) for k, v in card.items() if k not in RESERVED_FIELDS and k not in KNOWN_EXTRA)
    if other:
        lines += ["## Other facts", "", *_table(("field", "value"), other), ""]
    lines += [
        "## How to load",
        "",
        "```python",
        "from shared.store import load",
        'model = load("path/to/this/folder")  # verifies every file before loading',
        "```",
        "",
    ]
    return "\n".join(lines)
