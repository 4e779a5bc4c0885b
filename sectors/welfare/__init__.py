"""Proactive welfare service matching and the blind-spot finder.

Tell a household which services it qualifies for before it asks (:func:`match`), and show
policymakers where eligible households are not reached (:func:`match_population`,
:class:`BlindSpotCounter`). Conditions are extracted from the Korean welfare catalogue by rules
over Kiwi tokens (:mod:`sectors.welfare.extract`), evaluated with :mod:`shared.rules` (three-valued:
True, False, None = needs review), and ranked with :class:`shared.recsys.LambdaRanker`. The national core
programmes (생계·의료·주거·교육급여, 기초연금, 장애인연금, ...) are dated rules with their legal basis
(:mod:`sectors.welfare.rules`) that take precedence over the extracted reading of their services.

The public API agencies import is listed in ``__all__``.
"""

from sectors.welfare import datasets as _datasets  # noqa: F401  (registers welfare/bokjiro)
from sectors.welfare.batch import BatchResult, match_population, slice_chunks, synthetic_chunks
from sectors.welfare.blindspots import BlindSpotCounter
from sectors.welfare.catalogue import load_catalogue, unify
from sectors.welfare.conditions import KINDS, Condition
from sectors.welfare.demo import demo_model
from sectors.welfare.eligibility import (
    EligibilityEngine,
    facts_from_household,
    facts_from_population,
    validate_household,
)
from sectors.welfare.extract import extract_all, extract_conditions
from sectors.welfare.households import SAMPLE_HOUSEHOLDS
from sectors.welfare.matcher import WelfareMatcher, match
from sectors.welfare.plugins import WelfarePlugins
from sectors.welfare.population import Population, generate_population
from sectors.welfare.quality import extraction_scores, load_labels
from sectors.welfare.rules import KR_WELFARE, PROGRAMMES, programme_for
from sectors.welfare.services import HIGH_VALUE_KRW, ServiceCatalogue, build_catalogue, catalogue_for
from sectors.welfare.takeup import TakeupModel, simulate_receipt

__all__ = [
    "HIGH_VALUE_KRW",
    "KINDS",
    "KR_WELFARE",
    "PROGRAMMES",
    "SAMPLE_HOUSEHOLDS",
    "BatchResult",
    "BlindSpotCounter",
    "Condition",
    "EligibilityEngine",
    "Population",
    "ServiceCatalogue",
    "TakeupModel",
    "WelfareMatcher",
    "WelfarePlugins",
    "build_catalogue",
    "catalogue_for",
    "demo_model",
    "extract_all",
    "extract_conditions",
    "extraction_scores",
    "facts_from_household",
    "facts_from_population",
    "generate_population",
    "load_catalogue",
    "load_labels",
    "match",
    "match_population",
    "programme_for",
    "simulate_receipt",
    "slice_chunks",
    "synthetic_chunks",
    "unify",
    "validate_household",
]
