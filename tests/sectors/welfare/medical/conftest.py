"""A builder for hand-made person records (so the rules are tested on exact ages and entries)."""

import pandas as pd
import pytest

from sectors.welfare.medical.records import PersonRecord
from shared.data.formats.fhir import TABLES

CODES = pd.Series(
    {
        "59621000": "Essential hypertension (disorder)",
        "44054006": "Diabetes mellitus type 2 (disorder)",
        "19943007": "Cirrhosis of liver (disorder)",
        "449868002": "Smokes tobacco daily (finding)",
        "266919005": "Never smoked tobacco (finding)",
        "24623002": "Screening mammography (procedure)",
        "104435004": "Screening for occult blood in feces (procedure)",
        "140": "Influenza, seasonal, injectable, preservative free",
        "33": "pneumococcal polysaccharide vaccine, 23 valent",
    }
)


def _frame(name, rows):
    cols = [c for c in TABLES[name] if c != "person_id"]
    frame = pd.DataFrame(rows or [], columns=cols)
    for c in cols:
        if c in ("date", "start", "end", "onset", "abatement"):
            frame[c] = pd.to_datetime(frame[c])
    frame.insert(0, "person_id", "P-test")
    return frame


def make_person(
    birth: str,
    sex: str = "F",
    *,
    conditions=(),
    observations=(),
    procedures=(),
    immunizations=(),
    encounters=(),
    death: str | None = None,
) -> PersonRecord:
    """conditions: (code, onset[, abatement]); observations: (date, code, value, value_code);
    procedures / immunizations: (date, code); encounters: (start, class, code)."""
    tables = {
        "encounters": _frame("encounters", [("E", s, s, cls, code) for s, cls, code in encounters]),
        "conditions": _frame(
            "conditions", [(c[0], c[1], c[2] if len(c) > 2 else None, None) for c in conditions]
        ),
        "observations": _frame("observations", [(d, code, v, None, vc) for d, code, v, vc in observations]),
        "medications": _frame("medications", []),
        "immunizations": _frame("immunizations", list(immunizations)),
        "procedures": _frame("procedures", list(procedures)),
    }
    return PersonRecord(
        "P-test", sex, pd.Timestamp(birth), pd.Timestamp(death) if death else None, tables, CODES
    )


@pytest.fixture
def person():
    return make_person
