"""``recommend(person)``: the public health services due for one person, as a ranked list with reasons.

Rows follow the suite's ranked-list schema: ``entity_id, item_id, rank, score, reason_ko, reason_en``
plus ``service_ko, service_en, kind, status, due_date, test_ko, test_en, evidence`` (the record
entries that justify the row) and ``source`` (the rule's source title and URL). Scores are a fixed
priority, not a model: cancer screening 0.9, chronic disease management 0.85, vaccination 0.8,
health screening 0.7; times 0.8 for 'check' (a fact must be confirmed) and 0.5 for 'upcoming'
(due next year or later this year), plus 0.05 when there is no record of the service at all.

Example:
    >>> records = load_records()
    >>> table = recommend(records.person_ids[0], records=records)
    >>> list(table.columns[:6])
    ['entity_id', 'item_id', 'rank', 'score', 'reason_ko', 'reason_en']
"""

from __future__ import annotations

import pandas as pd

from sectors.welfare.medical.records import MedicalRecords, PersonRecord, load_records
from sectors.welfare.medical.rules import RULES_PATH, evaluate, load_rules

PRIORITY = {"cancer_screening": 0.9, "chronic_care": 0.85, "vaccination": 0.8, "health_screening": 0.7}
STATUS_WEIGHT = {"due": 1.0, "check": 0.8, "upcoming": 0.5}
COLUMNS = [
    "entity_id",
    "item_id",
    "rank",
    "score",
    "reason_ko",
    "reason_en",
    "service_ko",
    "service_en",
    "kind",
    "status",
    "due_date",
    "test_ko",
    "test_en",
    "evidence",
    "source",
]


def recommend(
    person: PersonRecord | str,
    *,
    on: str | pd.Timestamp | None = None,
    records: MedicalRecords | None = None,
    rules_path=RULES_PATH,
    include_upcoming: bool = True,
) -> pd.DataFrame:
    """The services due for ``person`` (a record or a person id in ``records``) on ``on``.

    ``on`` defaults to the records' reference date (the synthetic records end on 2026-01-01).
    """
    if isinstance(person, str):
        records = records or load_records()
        person = records.person(person)
    if on is None:
        on = (records.reference_date if records is not None else None) or load_records().reference_date
    on = pd.Timestamp(on)
    rows = []
    for rule in load_rules(rules_path, on=on):
        f = evaluate(rule, person, on)
        if f is None or (f.status == "upcoming" and not include_upcoming):
            continue
        never = any(e.startswith("no record") for e in f.evidence)
        score = PRIORITY[rule.kind] * STATUS_WEIGHT[f.status] + (0.05 if never else 0.0)
        src = rule.source
        rows.append(
            {
                "entity_id": person.person_id,
                "item_id": rule.id,
                "score": round(score, 4),
                "reason_ko": f.reason_ko,
                "reason_en": f.reason_en,
                "service_ko": rule.name_ko,
                "service_en": rule.name_en,
                "kind": rule.kind,
                "status": f.status,
                "due_date": f.due_date,
                "test_ko": rule.test_ko,
                "test_en": rule.test_en,
                "evidence": list(f.evidence),
                "source": f"{src['title_ko']} — {src['urls'][0]}",
            }
        )
    table = pd.DataFrame(rows, columns=[c for c in COLUMNS if c != "rank"])
    table = table.sort_values(["score", "item_id"], ascending=[False, True], kind="stable").reset_index(
        drop=True
    )
    table.insert(2, "rank", range(1, len(table) + 1))
    return table[COLUMNS]
