"""Every registered model kind passes the model contract's conformance checks (shared.estimator_checks).

The kinds are found by importing every module of ``shared`` and ``sectors``, so a new model is
checked as soon as it is registered; one without a ``_conformance_case`` fails here.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import sectors
import shared
from shared.estimator_checks import check_model
from shared.store import registered_kinds


def _import_everything() -> dict[str, type]:
    for package in (shared, sectors):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if info.name.rsplit(".", 1)[-1] == "__main__":
                continue
            importlib.import_module(info.name)
    return {k: c for k, c in registered_kinds().items() if c.__module__.startswith(("shared.", "sectors."))}


KINDS = _import_everything()


def test_every_sector_registers_models():
    modules = {c.__module__.split(".")[1] for c in KINDS.values() if c.__module__.startswith("sectors.")}
    assert {"finance", "welfare", "employment", "traffic", "disaster"} <= modules


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_model_kind_conforms(kind, tmp_path):
    cls = KINDS[kind]
    make_case = getattr(cls, "_conformance_case", None)
    assert make_case is not None, f"{cls.__module__}.{cls.__name__} has no _conformance_case classmethod"
    check_model(make_case(), tmp_path)
