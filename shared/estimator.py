"""The one model contract of the suite: scikit-learn's estimator conventions, saved without pickle.

Every model in the suite subclasses :class:`Estimator` (itself a :class:`sklearn.base.BaseEstimator`):

- **parameters only in ``__init__``, stored unchanged** under the same names, so ``get_params`` /
  ``set_params`` work and :func:`sklearn.base.clone` gives an unfitted copy. Nothing is fitted, read
  or built in ``__init__``; defaults such as a seed are resolved in ``fit``.
- **fitted state in trailing-underscore attributes** (``ranker_``, ``classes_``); a model used before
  ``fit`` raises :class:`NotFittedError` (call :meth:`Estimator._check_fitted` at the top of
  ``predict``/``recommend``).
- **fit time recorded the same way everywhere**: every ``fit`` defined on a subclass is timed and
  leaves ``fit_seconds_``.
- **saving written once**: :meth:`to_state` / :meth:`from_state` are derived from the signature and
  the fitted attributes through :mod:`shared.store.codec`, so a subclass writes no store code. A
  torch network attribute is rebuilt with ``_build_module(name)`` before its weights are loaded; a
  cache that can be recomputed from the fitted state is rebuilt in ``_loaded()``.

Subclasses set ``store_kind`` and are decorated with :func:`shared.store.register`.

Example:
    >>> import numpy as np, tempfile
    >>> from sklearn.base import clone
    >>> from shared.store import load, register, save
    >>> @register
    ... class MeanModel(Estimator):
    ...     store_kind = "doc.MeanModel"
    ...     def __init__(self, shrink: float = 0.0):
    ...         self.shrink = shrink
    ...     def fit(self, y):
    ...         self.mean_ = float(np.mean(y)) * (1 - self.shrink)
    ...         return self
    ...     def predict(self, n):
    ...         self._check_fitted()
    ...         return np.full(n, self.mean_)
    >>> m = MeanModel(shrink=0.5).fit([2.0, 4.0])
    >>> m.predict(2).tolist(), clone(m).get_params(), m.fit_seconds_ >= 0
    ([1.5, 1.5], {'shrink': 0.5}, True)
    >>> load(save(m, tempfile.mkdtemp() + "/m")).predict(1).tolist()
    [1.5]
    >>> MeanModel().predict(1)
    Traceback (most recent call last):
    ...
    shared.estimator.NotFittedError: MeanModel is not fitted yet: call fit(...) first, or load a saved model with shared.store.load
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any, ClassVar

from sklearn.base import BaseEstimator
from sklearn.exceptions import NotFittedError as _SklearnNotFitted

from shared.errors import CivicError, StoreError
from shared.store.codec import TYPE, Decoder, Encoder
from shared.store.registry import ModelState

#: The key under which a saved state keeps the fitted attributes (parameters sit beside it).
FITTED_KEY = "$fitted"


class NotFittedError(CivicError, _SklearnNotFitted):
    """A model was asked to predict, recommend or save fitted parts before ``fit``.

    Also a :class:`sklearn.exceptions.NotFittedError`, so scikit-learn tooling recognises it.
    """


def _timed(fit: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fit)
    def timed_fit(self: Estimator, *args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        out = fit(self, *args, **kwargs)
        self.fit_seconds_ = time.perf_counter() - started
        return out

    timed_fit.__civic_timed__ = True  # type: ignore[attr-defined]
    return timed_fit


class Estimator(BaseEstimator):
    """Base class of every model in the suite (see the module docstring for the contract)."""

    store_kind: ClassVar[str] = ""
    store_version: ClassVar[int] = 1

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        fit = cls.__dict__.get("fit")
        if callable(fit) and not getattr(fit, "__civic_timed__", False):
            cls.fit = _timed(fit)  # type: ignore[method-assign]

    # ----------------------------------------------------------------- fitted state
    def fitted_attributes(self) -> list[str]:
        """Names of the fitted attributes (public names ending in ``_``), in the order they were set."""
        return [k for k in vars(self) if k.endswith("_") and not k.startswith("_")]

    def __sklearn_is_fitted__(self) -> bool:
        return bool(self.fitted_attributes())

    def _check_fitted(self) -> None:
        """Raise :class:`NotFittedError` unless ``fit`` (or a load) has run."""
        if not self.__sklearn_is_fitted__():
            raise NotFittedError(
                f"{type(self).__name__} is not fitted yet: call fit(...) first, "
                "or load a saved model with shared.store.load"
            )

    # ----------------------------------------------------------------- store
    def _build_module(self, name: str) -> Any:
        """An untrained torch module for the fitted attribute ``name`` (subclasses with networks write this)."""
        raise StoreError(
            f"{type(self).__name__} has a torch network {name!r} but no _build_module to rebuild it"
        )

    def _loaded(self) -> None:
        """Rebuild caches derived from the fitted state after loading (default: nothing to do)."""

    def to_state(self) -> ModelState:
        """Parameters from the signature and every fitted attribute, as pickle-free store parts."""
        enc = Encoder(owner=self)
        params = {name: enc.encode(getattr(self, name), f"p.{name}") for name in self._get_param_names()}
        fitted = {name: enc.encode(getattr(self, name), f"f.{name}") for name in self.fitted_attributes()}
        enc.state.params = {**params, FITTED_KEY: fitted}
        training = getattr(self, "training_data_", None)
        enc.state.training_data = training if isinstance(training, str) else None
        metrics = getattr(self, "metrics_", None)
        if isinstance(metrics, dict):
            enc.state.metrics = {str(k): float(v) for k, v in metrics.items() if v is not None}
        return enc.state

    @classmethod
    def from_state(cls, state: ModelState) -> Estimator:
        """The model :meth:`to_state` described: ``cls(**params)`` with its fitted attributes restored."""
        params = dict(state.params)
        fitted = params.pop(FITTED_KEY, {})
        names = set(cls._get_param_names())
        unknown = sorted(set(params) - names)
        if unknown:
            raise StoreError(f"{cls.__name__} has no parameters {unknown}; known: {sorted(names)}")
        if not isinstance(fitted, dict) or any(not str(k).endswith("_") for k in fitted):
            raise StoreError(f"{cls.__name__}: the saved fitted attributes must be names ending in '_'")
        dec = Decoder(state)
        model = cls(**{k: dec.decode(v, f"params.{k}") for k, v in params.items()})
        dec.build_module = model._build_module
        # networks last: _build_module may need the other fitted attributes (sizes, vocabularies)
        is_net = {k: isinstance(v, dict) and v.get(TYPE) == "torch" for k, v in fitted.items()}
        for key in sorted(fitted, key=lambda k: is_net[k]):
            setattr(model, key, dec.decode(fitted[key], key))
        model._loaded()
        return model
