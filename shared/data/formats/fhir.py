"""FHIR R4 Bundles -> compact, pseudonymous tables (patients, encounters, conditions, observations, ...).

An agency can bring its own records as FHIR R4 ``Bundle`` JSON files (one or many patients a file,
``.json`` or ``.json.gz``, or ``.ndjson`` with one Bundle a line). :func:`read_fhir` reads a folder
of them into the tables the suite uses; :func:`bundle_rows` does the same for one Bundle in memory.

Privacy at load: only the fields below are read. Names, addresses, telecom, identifiers (SSN, MRN,
licence numbers), free text, ``display`` of references and extensions are never copied. Resource ids
are replaced by keyed pseudonyms (HMAC-SHA256 with :data:`DEFAULT_KEY` unless a key is given; a
deployment passes its own secret key so that pseudonyms cannot be recomputed outside it). Code
displays (``Observation.code.coding.display`` ...) live once in a ``codes`` table, after
:func:`shared.llm.redact`-style scrubbing of anything that looks like a name or a number.

Tables (dates are ``datetime64[ns]`` days; every table has ``person_id``):

- ``patients``: person_id, sex (``M``/``F``), birth_date, death_date
- ``encounters``: person_id, encounter_id, start, end, class (``AMB``, ``EMER``, ``IMP``, ...), code
- ``conditions``: person_id, code, onset, abatement, encounter_id
- ``observations``: person_id, date, code, value, unit, value_code (components of panels such as
  blood pressure become their own rows, with the component's code)
- ``medications``: person_id, date, code, status
- ``immunizations``: person_id, date, code (CVX)
- ``procedures``: person_id, date, code
- ``codes``: system, code, display

Example:
    >>> bundle = {"resourceType": "Bundle", "entry": [{"resource": {
    ...     "resourceType": "Patient", "id": "p1", "gender": "female", "birthDate": "1960-05-01",
    ...     "name": [{"family": "Kim"}], "identifier": [{"value": "999-12-3456"}]}}]}
    >>> t = tables_from_rows([bundle_rows(bundle, source="demo.json")])
    >>> t["patients"][["sex", "birth_date"]].astype(str).values.tolist()
    [['F', '1960-05-01']]
    >>> "Kim" in t["patients"].to_string()
    False
"""

from __future__ import annotations

import gzip
import hashlib
import hmac
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from shared.errors import DataError

#: The pseudonymisation key used when none is given: fine for synthetic demo data only.
DEFAULT_KEY = b"civic-ai-suite demo pseudonyms (set your own secret key in a deployment)"

TABLES: dict[str, tuple[str, ...]] = {
    "patients": ("person_id", "sex", "birth_date", "death_date"),
    "encounters": ("person_id", "encounter_id", "start", "end", "class", "code"),
    "conditions": ("person_id", "code", "onset", "abatement", "encounter_id"),
    "observations": ("person_id", "date", "code", "value", "unit", "value_code"),
    "medications": ("person_id", "date", "code", "status"),
    "immunizations": ("person_id", "date", "code"),
    "procedures": ("person_id", "date", "code"),
    "codes": ("system", "code", "display"),
}
DATE_COLUMNS = {"birth_date", "death_date", "start", "end", "onset", "abatement", "date"}
_SEX = {"male": "M", "female": "F"}
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?")
# Anything in a code display that could be a person's identifier: long digit runs, e-mail, "Mr./Ms. X".
_SCRUB = [
    (re.compile(r"\d[\d\- ]{5,}\d"), "[NUM]"),
    (re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+"), "[EMAIL]"),
    (re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Miss)\.?\s+[A-Z][\w'-]+"), "[NAME]"),
]


def pseudonym(raw_id: str, key: bytes = DEFAULT_KEY, prefix: str = "P") -> str:
    """A keyed, stable pseudonym for a resource id (16 hex digits of HMAC-SHA256).

    Example:
        >>> pseudonym("abc") == pseudonym("abc"), pseudonym("abc") == pseudonym("abc", b"other key")
        (True, False)
    """
    return prefix + hmac.new(key, raw_id.encode("utf-8"), hashlib.sha256).hexdigest()[:16]


def scrub_display(text: str) -> str:
    """Remove what could identify a person from a code's display text (digit runs, e-mail, titled names).

    Example:
        >>> scrub_display("Follow-up for Mr. Smith, SSN 999-12-3456")
        'Follow-up for [NAME], SSN [NUM]'
    """
    for pattern, repl in _SCRUB:
        text = pattern.sub(repl, text)
    return text


class _Where:
    """Names the file and resource in errors."""

    def __init__(self, source: str, index: int, resource: Mapping[str, Any]):
        self.source = source
        self.label = f"entry {index} ({resource.get('resourceType', '?')}/{resource.get('id', '?')})"

    def error(self, problem: str, field: str, expected: str) -> DataError:
        return DataError(f"{self.label}: {problem}", file=self.source, column=field, expected=expected)


def _date(value: Any, where: _Where, field: str, *, required: bool = False) -> str | None:
    if value is None or value == "":
        if required:
            raise where.error("missing date", field, "an ISO 8601 date such as 2020-01-31")
        return None
    if not isinstance(value, str) or not _DATE.match(value):
        raise where.error(f"not a date: {str(value)[:40]!r}", field, "an ISO 8601 date such as 2020-01-31")
    text = value[:10]
    if len(text) == 4:
        text += "-01-01"
    elif len(text) == 7:
        text += "-01"
    return text


def _reference_id(ref: Any, where: _Where, field: str, *, required: bool = True) -> str | None:
    if not isinstance(ref, Mapping) or not isinstance(ref.get("reference"), str):
        if required:
            raise where.error("missing reference", field, "{'reference': 'Patient/<id>' or 'urn:uuid:<id>'}")
        return None
    text = ref["reference"]
    return text.rsplit(":", 1)[-1] if text.startswith("urn:") else text.rsplit("/", 1)[-1]


def _coding(concept: Any, where: _Where, field: str, codes: dict, *, required: bool = True) -> str | None:
    if isinstance(concept, list):
        concept = concept[0] if concept else None
    codings = concept.get("coding") if isinstance(concept, Mapping) else None
    if not codings:
        if required:
            raise where.error("no coding", field, "a CodeableConcept with at least one coding")
        return None
    first = codings[0]
    code = first.get("code") if isinstance(first, Mapping) else None
    if not isinstance(code, str) or not code:
        raise where.error("coding without a code", field, "coding[0].code as a string")
    system = str(first.get("system") or "")
    if (system, code) not in codes and isinstance(first.get("display"), str):
        codes[(system, code)] = scrub_display(first["display"])[:200]
    return code


class _Rows:
    """Rows of every table for one bundle (lists of tuples, in :data:`TABLES` order)."""

    def __init__(self) -> None:
        self.tables: dict[str, list[tuple]] = {name: [] for name in TABLES if name != "codes"}
        self.codes: dict[tuple[str, str], str] = {}


def _patient(r: Mapping, w: _Where, key: bytes, out: _Rows) -> None:
    if not isinstance(r.get("id"), str):
        raise w.error("Patient without an id", "Patient.id", "a string id")
    sex = _SEX.get(str(r.get("gender", "")).lower())
    if sex is None:
        raise w.error(f"gender {r.get('gender')!r}", "Patient.gender", "'male' or 'female'")
    birth = _date(r.get("birthDate"), w, "Patient.birthDate", required=True)
    death = _date(r.get("deceasedDateTime"), w, "Patient.deceasedDateTime")
    out.tables["patients"].append((pseudonym(r["id"], key), sex, birth, death))


def _person(r: Mapping, w: _Where, key: bytes, field: str = "subject") -> str:
    ref = r.get(field) if field in r else r.get("patient")
    return pseudonym(_reference_id(ref, w, f"{r['resourceType']}.{field}"), key)


def _encounter_ref(r: Mapping, w: _Where, key: bytes, field: str = "encounter") -> str | None:
    raw = _reference_id(r.get(field), w, f"{r['resourceType']}.{field}", required=False)
    return None if raw is None else pseudonym(raw, key, "E")


def _observation(r: Mapping, w: _Where, key: bytes, out: _Rows) -> None:
    person = _person(r, w, key)
    date = _date(
        r.get("effectiveDateTime") or r.get("issued"), w, "Observation.effectiveDateTime", required=True
    )
    _coding(r.get("code"), w, "Observation.code", out.codes)  # required even when components carry the values
    parts = [r] + [c for c in r.get("component") or [] if isinstance(c, Mapping)]
    for part in parts if len(parts) == 1 else parts[1:]:
        field = "Observation.code" if part is r else "Observation.component.code"
        code = _coding(part.get("code"), w, field, out.codes)
        value, unit, value_code = None, None, None
        if isinstance(part.get("valueQuantity"), Mapping):
            q = part["valueQuantity"]
            v = q.get("value")
            if v is not None and not isinstance(v, (int, float)):
                raise w.error(f"value {v!r}", "Observation.valueQuantity.value", "a number")
            value = None if v is None else float(v)
            unit = q.get("unit") or q.get("code")
        elif "valueCodeableConcept" in part:
            value_code = _coding(
                part["valueCodeableConcept"], w, "Observation.valueCodeableConcept", out.codes
            )
        out.tables["observations"].append((person, date, code, value, unit, value_code))


def _handle(r: Mapping, w: _Where, key: bytes, out: _Rows) -> None:
    t = r.get("resourceType")
    T = out.tables
    if t == "Patient":
        _patient(r, w, key, out)
    elif t == "Encounter":
        period = r.get("period") or {}
        cls = r.get("class")
        T["encounters"].append(
            (
                _person(r, w, key),
                pseudonym(str(r.get("id", "")), key, "E") if r.get("id") else None,
                _date(period.get("start"), w, "Encounter.period.start", required=True),
                _date(period.get("end"), w, "Encounter.period.end"),
                cls.get("code") if isinstance(cls, Mapping) else None,
                _coding(r.get("type"), w, "Encounter.type", out.codes, required=False),
            )
        )
    elif t == "Condition":
        T["conditions"].append(
            (
                _person(r, w, key),
                _coding(r.get("code"), w, "Condition.code", out.codes),
                _date(
                    r.get("onsetDateTime") or r.get("recordedDate"),
                    w,
                    "Condition.onsetDateTime",
                    required=True,
                ),
                _date(r.get("abatementDateTime"), w, "Condition.abatementDateTime"),
                _encounter_ref(r, w, key),
            )
        )
    elif t == "Observation":
        _observation(r, w, key, out)
    elif t == "MedicationRequest":
        T["medications"].append(
            (
                _person(r, w, key),
                _date(r.get("authoredOn"), w, "MedicationRequest.authoredOn", required=True),
                _coding(
                    r.get("medicationCodeableConcept"),
                    w,
                    "MedicationRequest.medicationCodeableConcept",
                    out.codes,
                ),
                r.get("status"),
            )
        )
    elif t == "Immunization":
        T["immunizations"].append(
            (
                _person(r, w, key, "patient"),
                _date(r.get("occurrenceDateTime"), w, "Immunization.occurrenceDateTime", required=True),
                _coding(r.get("vaccineCode"), w, "Immunization.vaccineCode", out.codes),
            )
        )
    elif t == "Procedure":
        performed = r.get("performedDateTime") or (r.get("performedPeriod") or {}).get("start")
        T["procedures"].append(
            (
                _person(r, w, key),
                _date(performed, w, "Procedure.performedDateTime", required=True),
                _coding(r.get("code"), w, "Procedure.code", out.codes),
            )
        )
    # Every other resource type (claims, notes, practitioners, ...) is ignored on purpose.


def bundle_rows(bundle: Any, *, source: str = "<bundle>", key: bytes = DEFAULT_KEY) -> _Rows:
    """The table rows of one FHIR R4 Bundle (a parsed JSON object); ``source`` names it in errors."""
    if not isinstance(bundle, Mapping) or bundle.get("resourceType") != "Bundle":
        got = bundle.get("resourceType") if isinstance(bundle, Mapping) else type(bundle).__name__
        raise DataError(
            f"not a FHIR Bundle (resourceType {got!r})", file=source, expected="resourceType 'Bundle'"
        )
    entries = bundle.get("entry") or []
    if not isinstance(entries, list):
        raise DataError(
            "'entry' is not a list", file=source, column="Bundle.entry", expected="a list of entries"
        )
    out = _Rows()
    for i, entry in enumerate(entries):
        resource = entry.get("resource") if isinstance(entry, Mapping) else None
        if not isinstance(resource, Mapping) or not isinstance(resource.get("resourceType"), str):
            raise DataError(
                f"entry {i} has no resource",
                file=source,
                column="Bundle.entry.resource",
                expected="a FHIR resource",
            )
        _handle(resource, _Where(source, i, resource), key, out)
    return out


def tables_from_rows(parts: Iterable[_Rows]) -> dict[str, pd.DataFrame]:
    """Concatenate per-bundle rows into DataFrames (see the module notes for the columns)."""
    rows: dict[str, list[tuple]] = {name: [] for name in TABLES}
    codes: dict[tuple[str, str], str] = {}
    for part in parts:
        for name, values in part.tables.items():
            rows[name].extend(values)
        for k, v in part.codes.items():
            codes.setdefault(k, v)
    rows["codes"] = [(s, c, d) for (s, c), d in sorted(codes.items())]
    out = {}
    for name, columns in TABLES.items():
        frame = pd.DataFrame(rows[name], columns=list(columns))
        for col in columns:
            if col in DATE_COLUMNS:
                frame[col] = pd.to_datetime(frame[col], format="%Y-%m-%d")
        if name == "observations":
            frame["value"] = frame["value"].astype(float)
        out[name] = frame
    out["patients"] = out["patients"].drop_duplicates("person_id").reset_index(drop=True)
    return out


def _bundles_in(path: Path) -> Iterator[tuple[Any, str]]:
    name = path.name
    opener = gzip.open if name.endswith(".gz") else open
    try:
        with opener(path, "rt", encoding="utf-8") as f:
            if name.endswith((".ndjson", ".ndjson.gz", ".jsonl", ".jsonl.gz")):
                for n, line in enumerate(f, start=1):
                    if line.strip():
                        yield json.loads(line), f"{path}:{n}"
            else:
                yield json.load(f), str(path)
    except json.JSONDecodeError as exc:
        raise DataError(
            f"not valid JSON ({exc.msg} at line {exc.lineno})", file=path, expected="FHIR R4 JSON"
        ) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"cannot be read ({exc})", file=path, expected="UTF-8 JSON, optionally gzip") from exc


FHIR_SUFFIXES = (".json", ".json.gz", ".ndjson", ".ndjson.gz", ".jsonl", ".jsonl.gz")


def read_fhir(path: str | Path, *, key: bytes = DEFAULT_KEY) -> dict[str, pd.DataFrame]:
    """Read a FHIR R4 Bundle file or a folder of them into pseudonymous tables.

    Raises :class:`~shared.errors.DataError` naming the file, the entry and the field on malformed input.
    """
    path = Path(path)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file() and p.name.endswith(FHIR_SUFFIXES))
        if not files:
            raise DataError(
                "no FHIR files in the folder", file=path, expected=f"files ending {', '.join(FHIR_SUFFIXES)}"
            )
    elif path.is_file():
        files = [path]
    else:
        raise DataError(
            "no such file or folder", file=path, expected="a FHIR Bundle file or a folder of them"
        )
    return tables_from_rows(bundle_rows(b, source=src, key=key) for f in files for b, src in _bundles_in(f))
