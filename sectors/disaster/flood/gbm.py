"""LightGBM flood forecaster: antecedent rain and flow in, flow change and flood probability out.

One regressor per lead predicts the change of scaled flow from the issue day; one classifier per lead
predicts the probability that flow exceeds the basin's threshold. All training basins are pooled, so
the same model also runs on basins it never saw (given their training-period scale and threshold).
"""

from __future__ import annotations

from typing import Any

import lightgbm as lgb
import numpy as np
import pandas as pd
import xarray as xr

from sectors.disaster.flood.base import (
    FloodModel,
    events,
    issue_days,
    lead_targets,
    scaled_flow,
    time_indices,
)
from sectors.disaster.flood.features import (
    STATIC_ATTRIBUTES,
    available_statics,
    dynamic_features,
    feature_table,
    static_fill,
    static_matrix,
)
from sectors.disaster.flood.protocol import DEFAULT_PROTOCOL, FloodProtocol, period_mask
from sectors.disaster.gbm_settings import FLOOD, lgb_params
from shared.scale.lgb import train_booster
from shared.seeding import resolve_seed
from shared.store import register


def _rows_in(ds: xr.Dataset, period: tuple[str, str], leads, max_lead: int) -> tuple[np.ndarray, np.ndarray]:
    """Issue indices inside the data and, per lead, whether the forecast day lies in ``period``."""
    times = issue_days(period, max_lead)
    axis = pd.DatetimeIndex(ds["time"].values)
    times = times[(times >= axis[0]) & (times <= axis[-1])]
    tidx = time_indices(ds, times)
    inside = np.stack(
        [period_mask(times + pd.Timedelta(days=int(h)), period) for h in leads], axis=1
    )  # (t, lead)
    return tidx, inside


@register
class LightGBMFlood(FloodModel):
    """Gradient-boosted trees on antecedent rain, flow, temperature, season and catchment attributes.

    Example:
        >>> from sectors.disaster.synthetic import synthetic_camels
        >>> from sectors.disaster.flood.protocol import SAMPLE_PROTOCOL
        >>> ds = synthetic_camels(2, seed=1)
        >>> model = LightGBMFlood(SAMPLE_PROTOCOL, n_estimators=5, n_jobs=1).fit(ds)
        >>> model.predict(ds)["p_exceed"].dims
        ('site', 'issue_time', 'lead')
    """

    name = "lightgbm"
    store_kind = "disaster.flood.lightgbm"
    store_version = 2

    def __init__(
        self,
        protocol: FloodProtocol = DEFAULT_PROTOCOL,
        *,
        n_estimators: int = 600,
        learning_rate: float = 0.05,
        num_leaves: int = 31,
        min_child_samples: int = 40,
        seed: int | None = None,
        n_jobs: int = 1,
    ) -> None:
        self.protocol = protocol
        self.n_estimators = n_estimators
        self.learning_rate = learning_rate
        self.num_leaves = num_leaves
        self.min_child_samples = min_child_samples
        self.seed = seed
        self.n_jobs = n_jobs

    def _params(self, objective: str) -> dict:
        """LightGBM parameters: the sector's flood settings (:mod:`sectors.disaster.gbm_settings`) and ours."""
        return lgb_params(
            FLOOD,
            objective=objective,
            learning_rate=self.learning_rate,
            num_leaves=self.num_leaves,
            min_child_samples=self.min_child_samples,
            seed=resolve_seed(self.seed),
            num_threads=self.n_jobs,
        )

    @classmethod
    def _conformance_params(cls) -> dict:
        return {"n_estimators": 5, "seed": 0}

    distributed = True

    def _fit(self, ds: xr.Dataset, stats: pd.DataFrame, client: Any = None) -> None:
        """Per lead, a regression booster on the scaled-flow change and a classifier on the event.

        With ``client`` each booster trains on the Dask cluster through ``lightgbm.dask``
        (:func:`shared.scale.lgb.train_booster`): all ``n_estimators`` rounds, no early stopping there.
        """
        p, leads = self.protocol, self.protocol.leads
        self.statics_ = available_statics(ds, STATIC_ATTRIBUTES)
        self.static_fill_ = static_fill(ds, list(stats.index), self.statics_)
        feats = dynamic_features(ds, stats, p.variable)
        z_base = feats["z_filled"]
        z = scaled_flow(ds, stats, p.variable)
        e = events(ds, stats, p.variable)
        statics = static_matrix(ds, list(stats.index), self.statics_, self.static_fill_)
        parts = {}
        for part, period in (("train", p.train), ("valid", p.valid)):
            tidx, inside = _rows_in(ds, period, leads, p.max_lead)
            X, names = feature_table(feats, tidx, statics, self.statics_)
            dz = lead_targets(z, tidx, leads) - z_base[:, tidx, None]
            ev = lead_targets(e, tidx, leads)
            mask = np.broadcast_to(inside[None], dz.shape)
            parts[part] = (
                X,
                dz.reshape(-1, len(leads)),
                ev.reshape(-1, len(leads)),
                mask.reshape(-1, len(leads)),
            )
        self.feature_names_ = names
        self.boosters_: dict[str, lgb.Booster] = {}
        self.best_iterations_: dict[str, int] = {}
        for j, lead in enumerate(leads):
            for kind, col, objective in (("reg", 1, "regression"), ("cls", 2, "binary")):
                Xt, yt, mt = parts["train"][0], parts["train"][col][:, j], parts["train"][3][:, j]
                Xv, yv, mv = parts["valid"][0], parts["valid"][col][:, j], parts["valid"][3][:, j]
                ok_t = mt & np.isfinite(yt)
                ok_v = mv & np.isfinite(yv)
                key = f"{kind}_h{lead}"
                if client is not None:
                    table = pd.DataFrame(Xt[ok_t], columns=names)
                    booster = train_booster(
                        client, self._params(objective), table, yt[ok_t], num_boost_round=self.n_estimators
                    )
                    self.best_iterations_[key] = int(booster.current_iteration())
                    self.boosters_[key] = booster
                    continue
                train_set = lgb.Dataset(Xt[ok_t], yt[ok_t], feature_name=names, free_raw_data=True)
                callbacks = [lgb.log_evaluation(0)]
                valid_sets = []
                if ok_v.sum() > 50 and (kind == "reg" or 0 < yv[ok_v].sum() < ok_v.sum()):
                    valid_sets = [lgb.Dataset(Xv[ok_v], yv[ok_v], reference=train_set)]
                    callbacks.append(lgb.early_stopping(50, verbose=False))
                booster = lgb.train(
                    self._params(objective),
                    train_set,
                    num_boost_round=self.n_estimators,
                    valid_sets=valid_sets,
                    callbacks=callbacks,
                )
                self.best_iterations_[key] = int(booster.best_iteration or booster.current_iteration())
                self.boosters_[key] = booster

    def _predict_z(self, ds, stats, tidx):
        leads = self.protocol.leads
        feats = dynamic_features(ds, stats, self.protocol.variable)
        statics = static_matrix(ds, list(stats.index), self.statics_, self.static_fill_)
        X, _ = feature_table(feats, tidx, statics, self.statics_)
        base = feats["z_filled"][:, tidx]
        z = np.empty((len(stats), len(tidx), len(leads)))
        prob = np.empty_like(z)
        for j, lead in enumerate(leads):
            reg, cls = self.boosters_[f"reg_h{lead}"], self.boosters_[f"cls_h{lead}"]
            dz = reg.predict(X, num_iteration=self.best_iterations_[f"reg_h{lead}"]).reshape(len(stats), -1)
            z[:, :, j] = base + dz
            prob[:, :, j] = cls.predict(X, num_iteration=self.best_iterations_[f"cls_h{lead}"]).reshape(
                len(stats), -1
            )
        return z, prob
