"""Optional: improve the rule extraction through a private LLM server configured for shared.llm.

The rules run first. Then, per service, the catalogue sentences and the rule conditions are sent
to the configured chat backend (:mod:`shared.llm.backends`: redacted, audited, inside the agency's
network), which answers with JSON: conditions to add and rule conditions to drop. An answer is
only trusted where it can be checked: every added condition must quote, verbatim, one of the
service's own sentences; its kind and parameters must fit the schema of that kind; a dropped
condition must be one the rules produced. Anything else is discarded, and a failed call keeps the
rules' conditions for that service.

Configure the server as shared.llm does (``CIVIC_LLM_URL``, ``CIVIC_LLM_MODEL``, ``CIVIC_LLM_KEY``),
or pass a backend. Without one, :func:`refined_extractor` raises: the default stays the offline rules.

Example:
    >>> class Fake:
    ...     name = "fake"
    ...     def chat(self, messages, *, purpose):
    ...         return '{"add": [{"kind": "age", "lo": 65, "source": "만 65세 이상 어르신"}], "drop": []}'
    >>> extract = refined_extractor(Fake())
    >>> record = {"service_id": "X1", "service": "demo", "source": "central",
    ...           "target_text": "만 65세 이상 어르신", "criteria_text": None}
    >>> [c.kind for c in extract([record])["X1"]]
    ['age']
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from sectors.welfare.conditions import HOUSEHOLD_TYPES, KINDS, RECIPIENT_STATUSES, Condition, make
from sectors.welfare.extract import extract_conditions, text_fields
from sectors.welfare.text import Sentence, sentences_by_owner
from shared.errors import CivicError

PURPOSE = "welfare.extract_conditions"
SYSTEM = (
    "You read Korean welfare-service eligibility text and return eligibility conditions as JSON. "
    'Answer only with {"add": [...], "drop": [...]}. Each added condition is an object with "kind" '
    f'(one of {", ".join(KINDS)}), its parameters, and "source": one sentence copied exactly from the text. '
    "Parameters: age: lo, hi (years), lo_strict, hi_strict; income: type (median|amount|unspecified), pct or "
    "amounts {single|couple|any: KRW}, period (month|year); household_type: type "
    f"({', '.join(HOUSEHOLD_TYPES)}), min_children; disability: level (any|severe|mild); pregnancy_birth: "
    "event (pregnant|birth); region: region; employment: status (employed|unemployed); recipient: statuses "
    f'(subset of {", ".join(RECIPIENT_STATUSES)}). "drop" lists the numbers of given conditions that are wrong '
    "(exclusions, benefit tiers, conditions on relatives). Never invent text."
)


def _validated(item: Mapping[str, Any], sentences: dict[str, Sentence]) -> Condition | None:
    """A condition from one answer item, or None when it does not check out."""
    kind = item.get("kind")
    source = item.get("source")
    if kind not in KINDS or not isinstance(source, str) or source not in sentences:
        return None
    field = sentences[source].field
    try:
        if kind == "age":
            lo, hi = item.get("lo"), item.get("hi")
            if lo is None and hi is None:
                return None
            for v in (lo, hi):
                if v is not None and not (isinstance(v, (int, float)) and 0 <= v <= 120):
                    return None
            return make(
                "age",
                source,
                field,
                lo=None if lo is None else float(lo),
                lo_unit="years" if lo is not None else None,
                lo_strict=True if item.get("lo_strict") else None,
                hi=None if hi is None else float(hi),
                hi_unit="years" if hi is not None else None,
                hi_strict=True if item.get("hi_strict") else None,
            )
        if kind == "income":
            t = item.get("type")
            if t == "median" and isinstance(item.get("pct"), (int, float)) and 0 < item["pct"] <= 500:
                return make("income", source, field, type="median", pct=float(item["pct"]))
            if t == "amount" and isinstance(item.get("amounts"), Mapping):
                amounts = {
                    k: float(v)
                    for k, v in item["amounts"].items()
                    if k in ("single", "couple", "any") and isinstance(v, (int, float)) and v > 0
                }
                if amounts:
                    period = item.get("period") if item.get("period") in ("month", "year") else None
                    return make(
                        "income",
                        source,
                        field,
                        type="amount",
                        amounts=tuple(sorted(amounts.items())),
                        period=period,
                    )
            if t == "unspecified":
                return make("income", source, field, type="unspecified")
            return None
        if kind == "household_type" and item.get("type") in HOUSEHOLD_TYPES:
            n = item.get("min_children")
            return make(
                "household_type",
                source,
                field,
                type=item["type"],
                min_children=int(n) if isinstance(n, int) and n >= 2 else None,
            )
        if kind == "disability" and item.get("level") in ("any", "severe", "mild"):
            return make("disability", source, field, level=item["level"])
        if kind == "pregnancy_birth" and item.get("event") in ("pregnant", "birth"):
            return make("pregnancy_birth", source, field, event=item["event"])
        if kind == "region" and isinstance(item.get("region"), str):
            from sectors.welfare.regions import normalise_region

            region = normalise_region(item["region"])
            return make("region", source, field, region=region) if region else None
        if kind == "employment" and item.get("status") in ("employed", "unemployed"):
            return make("employment", source, field, status=item["status"])
        if kind == "recipient":
            statuses = [s for s in RECIPIENT_STATUSES if s in (item.get("statuses") or [])]
            return make("recipient", source, field, statuses=tuple(statuses)) if statuses else None
    except (TypeError, ValueError):
        return None
    return None


def _messages(
    record: Mapping[str, Any], sentences: list[Sentence], rules: list[Condition]
) -> list[dict[str, str]]:
    given = "\n".join(
        f"{i}. {c.kind} {json.dumps(c.params, ensure_ascii=False)} <- {c.source}" for i, c in enumerate(rules)
    )
    text = "\n".join(s.text for s in sentences)
    user = f"Service: {record.get('service', '')}\n\nText:\n{text}\n\nConditions found by rules:\n{given or '(none)'}"
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": user}]


def _parse(answer: str) -> dict[str, Any]:
    match = re.search(r"\{.*\}", answer, flags=re.S)
    if not match:
        return {}
    try:
        data = json.loads(match.group(0))
    except json.JSONDecodeError:
        return {}
    return data if isinstance(data, dict) else {}


def refine(
    record: Mapping[str, Any], sentences: list[Sentence], rules: list[Condition], backend: Any
) -> list[Condition]:
    """The rule conditions of one service, corrected by the backend's checked answer."""
    try:
        answer = _parse(backend.chat(_messages(record, sentences, rules), purpose=PURPOSE))
    except CivicError:
        return rules
    by_text = {s.text: s for s in sentences}
    drop = {i for i in answer.get("drop", []) if isinstance(i, int) and 0 <= i < len(rules)}
    kept = [c for i, c in enumerate(rules) if i not in drop]
    seen = {(c.kind, c.value) for c in kept}
    for item in answer.get("add", []) if isinstance(answer.get("add"), list) else []:
        c = _validated(item, by_text) if isinstance(item, Mapping) else None
        if c is not None and (c.kind, c.value) not in seen:
            kept.append(c)
            seen.add((c.kind, c.value))
    return kept


def configured_backend() -> Any:
    """The private chat server configured for shared.llm (environment or ``[llm]`` TOML), or None."""
    try:
        from shared.llm.backends import resolve_backend
        from shared.llm.settings import configured_server
    except ImportError:
        return None
    config = configured_server()
    return None if config is None else resolve_backend(config)


def refined_extractor(
    backend: Any = None,
) -> Callable[[Iterable[Mapping[str, Any]]], dict[str, list[Condition]]]:
    """An extractor (for :func:`sectors.welfare.services.build_catalogue`) that refines the rules with ``backend``."""
    backend = backend or configured_backend()
    if backend is None or not callable(getattr(backend, "chat", None)):
        raise CivicError(
            "no private LLM server is configured: set CIVIC_LLM_URL and CIVIC_LLM_MODEL (see shared.llm)"
        )

    def extract(records: Iterable[Mapping[str, Any]]) -> dict[str, list[Condition]]:
        records = list(records)
        by_id = sentences_by_owner(
            (r["service_id"], name, text) for r in records for name, text in text_fields(r)
        )
        out = {}
        for r in records:
            sentences = by_id.get(r["service_id"], [])
            out[r["service_id"]] = refine(r, sentences, extract_conditions(r, sentences), backend)
        return out

    return extract
