"""Typhoon track and intensity forecasters: persistence, CLIPER, LightGBM and a small torch network.

Each model maps the cases of :func:`sectors.disaster.track_samples.track_samples` (the last 24 h of a
storm) to the displacement in km east and north of the storm centre and the change of its wind at
24, 48 and 72 h; :meth:`TrackModel.predict` turns these into latitudes, longitudes and winds.
"""

from __future__ import annotations

from collections.abc import Sequence

import lightgbm as lgb
import numpy as np
import pandas as pd
import torch
from torch import nn

from sectors.disaster.gbm_settings import TRACK, lgb_params
from sectors.disaster.geo import great_circle_km, offset_position
from sectors.disaster.training import train_summary
from sectors.disaster.typhoon.samples import (
    CLIPER_FEATURES,
    FEATURES,
    LEADS_H,
    require_columns,
    target_columns,
    track_forecast,
)
from shared.estimator import Estimator
from shared.forecast.training import TrainConfig, fit_torch, predict_torch, select_device
from shared.seeding import resolve_seed, seed_everything
from shared.store import register


class TrackModel(Estimator):
    """Base of the track forecasters: ``fit(train, valid)`` on case tables, ``predict(cases)`` to track forecasts."""

    name = "base"
    features: tuple[str, ...] = FEATURES
    learns = True  # False for a model that needs no targets to fit (persistence)

    def __init__(self, leads: Sequence[int] = LEADS_H) -> None:
        self.leads = leads

    @property
    def targets(self) -> list[str]:
        """The learned target columns (dx, dy, dv at each lead)."""
        return target_columns(self.leads)

    def _X(self, cases: pd.DataFrame) -> np.ndarray:
        require_columns(cases, self.features, "forecast cases (see track_samples)")
        return cases[list(self.features)].to_numpy(float)

    def fit(self, train: pd.DataFrame, valid: pd.DataFrame | None = None) -> TrackModel:
        """Learn from the training cases (validation cases, when given, for early stopping)."""
        needed = [*self.features, *(self.targets if self.learns else [])]
        require_columns(train, needed, "training cases (see track_samples)")
        self._fit(train, valid)
        self.n_train_cases_ = len(train)
        self.training_data_ = "disaster/typhoon"
        return self

    def _fit(self, train: pd.DataFrame, valid: pd.DataFrame | None) -> None:
        raise NotImplementedError

    def predict_targets(self, cases: pd.DataFrame) -> np.ndarray:
        """(case, target) predictions in the order of :attr:`targets`."""
        raise NotImplementedError

    def predict_wide(self, cases: pd.DataFrame) -> pd.DataFrame:
        """One row per case: ``lat_h``, ``lon_h`` (0-360 east), ``vmax_h``, ``dx_h``, ``dy_h`` at each lead h."""
        self._check_fitted()
        require_columns(cases, ("lat0", "lon0", "vmax0"), "forecast cases (see track_samples)")
        raw = self.predict_targets(cases)
        lat0, lon0 = cases["lat0"].to_numpy(float), cases["lon0"].to_numpy(float)
        vmax0 = cases["vmax0"].to_numpy(float)
        columns: dict[str, np.ndarray] = {}
        for k, h in enumerate(self.leads):
            dx, dy, dv = raw[:, 3 * k], raw[:, 3 * k + 1], raw[:, 3 * k + 2]
            columns[f"lat_{h}"], columns[f"lon_{h}"] = offset_position(lat0, lon0, dx, dy)
            columns[f"vmax_{h}"] = np.clip(vmax0 + dv, 10.0, 200.0)
            columns[f"dx_{h}"], columns[f"dy_{h}"] = dx, dy
        return pd.DataFrame(columns, index=cases.index)

    def predict(self, cases: pd.DataFrame) -> pd.DataFrame:
        """Track forecasts in the suite's schema: storm, issue_time, lead_hours, lat, lon (0-360), vmax, dx_km, dy_km."""
        return track_forecast(cases, self.predict_wide(cases), self.leads)

    @classmethod
    def _conformance_params(cls) -> dict:
        """Small settings for the conformance check (subclasses with costly training override this)."""
        return {}

    @classmethod
    def _conformance_case(cls):
        """Fit on synthetic storms of 2001-2003 (:func:`sectors.disaster.synthetic.tiny_tracks`), forecast 2004."""
        from sectors.disaster.synthetic import tiny_tracks
        from sectors.disaster.typhoon.samples import split_by_year, track_samples
        from shared.estimator_checks import ConformanceCase

        parts = split_by_year(track_samples(tiny_tracks()), (2001, 2002), (2003, 2003), (2004, 2004))
        return ConformanceCase(
            make=lambda: cls(**cls._conformance_params()),
            fit=lambda m: m.fit(parts["train"], parts["valid"]),
            predict=lambda m: m.predict(parts["test"]),
            schema="track",
            bad_input=lambda m: m.predict(parts["test"].drop(columns=["dx12"])),
        )


@register
class PersistenceTrack(TrackModel):
    """Straight-line extrapolation of the last 12 hours' motion; the wind stays as it is.

    Example:
        >>> cases = pd.DataFrame({"lat0": [20.0], "lon0": [130.0], "vmax0": [50.0], "dx12": [-100.0], "dy12": [50.0]})
        >>> PersistenceTrack().fit(cases).predict_targets(cases)[0, :3].tolist()
        [-200.0, 100.0, 0.0]
    """

    name = "persistence"
    store_kind = "disaster.track.persistence"
    store_version = 2
    features = ("lat0", "lon0", "vmax0", "dx12", "dy12")
    learns = False

    def _fit(self, train, valid):
        return None  # nothing to learn

    def predict_targets(self, cases: pd.DataFrame) -> np.ndarray:
        require_columns(cases, ("dx12", "dy12"), "forecast cases (see track_samples)")
        cols = []
        for h in self.leads:
            cols += [
                cases["dx12"].to_numpy() * h / 12.0,
                cases["dy12"].to_numpy() * h / 12.0,
                np.zeros(len(cases)),
            ]
        return np.stack(cols, axis=1)


def quadratic_terms(X: np.ndarray) -> np.ndarray:
    """1, the inputs, their squares and pairwise products: the polynomial CLIPER regresses on.

    Example:
        >>> quadratic_terms(np.array([[2.0, 3.0]])).tolist()
        [[1.0, 2.0, 3.0, 4.0, 6.0, 9.0]]
    """
    n, k = X.shape
    i, j = np.triu_indices(k)
    return np.concatenate([np.ones((n, 1)), X, X[:, i] * X[:, j]], axis=1)


@register
class CliperTrack(TrackModel):
    """CLIPER-style climatology-and-persistence regression: ridge on a quadratic in the classic predictors.

    The operational no-skill reference (Neumann 1972; Aberson 1998): skill is measured against it.

    Example:
        >>> rng = np.random.default_rng(0)
        >>> cases = pd.DataFrame(rng.normal(size=(200, 9)), columns=list(CLIPER_FEATURES))
        >>> for h in LEADS_H:
        ...     cases[f"dx_{h}"] = 2 * cases["dx12"] * h / 12; cases[f"dy_{h}"] = cases["dy12"]; cases[f"dv_{h}"] = 0.0
        >>> m = CliperTrack(alpha=1e-6).fit(cases)
        >>> bool(np.allclose(m.predict_targets(cases)[:, 0], cases["dx_24"], atol=0.05))
        True
    """

    name = "cliper"
    store_kind = "disaster.track.cliper"
    store_version = 2
    features = CLIPER_FEATURES

    #: Ridge penalties tried when ``alpha="auto"``: the one with the lowest validation error is kept.
    ALPHAS = (0.1, 1.0, 10.0, 100.0, 1000.0)

    def __init__(self, leads: Sequence[int] = LEADS_H, alpha: float | str = "auto") -> None:
        self.leads = leads
        self.alpha = alpha

    def _design(self, cases: pd.DataFrame) -> np.ndarray:
        return quadratic_terms((self._X(cases) - self.mean_) / self.std_)

    def _solve(self, A: np.ndarray, Y: np.ndarray, alpha: float) -> np.ndarray:
        coef = np.zeros((A.shape[1], Y.shape[1]))
        penalty = alpha * np.eye(A.shape[1])
        penalty[0, 0] = 0.0  # the intercept is not shrunk
        for k in range(Y.shape[1]):  # each target on the cases where it is observed
            ok = np.isfinite(Y[:, k])
            coef[:, k] = np.linalg.solve(A[ok].T @ A[ok] + penalty, A[ok].T @ Y[ok, k])
        return coef

    def _fit(self, train, valid):
        X = self._X(train)
        self.mean_, self.std_ = X.mean(axis=0), np.where(X.std(axis=0) > 0, X.std(axis=0), 1.0)
        A = self._design(train)
        Y = train[self.targets].to_numpy(float)
        alphas = [float(self.alpha)] if self.alpha != "auto" else list(self.ALPHAS)
        if len(alphas) > 1 and valid is not None and len(valid):
            Av, Yv = self._design(valid), valid[self.targets].to_numpy(float)
            scale = np.nanstd(Y, axis=0)
            errors = [np.nanmean(((Av @ self._solve(A, Y, a) - Yv) / scale) ** 2) for a in alphas]
            alphas = [alphas[int(np.argmin(errors))]]
        self.alpha_ = float(alphas[0] if alphas[0] != "auto" else 1.0)
        self.coef_ = self._solve(A, Y, self.alpha_)

    def predict_targets(self, cases: pd.DataFrame) -> np.ndarray:
        return self._design(cases) @ self.coef_


@register
class LightGBMTrack(TrackModel):
    """One LightGBM regressor per target (displacement east, north and wind change at each lead).

    Example:
        >>> rng = np.random.default_rng(0)
        >>> cases = pd.DataFrame(rng.normal(size=(300, len(FEATURES))), columns=list(FEATURES))
        >>> for h in LEADS_H:
        ...     cases[f"dx_{h}"] = cases["dx12"] * h; cases[f"dy_{h}"] = cases["dy12"]; cases[f"dv_{h}"] = 0.0
        >>> LightGBMTrack(n_estimators=10).fit(cases).predict_targets(cases).shape
        (300, 9)
    """

    name = "lightgbm"
    store_kind = "disaster.track.lightgbm"
    store_version = 2

    def __init__(
        self,
        leads: Sequence[int] = LEADS_H,
        *,
        n_estimators: int = 1000,
        learning_rate: float = 0.05,
        num_leaves: int = 31,
        min_child_samples: int = 20,
        seed: int | None = None,
        n_jobs: int = 1,
    ) -> None:
        self.leads = leads
        self.n_estimators, self.learning_rate = n_estimators, learning_rate
        self.num_leaves, self.min_child_samples = num_leaves, min_child_samples
        self.seed, self.n_jobs = seed, n_jobs

    @classmethod
    def _conformance_params(cls) -> dict:
        return {"n_estimators": 5, "seed": 0}

    def _fit(self, train, valid):
        params = lgb_params(  # the sector's track settings (sectors.disaster.gbm_settings) and ours
            TRACK,
            objective="regression",
            learning_rate=self.learning_rate,
            num_leaves=self.num_leaves,
            min_child_samples=self.min_child_samples,
            seed=resolve_seed(self.seed),
            num_threads=self.n_jobs,
        )
        X = self._X(train)
        self.boosters_: dict[str, lgb.Booster] = {}
        self.best_iterations_: dict[str, int] = {}
        for target in self.targets:
            y = train[target].to_numpy(float)
            ok = np.isfinite(y)
            data = lgb.Dataset(X[ok], y[ok], feature_name=list(self.features))
            sets, callbacks = [], [lgb.log_evaluation(0)]
            if valid is not None and np.isfinite(valid[target]).sum() > 20:
                yv = valid[target].to_numpy(float)
                okv = np.isfinite(yv)
                sets = [lgb.Dataset(self._X(valid)[okv], yv[okv], reference=data)]
                callbacks.append(lgb.early_stopping(50, verbose=False))
            booster = lgb.train(params, data, self.n_estimators, valid_sets=sets, callbacks=callbacks)
            self.boosters_[target] = booster
            self.best_iterations_[target] = int(booster.best_iteration or booster.current_iteration())

    def predict_targets(self, cases: pd.DataFrame) -> np.ndarray:
        X = self._X(cases)
        cols = [self.boosters_[t].predict(X, num_iteration=self.best_iterations_[t]) for t in self.targets]
        return np.stack(cols, axis=1)


class TrackNet(nn.Module):
    """A small multilayer perceptron: standardised predictors in, standardised targets out.

    Example:
        >>> TrackNet(15, 9, hidden=8)(torch.zeros(4, 15)).shape
        torch.Size([4, 9])
    """

    def __init__(self, n_in: int, n_out: int, hidden: int = 128, dropout: float = 0.1) -> None:
        super().__init__()
        self.body = nn.Sequential(
            nn.Linear(n_in, hidden),
            nn.SiLU(),
            nn.Dropout(dropout),
            nn.Linear(hidden, hidden),
            nn.SiLU(),
            nn.Dropout(dropout),
            nn.Linear(hidden, n_out),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Standardised targets for a batch of standardised predictors."""
        return self.body(x)


def _masked_mse(pred: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    mask = ~torch.isnan(target)
    return ((pred[mask] - target[mask]) ** 2).mean() if bool(mask.any()) else pred.sum() * 0.0


@register
class MLPTrack(TrackModel):
    """A small torch network (two hidden layers) trained with the suite's loop (CUDA when present).

    Example:
        >>> rng = np.random.default_rng(0)
        >>> cases = pd.DataFrame(rng.normal(size=(100, len(FEATURES))), columns=list(FEATURES))
        >>> for h in LEADS_H:
        ...     cases[f"dx_{h}"] = cases["dx12"] * h; cases[f"dy_{h}"] = cases["dy12"]; cases[f"dv_{h}"] = 0.0
        >>> MLPTrack(hidden=8, epochs=2, device="cpu").fit(cases).predict_targets(cases).shape
        (100, 9)
    """

    name = "mlp"
    store_kind = "disaster.track.mlp"
    store_version = 2

    def __init__(
        self,
        leads: Sequence[int] = LEADS_H,
        *,
        hidden: int = 128,
        dropout: float = 0.1,
        epochs: int = 150,
        patience: int = 15,
        learning_rate: float = 2e-3,
        batch_size: int | None = None,
        device: str | None = None,
        seed: int | None = None,
    ) -> None:
        self.leads = leads
        self.hidden, self.dropout, self.epochs, self.patience = hidden, dropout, epochs, patience
        self.learning_rate, self.batch_size, self.device = learning_rate, batch_size, device
        self.seed = seed

    @classmethod
    def _conformance_params(cls) -> dict:
        return {"hidden": 8, "epochs": 2, "device": "cpu", "seed": 0}

    def _build_module(self, name: str) -> nn.Module:
        """The untrained network of a saved model (its weights are loaded next)."""
        if name != "net_":
            return super()._build_module(name)
        return TrackNet(len(self.features), len(self.targets), self.hidden, self.dropout)

    def _scaled(self, cases: pd.DataFrame) -> torch.Tensor:
        return torch.from_numpy(((self._X(cases) - self.x_mean_) / self.x_std_).astype(np.float32))

    def _fit(self, train, valid):
        seed = resolve_seed(self.seed)
        seed_everything(seed)
        X = self._X(train)
        self.x_mean_, self.x_std_ = X.mean(axis=0), np.where(X.std(axis=0) > 0, X.std(axis=0), 1.0)
        Y = train[self.targets].to_numpy(float)
        self.y_mean_, self.y_std_ = np.nanmean(Y, axis=0), np.nanstd(Y, axis=0)
        self.y_std_ = np.where(self.y_std_ > 0, self.y_std_, 1.0)
        frames = [train] + ([valid] if valid is not None and len(valid) else [])
        both = pd.concat(frames, ignore_index=True)
        xs = self._scaled(both)
        ys = torch.from_numpy(
            ((both[self.targets].to_numpy(float) - self.y_mean_) / self.y_std_).astype(np.float32)
        )

        def batch_fn(idx):
            i = torch.as_tensor(np.asarray(idx))
            return {"x": xs[i]}, ys[i]

        self.net_ = TrackNet(len(self.features), len(self.targets), self.hidden, self.dropout)
        n_train = len(train)
        device = select_device(self.device)
        config = TrainConfig(
            max_epochs=self.epochs,
            batch_size=self.batch_size or (4096 if device.type == "cuda" else 256),
            learning_rate=self.learning_rate,
            patience=self.patience,
            device=str(device),
            seed=seed,
        )
        valid_idx = np.arange(n_train, len(both))
        result = fit_torch(self.net_, self.net_, batch_fn, np.arange(n_train), valid_idx, config, _masked_mse)
        self.net_ = self.net_.cpu().eval()
        self.history_ = [dict(row) for row in result.history]
        self.train_summary_ = train_summary(result)
        self.device_used_ = str(result.device)

    def predict_targets(self, cases: pd.DataFrame) -> np.ndarray:
        xs = self._scaled(cases)
        device = select_device(self.device)
        self.net_.to(device)
        out = predict_torch(
            self.net_,
            lambda idx: ({"x": xs[torch.as_tensor(idx)]}, None),
            np.arange(len(cases)),
            4096,
            device,
        )
        self.net_.cpu()
        return out.astype(float) * self.y_std_ + self.y_mean_


def track_errors(cases: pd.DataFrame, forecast: pd.DataFrame, leads: Sequence[int] = LEADS_H) -> pd.DataFrame:
    """Mean great-circle track error (km) and mean absolute wind error (kt) per lead, with case counts.

    A lead counts the cases whose best track still has a fix then.

    Example:
        >>> cases = pd.DataFrame({"lat_24": [10.0], "lon_24": [130.0], "vmax_24": [50.0]})
        >>> fc = pd.DataFrame({"lat_24": [11.0], "lon_24": [130.0], "vmax_24": [40.0]})
        >>> track_errors(cases, fc, (24,)).round(1).to_dict("records")
        [{'lead_h': 24, 'cases': 1, 'track_km': 111.2, 'vmax_mae_kt': 10.0}]
    """
    rows = []
    for h in leads:
        ok = cases[f"lat_{h}"].notna().to_numpy() & forecast[f"lat_{h}"].notna().to_numpy()
        err = great_circle_km(
            cases[f"lat_{h}"].to_numpy()[ok],
            cases[f"lon_{h}"].to_numpy()[ok],
            forecast[f"lat_{h}"].to_numpy()[ok],
            forecast[f"lon_{h}"].to_numpy()[ok],
        )
        v_ok = ok & cases[f"vmax_{h}"].notna().to_numpy()
        v_err = np.abs(cases[f"vmax_{h}"].to_numpy()[v_ok] - forecast[f"vmax_{h}"].to_numpy()[v_ok])
        rows.append(
            {
                "lead_h": int(h),
                "cases": int(ok.sum()),
                "track_km": float(err.mean()) if len(err) else float("nan"),
                "vmax_mae_kt": float(v_err.mean()) if len(v_err) else float("nan"),
            }
        )
    return pd.DataFrame(rows)
