"""pytorch-forecasting models (N-HiTS, TFT) as peers on exactly the same windows and splits.

:class:`PytorchForecastingModel` turns a :class:`~shared.forecast.panel.SeriesPanel` into the long
frame pytorch-forecasting reads (one row per time step and series, with time-of-day covariates),
builds its ``TimeSeriesDataSet`` with a fixed encoder of ``n_in`` steps and a fixed decoder of
``n_out``, and trains with Lightning: training windows end before validation starts and the
validation windows lie inside the validation part, as in :mod:`shared.forecast.splits`. The
weights of the best validation epoch are kept in memory (no checkpoint files, no pickle).

pytorch-forecasting cannot mask missing targets: they are forward-filled for it, while the
suite's metrics still ignore them. These models are benchmark peers; they are not saved with
:mod:`shared.store` (their datasets carry fitted encoders that would need pickle).
"""

from __future__ import annotations

import copy
import logging
import math
import time
import warnings
from typing import Any

import numpy as np
import pandas as pd
import torch

from shared.errors import StoreError
from shared.forecast.base import PanelForecaster
from shared.forecast.panel import SeriesPanel
from shared.forecast.training import select_device
from shared.seeding import seed_everything
from shared.store import ModelState

KINDS = ("nhits", "tft")


def _quiet() -> None:
    for name in list(logging.root.manager.loggerDict):
        if name.startswith(("lightning", "pytorch_lightning", "pytorch_forecasting")):
            logging.getLogger(name).setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", module="lightning")
    warnings.filterwarnings("ignore", module="pytorch_forecasting")
    warnings.filterwarnings("ignore", message=".*does not have many workers.*")


class PytorchForecastingModel(PanelForecaster):
    """N-HiTS (``kind="nhits"``) or the Temporal Fusion Transformer (``kind="tft"``) from pytorch-forecasting.

    ``limit_train_batches`` caps the batches per epoch (windows are then drawn at random each
    epoch), ``limit_val_batches`` the validation batches (the validation loader is not shuffled, so
    a cap scores its first, earliest windows) and ``time_limit_s`` the whole fit; all are reported in
    :meth:`describe`.
    """

    def __init__(
        self,
        kind: str = "nhits",
        n_in: int = 12,
        n_out: int = 12,
        *,
        hidden_size: int | None = None,
        max_epochs: int = 30,
        batch_size: int | None = None,
        learning_rate: float = 1e-3,
        patience: int = 5,
        limit_train_batches: int | float = 1.0,
        limit_val_batches: int | float = 1.0,
        time_limit_s: float | None = None,
        device: str | None = None,
        seed: int | None = None,
        progress: bool = False,
        num_workers: int = 0,
        precision: str | None = None,
    ) -> None:
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
        super().__init__(n_in, n_out)
        self.kind = kind
        self.hidden_size = hidden_size or (64 if kind == "nhits" else 16)
        self.max_epochs, self.batch_size, self.learning_rate = max_epochs, batch_size, learning_rate
        self.patience, self.time_limit_s = patience, time_limit_s
        self.limit_train_batches, self.limit_val_batches = limit_train_batches, limit_val_batches
        self.device, self.seed, self.progress = device, seed, progress
        self.num_workers = int(num_workers)
        self.precision = precision  # None: bf16-mixed on CUDA, 32-true on the CPU
        self.epoch_seconds_: list[float] = []
        self.samples_per_epoch_: int = 0
        self.dataset_ = None
        self.network_ = None
        self.center_: np.ndarray | None = None
        self.scale_: np.ndarray | None = None
        self.epochs_: int = 0
        self.best_val_: float = math.nan
        self.stopped_: str = ""

    @property
    def name(self) -> str:  # type: ignore[override]
        """``nhits`` or ``tft``."""
        return self.kind

    def _frame(self, panel: SeriesPanel, start: int, stop: int) -> pd.DataFrame:
        """Long frame of steps ``start:stop``, standardised per series (steps past the end repeat the last values)."""
        filled = panel.filled()
        stop_in = min(stop, panel.n_time)
        values = filled[start:stop_in]
        if stop > panel.n_time:
            values = np.concatenate([values, np.repeat(filled[-1:], stop - panel.n_time, axis=0)])
        n = stop - start
        spd = panel.steps_per_day or 1
        slots = (panel.slot_of_day()[start] + np.arange(n)) % spd  # regular steps: one slot per step
        angle = 2 * np.pi * slots / spd
        s = panel.n_series
        return pd.DataFrame(
            {
                "time_idx": np.repeat(np.arange(start, stop), s),
                "series": np.tile(np.asarray(panel.series, dtype=str), n),
                "value": ((values - self.center_) / self.scale_).reshape(-1).astype(np.float32),
                "tod_sin": np.repeat(np.sin(angle), s).astype(np.float32),
                "tod_cos": np.repeat(np.cos(angle), s).astype(np.float32),
            }
        )

    def _batch_size(self, device: torch.device) -> int:
        if self.batch_size is not None:
            return int(self.batch_size)
        return 4096 if device.type == "cuda" else 512

    def _fit(self, panel: SeriesPanel, train: np.ndarray, val: np.ndarray) -> None:
        import lightning.pytorch as pl
        from pytorch_forecasting import NHiTS, TemporalFusionTransformer, TimeSeriesDataSet
        from pytorch_forecasting.data import TorchNormalizer
        from pytorch_forecasting.metrics import MAE

        _quiet()  # after the imports, which set their own log levels

        seed_everything(self.seed)
        train_end = int(train.max()) + self.n_out
        # Per-series standardisation done once here, with an identity normaliser inside pytorch-forecasting:
        # its GroupNormalizer looks each sample's scale up with pandas .loc, which made loading the bottleneck.
        seen = panel.filled()[:train_end]
        self.center_ = seen.mean(axis=0).astype(np.float32)
        self.scale_ = np.maximum(seen.std(axis=0), 1e-3).astype(np.float32)
        val_end = int(val.max()) + self.n_out if len(val) else train_end
        frame = self._frame(panel, 0, val_end)
        self.dataset_ = TimeSeriesDataSet(
            frame[frame.time_idx < train_end],
            time_idx="time_idx",
            target="value",
            group_ids=["series"],
            max_encoder_length=self.n_in,
            min_encoder_length=self.n_in,
            max_prediction_length=self.n_out,
            min_prediction_length=self.n_out,
            min_prediction_idx=int(train.min()),
            time_varying_known_reals=["tod_sin", "tod_cos"],
            time_varying_unknown_reals=["value"],
            target_normalizer=TorchNormalizer(method="identity", center=False),
            add_encoder_length=False,
            add_relative_time_idx=self.kind == "tft",
        )
        device = select_device(self.device)
        batch = self._batch_size(device)
        workers = {"num_workers": self.num_workers, "persistent_workers": self.num_workers > 0}
        train_dl = self.dataset_.to_dataloader(train=True, batch_size=batch, **workers)
        val_dl = None
        if len(val):
            val_ds = TimeSeriesDataSet.from_dataset(
                self.dataset_, frame, min_prediction_idx=int(val.min()), stop_randomization=True
            )
            val_dl = val_ds.to_dataloader(train=False, batch_size=batch * 2, **workers)
        common = dict(learning_rate=self.learning_rate, loss=MAE(), log_interval=-1)
        if self.kind == "nhits":
            self.network_ = NHiTS.from_dataset(self.dataset_, hidden_size=self.hidden_size, **common)
        else:
            self.network_ = TemporalFusionTransformer.from_dataset(
                self.dataset_,
                hidden_size=self.hidden_size,
                attention_head_size=2,
                hidden_continuous_size=max(8, self.hidden_size // 2),
                dropout=0.1,
                **common,
            )
        keeper = _KeepBest()
        callbacks: list[Any] = [keeper]
        if val_dl is not None:
            callbacks.append(
                pl.callbacks.EarlyStopping(monitor="val_loss", patience=self.patience, mode="min")
            )
        trainer = pl.Trainer(
            max_epochs=self.max_epochs,
            accelerator="gpu" if device.type == "cuda" else "cpu",
            devices=1,
            precision=self.precision or ("bf16-mixed" if device.type == "cuda" else "32-true"),
            gradient_clip_val=1.0,
            limit_train_batches=self.limit_train_batches,
            limit_val_batches=self.limit_val_batches,
            max_time={"seconds": int(self.time_limit_s)} if self.time_limit_s else None,
            enable_checkpointing=False,
            logger=False,
            enable_progress_bar=self.progress,
            enable_model_summary=False,
            num_sanity_val_steps=0,
            callbacks=callbacks,
        )
        trainer.fit(self.network_, train_dataloaders=train_dl, val_dataloaders=val_dl)
        self.epochs_ = int(trainer.current_epoch)
        self.stopped_ = "early" if trainer.should_stop and self.epochs_ < self.max_epochs else "max_epochs"
        if self.time_limit_s and self.epochs_ < self.max_epochs and keeper.best is not None:
            self.stopped_ = "time_limit" if not getattr(callbacks[-1], "stopped_epoch", 0) else "early"
        self.epoch_seconds_ = list(keeper.epoch_seconds)
        self.samples_per_epoch_ = int(keeper.samples)
        if keeper.best_state is not None:
            self.network_.load_state_dict(keeper.best_state)
            self.best_val_ = keeper.best
        self.network_.eval()

    def predict(self, panel: SeriesPanel, origins: range | np.ndarray) -> np.ndarray:
        """(origin, n_out, series) point forecasts, run batch by batch on the network (no Trainer)."""
        from pytorch_forecasting import TimeSeriesDataSet

        o = self.check_panel(panel, origins)
        lo, hi = int(o.min()), int(o.max())
        frame = self._frame(panel, lo - self.n_in, hi + self.n_out)
        ds = TimeSeriesDataSet.from_dataset(
            self.dataset_, frame, min_prediction_idx=lo, stop_randomization=True
        )
        device = next(self.network_.parameters()).device
        dl = ds.to_dataloader(train=False, batch_size=self._batch_size(device) * 4, num_workers=0)
        position = {name: i for i, name in enumerate(panel.series)}
        row_of = {int(t): i for i, t in enumerate(o)}
        out = np.full((len(o), self.n_out, panel.n_series), np.nan, np.float32)
        self.network_.eval()
        with torch.no_grad():
            for x, _ in dl:
                x = {k: v.to(device) if torch.is_tensor(v) else v for k, v in x.items()}
                pred = self.network_(x)["prediction"]
                pred = pred.float().cpu().numpy().reshape(pred.shape[0], self.n_out)
                index = ds.x_to_index(x)
                for j, (t, name) in enumerate(zip(index["time_idx"], index["series"], strict=True)):
                    r = row_of.get(int(t))
                    if r is not None:
                        k = position[str(name)]
                        out[r, :, k] = pred[j] * self.scale_[k] + self.center_[k]
        return out

    def describe(self) -> dict[str, Any]:
        """Settings and how training ended."""
        out = super().describe()
        out.update(
            kind=self.kind,
            hidden_size=self.hidden_size,
            max_epochs=self.max_epochs,
            epochs=self.epochs_,
            stopped=self.stopped_,
            limit_train_batches=self.limit_train_batches,
            limit_val_batches=self.limit_val_batches,
            time_limit_s=self.time_limit_s,
        )
        return out

    def state(self) -> ModelState:
        """Not storable: see the module docstring."""
        raise StoreError(
            f"{self.kind} (pytorch-forecasting) cannot be saved without pickle; it is a benchmark peer only"
        )


class _KeepBest:
    """Lightning callback that keeps the best validation weights in memory."""

    def __new__(cls, *args: Any, **kwargs: Any):  # build the real subclass lazily (lightning imports slowly)
        import lightning.pytorch as pl

        class KeepBest(pl.Callback):
            def __init__(self) -> None:
                self.best = math.inf
                self.best_state: dict[str, torch.Tensor] | None = None
                self.epoch_seconds: list[float] = []
                self.samples = 0
                self._t0 = self._last = 0.0

            def on_train_epoch_start(self, trainer: Any, module: Any) -> None:
                self._t0 = time.perf_counter()
                self.samples = 0

            def on_train_batch_end(
                self, trainer: Any, module: Any, outputs: Any, batch: Any, batch_idx: int
            ) -> None:
                self.samples += int(batch[0]["encoder_cont"].shape[0])

            def on_train_epoch_end(self, trainer: Any, module: Any) -> None:
                if torch.cuda.is_available():
                    torch.cuda.synchronize()
                self.epoch_seconds.append(time.perf_counter() - self._t0)

            def on_validation_epoch_end(self, trainer: Any, module: Any) -> None:
                loss = trainer.callback_metrics.get("val_loss")
                if loss is not None and float(loss) < self.best:
                    self.best = float(loss)
                    self.best_state = copy.deepcopy(
                        {k: v.detach().clone() for k, v in module.state_dict().items()}
                    )

            def on_train_end(self, trainer: Any, module: Any) -> None:
                if self.best_state is None:  # no validation ran: keep the last weights
                    self.best_state = {k: v.detach().clone() for k, v in module.state_dict().items()}

        return KeepBest()
