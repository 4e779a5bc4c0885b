"""Our spatio-temporal network, in the spirit of STID (Shao et al., CIKM 2022), with optional graph diffusion.

Each series at each origin becomes one vector: its recent window (projected), an identity
embedding of the series, embeddings of the time of day and day of week of the last observed step,
and optionally the same hours one day earlier. With an adjacency matrix, the windows of each
series' neighbours, diffused along forward and backward random walks (as in DCRNN), add one more
projected part. A residual MLP maps the concatenation to the next ``n_out`` steps.

The network predicts in the data's units: it normalises its inputs with the training mean and
standard deviation kept as buffers (so they travel with its ``state_dict``), and adds its output to
the last observed value (it learns the change).

Example:
    >>> import torch
    >>> net = SpatioTemporalIdentityNet(n_series=5, n_in=12, n_out=12, steps_per_day=288)
    >>> x = torch.full((2, 12, 5), 60.0)
    >>> net(x, torch.tensor([0, 100]), torch.tensor([1, 2])).shape
    torch.Size([2, 12, 5])
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
from torch import nn

from shared.forecast.base import PanelForecaster, panel_case
from shared.forecast.batching import PanelBatcher
from shared.forecast.graph import transition_matrices
from shared.forecast.panel import SeriesPanel
from shared.forecast.training import (
    TrainConfig,
    cpu_threads_for,
    fit_torch,
    predict_torch,
    select_device,
)
from shared.seeding import seed_everything
from shared.store import register


class ResidualBlock(nn.Module):
    """``h + W2 dropout(relu(W1 h))``: the MLP layer STID stacks."""

    def __init__(self, dim: int, dropout: float) -> None:
        super().__init__()
        self.fc1 = nn.Linear(dim, dim)
        self.fc2 = nn.Linear(dim, dim)
        self.drop = nn.Dropout(dropout)

    def forward(self, h: torch.Tensor) -> torch.Tensor:
        """Apply the block to (..., dim)."""
        return h + self.fc2(self.drop(torch.relu(self.fc1(h))))


class GraphDiffusion(nn.Module):
    """Neighbours' windows: ``[P x, P^2 x, ..., Q x, Q^2 x, ...]`` for fixed transition matrices P, Q.

    Diffusing the short input window (not the hidden state) is what keeps this cheap: the
    propagation costs ``n_in`` channels per series instead of the hidden width, in the spirit of
    simplified graph convolutions. ``supports`` (n_support, nodes, nodes) is a buffer.
    """

    def __init__(self, supports: torch.Tensor, steps: int) -> None:
        super().__init__()
        self.register_buffer("supports", supports)
        self.steps = int(steps)
        self._sparse: list[torch.Tensor] | None = None
        self._use_sparse: bool | None = None

    @property
    def channels(self) -> int:
        """How many diffused copies of the input come out."""
        return int(self.supports.shape[0]) * self.steps

    def _cpu_sparse(self) -> list[torch.Tensor] | None:
        """Sparse copies of the supports for large, sparse graphs on the CPU (dense matmul wastes time there)."""
        if self._use_sparse is None:
            density = float((self.supports != 0).float().mean())
            self._use_sparse = self.supports.shape[-1] >= 500 and density <= 0.05
        if not self._use_sparse:
            return None
        if self._sparse is None:
            self._sparse = [p.to_sparse_coo().coalesce() for p in self.supports.float()]
        return self._sparse

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        """(batch, nodes, features) -> (batch, nodes, features * channels)."""
        sparse = self._cpu_sparse() if z.device.type == "cpu" else None
        b, n, f = z.shape
        parts = []
        for k, p in enumerate(self.supports.to(z.dtype)):
            y = z
            for _ in range(self.steps):
                if sparse is not None:
                    flat = torch.sparse.mm(sparse[k], y.permute(1, 0, 2).reshape(n, b * f))
                    y = flat.reshape(n, b, f).permute(1, 0, 2)
                else:
                    y = torch.einsum("ij,bjd->bid", p, y)
                parts.append(y)
        return torch.cat(parts, dim=-1)


class SpatioTemporalIdentityNet(nn.Module):
    """STID-style network: window + series / time-of-day / day-of-week embeddings -> residual MLP.

    ``daily_len`` > 0 adds a projection of that many steps one day earlier (the batcher's
    ``x_daily``). ``supports`` (n_support, series, series) enables graph diffusion.
    """

    def __init__(
        self,
        n_series: int,
        n_in: int = 12,
        n_out: int = 12,
        steps_per_day: int = 288,
        *,
        embed_dim: int = 32,
        layers: int = 3,
        day_of_week: bool = True,
        daily_len: int = 0,
        supports: torch.Tensor | None = None,
        diffusion_steps: int = 2,
        dropout: float = 0.1,
        mean: float = 0.0,
        std: float = 1.0,
    ) -> None:
        super().__init__()
        self.n_in, self.n_out, self.daily_len = n_in, n_out, daily_len
        self.register_buffer("mean", torch.tensor(float(mean)))
        self.register_buffer("std", torch.tensor(float(std)))
        self.window = nn.Linear(n_in, embed_dim)
        self.series_emb = nn.Parameter(torch.empty(n_series, embed_dim))
        self.slot_emb = nn.Parameter(torch.empty(steps_per_day, embed_dim))
        nn.init.xavier_uniform_(self.series_emb)
        nn.init.xavier_uniform_(self.slot_emb)
        self.dow_emb = None
        if day_of_week:
            self.dow_emb = nn.Parameter(torch.empty(7, embed_dim))
            nn.init.xavier_uniform_(self.dow_emb)
        self.daily = nn.Linear(daily_len, embed_dim) if daily_len else None
        self.diffusion = None
        self.neighbours = None
        if supports is not None and diffusion_steps > 0:
            self.diffusion = GraphDiffusion(supports, diffusion_steps)
            self.neighbours = nn.Linear((n_in + daily_len) * self.diffusion.channels, embed_dim)
        dim = embed_dim * (3 + int(day_of_week) + int(bool(daily_len)) + int(self.diffusion is not None))
        self.encoder = nn.Sequential(*[ResidualBlock(dim, dropout) for _ in range(layers)])
        self.head = nn.Linear(dim, n_out)

    def forward(
        self, x: torch.Tensor, slot: torch.Tensor, dow: torch.Tensor, x_daily: torch.Tensor | None = None
    ) -> torch.Tensor:
        """``x`` (batch, n_in, series) in data units -> forecast (batch, n_out, series) in data units."""
        b, _, s = x.shape
        z = ((x - self.mean) / self.std).transpose(1, 2)  # (batch, series, n_in)
        parts = [
            self.window(z),
            self.series_emb.unsqueeze(0).expand(b, -1, -1),
            self.slot_emb[slot].unsqueeze(1).expand(-1, s, -1),
        ]
        if self.dow_emb is not None:
            parts.append(self.dow_emb[dow].unsqueeze(1).expand(-1, s, -1))
        if self.daily is not None:
            if x_daily is None:
                raise ValueError("this network was built with a daily window: pass x_daily")
            zd = ((x_daily - self.mean) / self.std).transpose(1, 2)
            parts.append(self.daily(zd))
            z = torch.cat([z, zd], dim=-1)
        if self.diffusion is not None:
            parts.append(self.neighbours(self.diffusion(z)))
        h = self.encoder(torch.cat(parts, dim=-1))
        change = self.head(h).transpose(1, 2) * self.std  # (batch, n_out, series)
        return x[:, -1:, :] + change


def _mean_std(values: np.ndarray, rows: int = 4096) -> dict[str, float]:
    """Mean and standard deviation ignoring NaN, in chunks of rows (no full-size temporary)."""
    total, total_sq, count = 0.0, 0.0, 0
    for a in range(0, values.shape[0], rows):
        block = values[a : a + rows].astype(np.float64)
        ok = ~np.isnan(block)
        total += float(block[ok].sum())
        total_sq += float(np.square(block[ok]).sum())
        count += int(ok.sum())
    mean = total / max(count, 1)
    std = float(np.sqrt(max(total_sq / max(count, 1) - mean**2, 0.0)))
    return {"mean": mean, "std": std or 1.0}


@register
class STIDForecaster(PanelForecaster):
    """Panel forecaster around :class:`SpatioTemporalIdentityNet`, trained with :func:`fit_torch`.

    ``daily=True`` feeds the same hours one day earlier (needs a day of history before each
    origin); ``diffusion_steps`` > 0 uses the panel's adjacency when it has one.
    ``day_of_week=None`` uses the day-of-week embedding only when training spans two weeks or
    more: with less, some days are never seen and their embeddings would stay random.
    """

    name = "civic_stid"
    store_kind = "shared.forecast.STIDForecaster"
    store_version = 2

    def __init__(
        self,
        n_in: int = 12,
        n_out: int = 12,
        *,
        embed_dim: int = 32,
        layers: int = 3,
        day_of_week: bool | None = None,
        daily: bool = True,
        diffusion_steps: int = 2,
        dropout: float = 0.1,
        train: TrainConfig | None = None,
    ) -> None:
        super().__init__(n_in, n_out)
        self.embed_dim = embed_dim
        self.layers = layers
        self.day_of_week = day_of_week
        self.daily = daily
        self.diffusion_steps = diffusion_steps
        self.dropout = dropout
        self.train = train

    def _daily_lag(self, panel: SeriesPanel) -> int:
        spd = panel.steps_per_day
        return int(spd) if self.daily and spd and spd >= self.n_out else 0

    def min_history(self, panel: SeriesPanel) -> int:
        """``n_in``, plus a day when the daily window is on."""
        return self.n_in + self._daily_lag(panel)

    def _batcher(self, panel: SeriesPanel, device: torch.device) -> PanelBatcher:
        return PanelBatcher(
            panel.filled(),
            panel.values,
            slot=panel.slot_of_day(),
            dow=panel.day_of_week(),
            n_in=self.n_in,
            n_out=self.n_out,
            daily_lag=self._daily_lag(panel),
            device=device,
        )

    def _build_module(self, name: str) -> SpatioTemporalIdentityNet:
        """An untrained network shaped by ``net_args_`` (the store then loads its weights and graph)."""
        if name != "net_":
            return super()._build_module(name)
        args = {k: v for k, v in self.net_args_.items() if k != "has_supports"}
        n = int(args["n_series"])
        # two random-walk supports (forward, backward), filled from the saved state_dict
        supports = torch.zeros(2, n, n) if self.net_args_.get("has_supports") else None
        return SpatioTemporalIdentityNet(**args, supports=supports)

    def _fit(self, panel: SeriesPanel, train: np.ndarray, val: np.ndarray) -> None:
        end = int(train.max()) + self.n_out
        seen = panel.values[:end]
        supports = None
        if self.diffusion_steps > 0 and panel.adjacency is not None:
            supports = torch.from_numpy(np.stack(transition_matrices(panel.adjacency)))
        daily_lag = self._daily_lag(panel)
        self.net_args_ = {
            "n_series": panel.n_series,
            "n_in": self.n_in,
            "n_out": self.n_out,
            "steps_per_day": panel.steps_per_day or 1,
            "embed_dim": self.embed_dim,
            "layers": self.layers,
            "day_of_week": bool(self.day_of_week)
            if self.day_of_week is not None
            else end >= 14 * (panel.steps_per_day or 1),
            "daily_len": self.n_in + self.n_out if daily_lag else 0,
            "diffusion_steps": self.diffusion_steps,
            "dropout": self.dropout,
            **_mean_std(seen),
            "has_supports": supports is not None,
        }
        config = self.train if self.train is not None else TrainConfig()
        self.train_config_ = config
        seed_everything(config.seed)
        args = {k: v for k, v in self.net_args_.items() if k != "has_supports"}
        net = SpatioTemporalIdentityNet(**args, supports=supports)
        device = select_device(config.device)
        batcher = self._batcher(panel, device)
        self.result_ = fit_torch(net, net, batcher, train, val, config)
        self.net_ = net

    def predict(self, panel: SeriesPanel, origins: range | np.ndarray) -> np.ndarray:
        """(origin, n_out, series) forecasts; batches of the training batch size on the model's device."""
        o = self.check_panel(panel, origins)
        device = next(self.net_.parameters()).device
        self.net_.eval()
        batch = self.train_config_.resolved_batch_size(device) * 4
        with cpu_threads_for(len(o) * panel.n_series, device):
            return predict_torch(self.net_, self._batcher(panel, device), o, batch, device)

    def describe(self) -> dict[str, Any]:
        """Architecture and training settings."""
        net_args, net = getattr(self, "net_args_", {}), getattr(self, "net_", None)
        out = super().describe()
        out.update(
            embed_dim=self.embed_dim,
            layers=self.layers,
            day_of_week=net_args.get("day_of_week", self.day_of_week),
            daily=self.daily,
            diffusion_steps=self.diffusion_steps if net_args.get("has_supports") else 0,
            parameters=sum(p.numel() for p in net.parameters()) if net is not None else None,
        )
        return out

    @classmethod
    def _conformance_case(cls) -> Any:
        """A tiny worked example for :mod:`shared.estimator_checks`: two epochs on the CPU."""
        config = TrainConfig(max_epochs=2, batch_size=16, patience=2, device="cpu", seed=0, progress=False)
        return panel_case(cls, embed_dim=8, layers=1, train=config)
