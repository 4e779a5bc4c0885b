"""Conformance checks every registered model kind must pass, in the spirit of scikit-learn's check_estimator.

A model class provides a tiny worked example of itself through a classmethod
``_conformance_case() -> ConformanceCase``: how to make it unfitted, fit it on tiny data, predict,
what schema the output follows, and a call with bad input. :func:`check_model` then verifies the
contract of :mod:`shared.estimator`:

1. it is an :class:`~shared.estimator.Estimator` and ``__init__`` stores exactly its parameters
   (nothing fitted, read or built there), so ``get_params`` / ``sklearn.base.clone`` round-trip;
2. using it before ``fit`` raises :class:`~shared.estimator.NotFittedError`;
3. ``fit`` leaves trailing-underscore attributes and ``fit_seconds_``;
4. the output follows its schema (:mod:`shared.schema`);
5. ``clone`` of the fitted model is unfitted with equal parameters;
6. saving and loading through :mod:`shared.store` gives identical predictions;
7. bad input raises :class:`~shared.errors.DataError`.

Example:
    >>> import numpy as np
    >>> from shared.forecast.baselines import LastValue
    >>> case = LastValue._conformance_case()   # doctest: +SKIP
    >>> check_model(case)                      # doctest: +SKIP
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr
from sklearn.base import clone

from shared.errors import DataError
from shared.estimator import Estimator, NotFittedError
from shared.schema import check_forecast, check_ranked, check_track

SCHEMAS = ("ranked", "forecast", "track", "array", "frame")


@dataclass
class ConformanceCase:
    """A tiny worked example of one model kind.

    ``make()`` returns an unfitted model; ``fit(model)`` fits it on tiny data and returns it;
    ``predict(model)`` returns its output on tiny data; ``schema`` is one of :data:`SCHEMAS`;
    ``bad_input(model)`` calls the fitted model with malformed input (it must raise DataError).
    """

    make: Callable[[], Any]
    fit: Callable[[Any], Any]
    predict: Callable[[Any], Any]
    schema: str
    bad_input: Callable[[Any], Any]


def assert_same_output(a: Any, b: Any) -> None:
    """Fail unless two model outputs are identical (arrays, frames, Datasets, or lists of them)."""
    if isinstance(a, xr.Dataset):
        xr.testing.assert_identical(a, b)
    elif isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b)
    elif isinstance(a, pd.Series):
        pd.testing.assert_series_equal(a, b)
    elif isinstance(a, (list, tuple)) and not isinstance(a, str):
        assert len(a) == len(b), f"{len(a)} outputs against {len(b)}"
        for x, y in zip(a, b, strict=True):
            assert_same_output(x, y)
    elif isinstance(a, dict):
        assert a.keys() == b.keys()
        for key in a:
            assert_same_output(a[key], b[key])
    else:
        np.testing.assert_array_equal(np.asarray(a), np.asarray(b))


def check_schema(output: Any, schema: str) -> None:
    """Fail unless ``output`` follows ``schema``."""
    if schema == "ranked":
        check_ranked(output)
    elif schema == "forecast":
        check_forecast(output)
    elif schema == "track":
        check_track(output)
    elif schema == "array":
        assert isinstance(output, np.ndarray), f"expected a numpy array, got {type(output).__name__}"
    elif schema == "frame":
        assert isinstance(output, pd.DataFrame), f"expected a DataFrame, got {type(output).__name__}"
    else:
        raise AssertionError(f"unknown schema {schema!r}; known: {SCHEMAS}")


def check_model(case: ConformanceCase, folder: str | Path | None = None) -> None:
    """Run every conformance check on ``case`` (raises AssertionError or the model's own error)."""
    from shared.store import load, save

    model = case.make()
    assert isinstance(model, Estimator), (
        f"{type(model).__name__} does not subclass shared.estimator.Estimator"
    )
    params = model.get_params(deep=False)
    extra = sorted(set(vars(model)) - set(params))
    assert not extra, f"__init__ sets attributes that are not parameters: {extra}"
    assert not model.fitted_attributes(), "__init__ must not set fitted (trailing '_') attributes"
    copy = clone(model)
    assert copy.get_params(deep=False).keys() == params.keys()

    try:
        case.predict(model)
    except NotFittedError:
        pass
    else:
        raise AssertionError(f"{type(model).__name__} predicted before fit instead of raising NotFittedError")

    fitted = case.fit(model)
    assert fitted is model, "fit must return the model itself"
    assert model.fitted_attributes(), "fit left no trailing-underscore attributes"
    assert isinstance(getattr(model, "fit_seconds_", None), float), "fit did not record fit_seconds_"
    output = case.predict(model)
    check_schema(output, case.schema)

    unfitted = clone(model)
    assert not unfitted.fitted_attributes(), "clone of a fitted model must be unfitted"
    assert unfitted.get_params(deep=False).keys() == params.keys()

    with tempfile.TemporaryDirectory() as tmp:
        target = Path(folder or tmp) / "model"
        loaded = load(save(model, target))
    assert type(loaded) is type(model)
    assert_same_output(output, case.predict(loaded))

    try:
        case.bad_input(model)
    except DataError:
        pass
    else:
        raise AssertionError(f"{type(model).__name__} accepted bad input without raising DataError")
