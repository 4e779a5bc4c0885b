"""Welfare & Medical: public health services due from a person's medical records, and who is at rising risk.

On synthetic, US-flavoured records (the pure-Python Synthea port; see ``data/records/README.md``):
:func:`recommend` lists the national screenings, vaccinations and chronic-disease programmes due,
each with its dated rule, source and the record entries that justify it; :class:`RiskModel` scores
next-year hospitalisation or chronic onset; :func:`draft_notice` drafts the letter to the person
through :mod:`shared.llm` (redacted, cited, audited). FHIR R4 bundles are read by
:func:`shared.data.formats.fhir.read_fhir` (names and identifiers dropped at load).
"""

from sectors.welfare.medical.evaluate import RiskFit, fit_risk, person_risk, split_persons
from sectors.welfare.medical.notice import Notice, draft_notice
from sectors.welfare.medical.records import MedicalRecords, PersonRecord, load_records, manifest
from sectors.welfare.medical.risk import AgeSexLogistic, RiskModel
from sectors.welfare.medical.rules import Finding, Rule, evaluate, load_rules
from sectors.welfare.medical.services import recommend

__all__ = [
    "AgeSexLogistic",
    "Finding",
    "MedicalRecords",
    "Notice",
    "PersonRecord",
    "RiskFit",
    "RiskModel",
    "Rule",
    "draft_notice",
    "evaluate",
    "fit_risk",
    "load_records",
    "load_rules",
    "manifest",
    "person_risk",
    "recommend",
    "split_persons",
]
