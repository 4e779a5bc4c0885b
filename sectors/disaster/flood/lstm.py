"""An LSTM flood forecaster trained on all training basins at once (torch; CUDA when present).

Inputs per day: the forcing (rain, radiation, temperature, vapour pressure, day length), the basin's
scaled flow of that day (with a flag where it is missing) and the static catchment attributes. At the
end of each day the network outputs, for each lead, the scaled flow and the logit of the flood event.

Efficient training on a CPU (the part that makes it take minutes, not hours): instead of one 365-day
window per forecast, each training sample is a chunk of ``spin_up + predict_last`` days whose last
``predict_last`` days all carry a loss. Every forecast therefore sees at least ``spin_up`` = 365 days
of inputs, and one pass over a chunk trains 365 forecasts. Inference uses the same chunks, so a
forecast sees between 365 and 730 days of history in training and in use alike.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import torch
import xarray as xr
from scipy.special import expit
from torch import nn

from sectors.disaster.flood.base import FloodModel, events, lead_targets, scaled_flow
from sectors.disaster.flood.features import (
    DYNAMIC_INPUTS,
    STATIC_ATTRIBUTES,
    available_statics,
    static_fill,
    static_matrix,
)
from sectors.disaster.flood.protocol import DEFAULT_PROTOCOL, FloodProtocol, period_mask
from sectors.disaster.training import train_summary
from shared.forecast.training import TrainConfig, fit_torch, predict_torch, select_device, to_device
from shared.seeding import resolve_seed, seed_everything
from shared.store import register


class FloodLSTMNet(nn.Module):
    """One LSTM layer over (chunk, day, input) and a linear head: per lead, scaled-flow change and event logit.

    Example:
        >>> net = FloodLSTMNet(n_inputs=4, hidden=8, n_leads=3)
        >>> out = net(torch.zeros(2, 10, 4), torch.zeros(2, 10), predict_last=5)
        >>> tuple(out.shape)
        (2, 5, 3, 2)
    """

    def __init__(
        self,
        n_inputs: int,
        hidden: int = 64,
        n_leads: int = 3,
        dropout: float = 0.2,
        event_rate: float = 0.01,
    ) -> None:
        super().__init__()
        self.n_leads = n_leads
        self.lstm = nn.LSTM(n_inputs, hidden, batch_first=True)
        self.dropout = nn.Dropout(dropout)
        self.head = nn.Linear(hidden, 2 * n_leads)
        with torch.no_grad():  # start the event logits at the base rate, not at 50%
            rate = min(max(event_rate, 1e-4), 0.5)
            self.head.bias[1::2] = float(np.log(rate / (1 - rate)))

    def forward(self, x: torch.Tensor, z_now: torch.Tensor, predict_last: int) -> torch.Tensor:
        """(batch, predict_last, lead, 2): [..., 0] scaled flow, [..., 1] logit of the flood event."""
        h, _ = self.lstm(x)
        out = self.head(self.dropout(h[:, -predict_last:])).view(x.shape[0], predict_last, self.n_leads, 2)
        z = z_now[:, -predict_last:, None] + out[..., 0]  # flow change added to today's flow
        return torch.stack([z, out[..., 1]], dim=-1)


def flood_loss(bce_weight: float = 1.0):
    """Masked MSE on scaled flow (the NSE* loss of Kratzert et al. 2019) plus weighted BCE on the event.

    Targets carry NaN where a forecast is not in the period being fitted, or its observation is missing.

    Example:
        >>> pred = torch.zeros(1, 1, 1, 2); target = torch.tensor([[[[1.0, float("nan")]]]])
        >>> float(flood_loss()(pred, target))
        1.0
    """

    def loss(pred: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        z_t, e_t = target[..., 0], target[..., 1]
        m_z, m_e = ~torch.isnan(z_t), ~torch.isnan(e_t)
        total = pred.sum() * 0.0
        if bool(m_z.any()):
            total = total + ((pred[..., 0][m_z] - z_t[m_z]) ** 2).mean()
        if bool(m_e.any()) and bce_weight:
            total = total + bce_weight * nn.functional.binary_cross_entropy_with_logits(
                pred[..., 1][m_e], e_t[m_e]
            )
        return total

    return loss


class _ChunkBatcher:
    """Cuts chunks (basin, end day) from padded (basin, time, feature) tensors; the batch_fn of fit_torch.

    An origin is ``part * n_basin * n_time + basin * n_time + end``: part 0 reads the training targets,
    part 1 the validation targets, part 2 none (prediction).

    Why not :func:`shared.forecast.windows.gather`: the same cut, but here on torch tensors that stay on
    the training device (one upload of the padded series, then index per batch), over a (basin, time)
    layout whose chunks start before the record (zero inputs flagged "flow missing"), and with targets
    for the last ``predict_last`` days of each chunk rather than after it.
    """

    def __init__(
        self,
        x: np.ndarray,
        z_now: np.ndarray,
        targets: list[np.ndarray],
        length: int,
        predict_last: int,
        device,
    ):
        self.n_basin, self.n_time = x.shape[:2]
        self.length, self.predict_last, self.pad = length, predict_last, length - 1
        pad_x = np.zeros((self.n_basin, self.pad, x.shape[2]), np.float32)
        pad_x[:, :, -1] = 1.0  # the "flow missing" flag is the last input
        store = select_device(device)
        self.x = to_device(torch.from_numpy(np.concatenate([pad_x, x], axis=1).astype(np.float32)), store)
        self.z = to_device(
            torch.from_numpy(np.concatenate([np.zeros((self.n_basin, self.pad), np.float32), z_now], 1)),
            store,
        )
        self.targets = [to_device(torch.from_numpy(t.astype(np.float32)), store) for t in targets]
        self.device = store
        self.offsets = torch.arange(-length + 1, 1, device=store)
        self.last = torch.arange(-predict_last + 1, 1, device=store)

    def origin(self, part: int, basin: np.ndarray, end: np.ndarray) -> np.ndarray:
        return (part * self.n_basin + np.asarray(basin)) * self.n_time + np.asarray(end)

    def __call__(self, origins: np.ndarray):
        o = torch.as_tensor(np.asarray(origins, np.int64), device=self.device)
        part = o // (self.n_basin * self.n_time)
        b = (o // self.n_time) % self.n_basin
        e = o % self.n_time
        t = e[:, None] + self.offsets + self.pad
        inputs = {"x": self.x[b[:, None], t], "z_now": self.z[b[:, None], t]}
        p = int(part[0])
        target = None
        if p < len(self.targets):
            target = self.targets[p][b[:, None], e[:, None] + self.last]
        return inputs, target


@register
class LSTMFlood(FloodModel):
    """LSTM over at least 365 days of forcing, flow and static attributes; one network for all basins.

    ``hidden``, ``epochs``, ``chunks_per_epoch`` and ``batch_size`` set the cost (defaults suit a CPU:
    a few minutes on 15 basins x 9 years). ``device`` None picks CUDA when present.

    Example:
        >>> from sectors.disaster.synthetic import synthetic_camels
        >>> from sectors.disaster.flood.protocol import SAMPLE_PROTOCOL
        >>> ds = synthetic_camels(2, seed=1)
        >>> m = LSTMFlood(SAMPLE_PROTOCOL, hidden=8, epochs=1, spin_up=60, predict_last=60, device="cpu").fit(ds)
        >>> m.predict(ds)["flow"].sizes["lead"]
        3
    """

    name = "lstm"
    store_kind = "disaster.flood.lstm"
    store_version = 2

    def __init__(
        self,
        protocol: FloodProtocol = DEFAULT_PROTOCOL,
        *,
        hidden: int = 64,
        dropout: float = 0.2,
        spin_up: int = 365,
        predict_last: int = 365,
        epochs: int = 60,
        patience: int = 10,
        chunks_per_epoch: int | None = None,
        batch_size: int | None = None,
        learning_rate: float = 5e-3,
        bce_weight: float = 5.0,
        time_limit_s: float | None = None,
        device: str | None = None,
        seed: int | None = None,
    ) -> None:
        self.protocol = protocol
        self.hidden, self.dropout = hidden, dropout
        self.spin_up, self.predict_last = spin_up, predict_last
        self.epochs, self.patience = epochs, patience
        self.chunks_per_epoch, self.batch_size = chunks_per_epoch, batch_size
        self.learning_rate, self.bce_weight = learning_rate, bce_weight
        self.time_limit_s, self.device, self.seed = time_limit_s, device, seed

    @classmethod
    def _conformance_params(cls) -> dict:
        return {"hidden": 4, "epochs": 1, "spin_up": 30, "predict_last": 30, "device": "cpu", "seed": 0}

    def _build_module(self, name: str) -> nn.Module:
        """The untrained network of a saved model (its weights are loaded next)."""
        if name != "net_":
            return super()._build_module(name)
        return FloodLSTMNet(self.n_inputs_, self.hidden, len(self.protocol.leads), self.dropout)

    @property
    def length(self) -> int:
        """Days in one chunk: the spin-up plus the days that carry a forecast."""
        return self.spin_up + self.predict_last

    def _inputs(self, ds: xr.Dataset, stats: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        basins = list(stats.index)
        dyn = []
        for k, name in enumerate(self.dynamic_):
            values = ds[name].sel(basin=basins).values.astype(float)
            dyn.append(np.nan_to_num((values - self.dyn_mean_[k]) / self.dyn_std_[k]))
        z = scaled_flow(ds, stats, self.protocol.variable)
        missing = ~np.isfinite(z)
        z_now = np.where(missing, 0.0, z)
        # Flow and rain span orders of magnitude: their logs (relative to the basin's mean) help the LSTM.
        q = ds[self.protocol.variable].sel(basin=basins).values.astype(float)
        q_mean = stats["q_mean"].to_numpy()[:, None]
        log_q = np.where(missing, 0.0, np.log((np.nan_to_num(q) + 0.01 * q_mean) / q_mean))
        rain = np.nan_to_num(ds["prcp"].sel(basin=basins).values.astype(float))
        dyn.append(np.log1p(rain / stats["p_mean"].to_numpy()[:, None]))
        statics = static_matrix(ds, basins, self.statics_, self.static_fill_)
        statics = (statics - self.static_mean_) / self.static_std_
        n_time = z.shape[1]
        parts = [np.stack(dyn, axis=-1), np.repeat(statics[:, None, :], n_time, axis=1)]
        parts += [log_q[..., None], z_now[..., None], missing[..., None].astype(float)]
        return np.concatenate(parts, axis=-1).astype(np.float32), z_now.astype(np.float32)

    def _targets(self, ds: xr.Dataset, stats: pd.DataFrame, period: tuple[str, str]) -> np.ndarray:
        """(basin, time, lead, 2) scaled flow and event at each lead, NaN unless the target day is in ``period``."""
        n_time = ds.sizes["time"]
        tidx = np.arange(n_time)
        z = lead_targets(scaled_flow(ds, stats, self.protocol.variable), tidx, self.protocol.leads)
        e = lead_targets(events(ds, stats, self.protocol.variable), tidx, self.protocol.leads)
        time = pd.DatetimeIndex(ds["time"].values)
        inside = np.stack(
            [period_mask(time + pd.Timedelta(days=int(h)), period) for h in self.protocol.leads], 1
        )
        z[:, ~inside] = np.nan
        e[:, ~inside] = np.nan
        return np.stack([z, e], axis=-1)

    def _fit(self, ds: xr.Dataset, stats: pd.DataFrame) -> None:
        seed = resolve_seed(self.seed)
        seed_everything(seed)
        p = self.protocol
        basins = list(stats.index)
        train_mask = period_mask(ds["time"].values, p.train)
        self.dynamic_ = [v for v in DYNAMIC_INPUTS if v in ds]
        sub = ds.sel(basin=basins)
        self.dyn_mean_ = np.array([float(np.nanmean(sub[v].values[:, train_mask])) for v in self.dynamic_])
        self.dyn_std_ = np.array(
            [float(np.nanstd(sub[v].values[:, train_mask])) or 1.0 for v in self.dynamic_]
        )
        self.statics_ = available_statics(ds, STATIC_ATTRIBUTES)
        self.static_fill_ = static_fill(ds, basins, self.statics_)
        raw = static_matrix(ds, basins, self.statics_, self.static_fill_)
        self.static_mean_ = raw.mean(axis=0) if raw.shape[1] else np.zeros(0)
        std = raw.std(axis=0) if raw.shape[1] else np.zeros(0)
        self.static_std_ = np.where(std > 0, std, 1.0)
        x, z_now = self._inputs(ds, stats)
        targets = [self._targets(ds, stats, p.train), self._targets(ds, stats, p.valid)]
        self.n_inputs_ = x.shape[-1]
        self.net_ = FloodLSTMNet(self.n_inputs_, self.hidden, len(p.leads), self.dropout, 1.0 - p.quantile)
        device = select_device(self.device)
        batcher = _ChunkBatcher(x, z_now, targets, self.length, self.predict_last, device)
        time = pd.DatetimeIndex(ds["time"].values)
        train_ends = _chunk_ends(time, p.train, p.max_lead)
        valid_ends = _chunk_ends(time, p.valid, p.max_lead, stride=self.predict_last)
        nb = len(basins)
        train_o = batcher.origin(0, np.repeat(np.arange(nb), len(train_ends)), np.tile(train_ends, nb))
        valid_o = batcher.origin(1, np.repeat(np.arange(nb), len(valid_ends)), np.tile(valid_ends, nb))
        per_epoch = self.chunks_per_epoch or max(1, int(np.ceil(nb * len(train_ends) / self.predict_last)))
        config = TrainConfig(
            max_epochs=self.epochs,
            batch_size=self.batch_size or (256 if device.type == "cuda" else 16),
            learning_rate=self.learning_rate,
            patience=self.patience,
            samples_per_epoch=min(per_epoch, len(train_o)),
            time_limit_s=self.time_limit_s,
            device=str(device),
            seed=seed,
        )
        net = self.net_

        def forward(x: torch.Tensor, z_now: torch.Tensor) -> torch.Tensor:
            return net(x, z_now, self.predict_last)

        result = fit_torch(
            net, forward, batcher, train_o, valid_o, config, loss_fn=flood_loss(self.bce_weight)
        )
        self.net_ = net.cpu().eval()
        self.history_ = [dict(row) for row in result.history]  # per epoch: train_loss, val_loss, ...
        self.train_summary_ = train_summary(result)
        self.device_used_ = str(result.device)

    def _predict_z(self, ds, stats, tidx):
        x, z_now = self._inputs(ds, stats)
        device = select_device(self.device)
        self.net_.to(device)
        batcher = _ChunkBatcher(x, z_now, [], self.length, self.predict_last, device)
        nb = len(stats)
        ends = np.arange(int(tidx.max()), int(tidx.min()) - 1, -self.predict_last)
        origins = batcher.origin(2, np.repeat(np.arange(nb), len(ends)), np.tile(ends, nb))
        batch = 256 if device.type == "cuda" else 32
        net = self.net_

        def forward(x: torch.Tensor, z_now: torch.Tensor) -> torch.Tensor:
            return net(x, z_now, self.predict_last)

        out = predict_torch(forward, batcher, origins, batch, device)  # (chunk, P, lead, 2)
        self.net_.cpu()
        n_time = x.shape[1]
        z_full = np.full((nb, n_time, len(self.protocol.leads)), np.nan)
        logit_full = np.full_like(z_full, np.nan)
        chunk_b = np.repeat(np.arange(nb), len(ends))
        chunk_e = np.tile(ends, nb)
        for k in range(len(origins)):
            days = np.arange(chunk_e[k] - self.predict_last + 1, chunk_e[k] + 1)
            ok = days >= 0
            z_full[chunk_b[k], days[ok]] = out[k, ok, :, 0]
            logit_full[chunk_b[k], days[ok]] = out[k, ok, :, 1]
        z = z_full[:, tidx]
        prob = expit(logit_full[:, tidx])
        return z, prob


def _chunk_ends(
    time: pd.DatetimeIndex, period: tuple[str, str], max_lead: int, stride: int = 1
) -> np.ndarray:
    """Chunk end days whose forecasts can fall in ``period``: every day (or every ``stride``-th, from the end)."""
    start = time.get_indexer([max(pd.Timestamp(period[0]) - pd.Timedelta(days=max_lead), time[0])])[0]
    stop = time.get_indexer([min(pd.Timestamp(period[1]) - pd.Timedelta(days=1), time[-1])])[0]
    if start < 0 or stop < 0 or stop < start:
        return np.zeros(0, dtype=np.int64)
    if stride == 1:
        return np.arange(start, stop + 1)
    return np.arange(stop, start - 1, -stride)[::-1]
