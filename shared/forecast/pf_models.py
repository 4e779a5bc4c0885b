"""pytorch-forecasting models (N-HiTS, TFT) as peers on exactly the same windows and splits, saved like the rest.

:class:`NHiTSForecaster` and :class:`TFTForecaster` turn a :class:`~shared.forecast.panel.SeriesPanel`
into the long frame pytorch-forecasting reads (one row per time step and series, with time-of-day
covariates), build its ``TimeSeriesDataSet`` with a fixed encoder of ``n_in`` steps and a fixed
decoder of ``n_out``, and train with Lightning: training windows end before validation starts and
the validation windows lie inside the validation part, as in :mod:`shared.forecast.splits`.
Lightning's ModelCheckpoint keeps the weights of the best validation epoch (in memory, see
:func:`shared.forecast.training.best_weights_callback`).

Saving needs no pickle: nothing in the dataset is fitted to the data (per-series standardisation
is done here and kept as arrays; the time-of-day covariates are scaled by a fixed factor; the
target normaliser is the identity), so :meth:`PytorchForecastingBase._build_module` rebuilds the
network from the parameters and the series names alone, and the store loads its ``state_dict``.

pytorch-forecasting cannot mask missing targets: they are forward-filled for it, while the
suite's metrics still ignore them.

Example:
    >>> import numpy as np, pandas as pd
    >>> from shared.forecast.panel import SeriesPanel
    >>> t = pd.date_range("2024-03-04", periods=200, freq="5min")
    >>> panel = SeriesPanel(np.random.default_rng(0).normal(50, 5, (200, 2)), t, ["a", "b"])
    >>> m = NHiTSForecaster(6, 3, hidden_size=8, max_epochs=1, limit_train_batches=2, device="cpu")
    >>> m.fit(panel, range(6, 150), range(150, 198)).predict(panel, [198, 200]).shape
    (2, 3, 2)
"""

from __future__ import annotations

import math
import tempfile
import time
from typing import Any, ClassVar

import numpy as np
import pandas as pd
import torch

from shared.forecast.base import PanelForecaster
from shared.forecast.panel import SeriesPanel
from shared.forecast.training import (
    best_weights_callback,
    cpu_threads_for,
    quiet_lightning,
    restored_torch_flags,
    select_device,
)
from shared.seeding import seed_everything
from shared.store import register

KINDS = ("nhits", "tft")
#: sin and cos of the time of day have a variance of 1/2 over whole days: this scales them to unit variance.
TOD_SCALE = math.sqrt(2.0)


class PytorchForecastingBase(PanelForecaster):
    """What N-HiTS and TFT share: the long frame, the dataset template, Lightning training and prediction.

    ``limit_train_batches`` caps the batches per epoch (windows are then drawn at random each
    epoch), ``limit_val_batches`` the validation batches (the validation loader is not shuffled, so
    a cap scores its first, earliest windows) and ``time_limit_s`` the whole fit; all are reported in
    :meth:`describe`. ``hidden_size=None`` means 64 for N-HiTS and 16 for TFT; ``precision=None``
    bf16-mixed on CUDA and 32-true on the CPU.
    """

    kind: ClassVar[str] = ""
    default_hidden: ClassVar[int] = 16

    def __init__(
        self,
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
        self.n_in = n_in
        self.n_out = n_out
        self.hidden_size = hidden_size
        self.max_epochs = max_epochs
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.patience = patience
        self.limit_train_batches = limit_train_batches
        self.limit_val_batches = limit_val_batches
        self.time_limit_s = time_limit_s
        self.device = device
        self.seed = seed
        self.progress = progress
        self.num_workers = num_workers
        self.precision = precision

    # ------------------------------------------------------------------------------------ data
    def _hidden(self) -> int:
        return int(self.hidden_size) if self.hidden_size is not None else self.default_hidden

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
                "tod_sin": np.repeat(TOD_SCALE * np.sin(angle), s).astype(np.float32),
                "tod_cos": np.repeat(TOD_SCALE * np.cos(angle), s).astype(np.float32),
            }
        )

    def _dataset(self, frame: pd.DataFrame, min_prediction_idx: int) -> Any:
        """The ``TimeSeriesDataSet`` of ``frame``: nothing in it is fitted to the values (see the module docstring)."""
        from pytorch_forecasting import TimeSeriesDataSet
        from pytorch_forecasting.data import TorchNormalizer

        relative = self.kind == "tft"
        return TimeSeriesDataSet(
            frame,
            time_idx="time_idx",
            target="value",
            group_ids=["series"],
            max_encoder_length=self.n_in,
            min_encoder_length=self.n_in,
            max_prediction_length=self.n_out,
            min_prediction_length=self.n_out,
            min_prediction_idx=min_prediction_idx,
            time_varying_known_reals=["tod_sin", "tod_cos"],
            time_varying_unknown_reals=["value"],
            target_normalizer=TorchNormalizer(method="identity", center=False),
            scalers={"tod_sin": None, "tod_cos": None, **({"relative_time_idx": None} if relative else {})},
            add_encoder_length=False,
            add_relative_time_idx=relative,
        )

    def _template(self) -> Any:
        """The dataset every prediction derives from: the fitted series names over one window, no data."""
        if getattr(self, "_template_cache", None) is None:
            n = self.n_in + self.n_out
            names = np.asarray(self.series_, dtype=str)
            frame = pd.DataFrame(
                {
                    "time_idx": np.repeat(np.arange(n), len(names)),
                    "series": np.tile(names, n),
                    "value": np.zeros(n * len(names), np.float32),
                    "tod_sin": np.zeros(n * len(names), np.float32),
                    "tod_cos": np.zeros(n * len(names), np.float32),
                }
            )
            self._template_cache = self._dataset(frame, 0)
        return self._template_cache

    def _network(self, dataset: Any) -> Any:
        raise NotImplementedError

    def _build_module(self, name: str) -> Any:
        """The untrained network of the saved settings and series, for the store to load its weights into."""
        if name != "network_":
            return super()._build_module(name)
        with quiet_lightning():  # pytorch-forecasting's hyper-parameter advice
            return self._network(self._template())

    def _batch_size(self, device: torch.device) -> int:
        if self.batch_size is not None:
            return int(self.batch_size)
        return 4096 if device.type == "cuda" else 512

    # ------------------------------------------------------------------------------------ fit
    def fit(
        self, panel: SeriesPanel, train: range | np.ndarray, val: range | np.ndarray
    ) -> PytorchForecastingBase:
        """Fit on the windows whose origins are ``train``; ``val`` serves early stopping and the checkpoint."""
        super().fit(panel, train, val)
        return self

    def _fit(self, panel: SeriesPanel, train: np.ndarray, val: np.ndarray) -> None:
        import lightning.pytorch as pl

        seed_everything(self.seed)
        self._template_cache = None
        self.series_ = [str(s) for s in panel.series]
        train_end = int(train.max()) + self.n_out
        # Per-series standardisation done once here, with an identity normaliser inside pytorch-forecasting:
        # its GroupNormalizer looks each sample's scale up with pandas .loc, which made loading the bottleneck.
        seen = panel.filled()[:train_end]
        self.center_ = seen.mean(axis=0).astype(np.float32)
        self.scale_ = np.maximum(seen.std(axis=0), 1e-3).astype(np.float32)
        val_end = int(val.max()) + self.n_out if len(val) else train_end
        frame = self._frame(panel, 0, val_end)
        device = select_device(self.device)
        batch = self._batch_size(device)
        workers = {"num_workers": int(self.num_workers), "persistent_workers": int(self.num_workers) > 0}
        with (
            quiet_lightning(),
            restored_torch_flags(),
            cpu_threads_for(len(frame), device),
            tempfile.TemporaryDirectory() as tmp,
        ):
            from pytorch_forecasting import TimeSeriesDataSet

            training = self._dataset(frame[frame.time_idx < train_end], int(train.min()))
            train_dl = training.to_dataloader(train=True, batch_size=batch, **workers)
            val_dl = None
            if len(val):
                val_ds = TimeSeriesDataSet.from_dataset(
                    training, frame, min_prediction_idx=int(val.min()), stop_randomization=True
                )
                val_dl = val_ds.to_dataloader(train=False, batch_size=batch * 2, **workers)
            network = self._network(training)
            stats = _epoch_stats()
            callbacks: list[Any] = [stats]
            plugins: list[Any] = []
            best = None
            stopper = None
            if val_dl is not None:
                best = best_weights_callback(tmp)
                stopper = pl.callbacks.EarlyStopping(monitor="val_loss", patience=self.patience, mode="min")
                callbacks += [best, best.checkpoint, stopper]
                plugins.append(best.io)
            trainer = pl.Trainer(
                max_epochs=self.max_epochs,
                accelerator="gpu" if device.type == "cuda" else "cpu",
                devices=1,
                precision=self.precision or ("bf16-mixed" if device.type == "cuda" else "32-true"),
                gradient_clip_val=1.0,
                limit_train_batches=self.limit_train_batches,
                limit_val_batches=self.limit_val_batches,
                max_time={"seconds": int(self.time_limit_s)} if self.time_limit_s else None,
                deterministic="warn",
                callbacks=callbacks,
                plugins=plugins,
                default_root_dir=tmp,
                logger=False,
                enable_progress_bar=bool(self.progress),
                enable_model_summary=False,
                num_sanity_val_steps=0,
            )
            trainer.fit(network, train_dataloaders=train_dl, val_dataloaders=val_dl)
        self.epochs_ = int(trainer.current_epoch)
        if stopper is not None and stopper.stopped_epoch > 0:
            self.stopped_ = "early"
        elif self.epochs_ < self.max_epochs:
            self.stopped_ = "time_limit"
        else:
            self.stopped_ = "max_epochs"
        self.epoch_seconds_ = list(stats.epoch_seconds)
        self.samples_per_epoch_ = int(stats.samples)
        score = best.checkpoint.best_model_score if best is not None else None
        self.best_val_ = float(score) if score is not None else math.nan
        self.network_ = network.eval()

    # ------------------------------------------------------------------------------------ predict
    def predict(self, panel: SeriesPanel, origins: range | np.ndarray) -> np.ndarray:
        """(origin, n_out, series) point forecasts, run batch by batch on the network (no Trainer)."""
        from pytorch_forecasting import TimeSeriesDataSet

        self._check_fitted()
        o = self.check_panel(panel, origins)
        lo, hi = int(o.min()), int(o.max())
        frame = self._frame(panel, lo - self.n_in, hi + self.n_out)
        ds = TimeSeriesDataSet.from_dataset(
            self._template(), frame, min_prediction_idx=lo, stop_randomization=True
        )
        device = next(self.network_.parameters()).device
        dl = ds.to_dataloader(train=False, batch_size=self._batch_size(device) * 4, num_workers=0)
        position = {name: i for i, name in enumerate(panel.series)}
        row_of = {int(t): i for i, t in enumerate(o)}
        out = np.full((len(o), self.n_out, panel.n_series), np.nan, np.float32)
        self.network_.eval()
        with torch.no_grad(), cpu_threads_for(len(frame), device):
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
            hidden_size=self._hidden(),
            max_epochs=self.max_epochs,
            epochs=getattr(self, "epochs_", 0),
            stopped=getattr(self, "stopped_", ""),
            limit_train_batches=self.limit_train_batches,
            limit_val_batches=self.limit_val_batches,
            time_limit_s=self.time_limit_s,
        )
        return out

    @classmethod
    def _conformance_case(cls) -> Any:
        """Tiny seeded panel (3 series, 260 five-minute steps), two short epochs."""
        from shared.estimator_checks import ConformanceCase

        g = np.random.default_rng(0)
        t = pd.date_range("2024-03-04", periods=260, freq="5min")
        values = 50 + 10 * np.sin(np.arange(260) / 20.0)[:, None] + g.normal(0, 1, (260, 3))
        panel = SeriesPanel(values, t, ["a", "b", "c"])
        other = SeriesPanel(values[:, :2], t, ["a", "b"])  # a series short: predict raises DataError
        return ConformanceCase(
            make=lambda: cls(
                6,
                3,
                hidden_size=8,
                max_epochs=2,
                batch_size=64,
                limit_train_batches=3,
                device="cpu",
                seed=0,
            ),
            fit=lambda m: m.fit(panel, range(6, 200), range(200, 257)),
            predict=lambda m: m.predict(panel, [230, 250, 260]),
            schema="array",
            bad_input=lambda m: m.predict(other, [250]),
        )


@register
class NHiTSForecaster(PytorchForecastingBase):
    """N-HiTS (pytorch-forecasting) on the suite's windows; saved through the store like the other forecasters."""

    intended_use = (
        "The N-HiTS deep forecaster (pytorch-forecasting) as a comparison model for panel forecasting."
    )
    limitations = (
        "Slow to train on a CPU, where the benchmark trains it on a subsample of windows (MAE 4.73 mph at"
        " 60 minutes on METR-LA, behind civic_stid's 4.18); a benchmark model, not the suite's "
        "recommended one."
    )

    name = "nhits"
    kind = "nhits"
    default_hidden = 64
    store_kind = "shared.forecast.pf.NHiTS"
    store_version = 1

    def _network(self, dataset: Any) -> Any:
        from pytorch_forecasting import NHiTS
        from pytorch_forecasting.metrics import MAE

        return NHiTS.from_dataset(
            dataset, hidden_size=self._hidden(), learning_rate=self.learning_rate, loss=MAE(), log_interval=-1
        )


@register
class TFTForecaster(PytorchForecastingBase):
    """The Temporal Fusion Transformer (pytorch-forecasting); saved through the store like the other forecasters."""

    intended_use = (
        "The Temporal Fusion Transformer (pytorch-forecasting) as a comparison model for panel forecasting."
    )
    limitations = (
        "In the benchmark only briefly trained on a CPU (two short epochs; MAE 6.13 mph at 60 minutes on "
        "METR-LA, worse than persistence's 5.77): not converged there and not recommended for use."
    )

    name = "tft"
    kind = "tft"
    default_hidden = 16
    store_kind = "shared.forecast.pf.TFT"
    store_version = 1

    def _network(self, dataset: Any) -> Any:
        from pytorch_forecasting import TemporalFusionTransformer
        from pytorch_forecasting.metrics import MAE

        hidden = self._hidden()
        return TemporalFusionTransformer.from_dataset(
            dataset,
            hidden_size=hidden,
            attention_head_size=2,
            hidden_continuous_size=max(8, hidden // 2),
            dropout=0.1,
            learning_rate=self.learning_rate,
            loss=MAE(),
            log_interval=-1,
        )


_CLASSES: dict[str, type[PytorchForecastingBase]] = {"nhits": NHiTSForecaster, "tft": TFTForecaster}


def PytorchForecastingModel(
    kind: str = "nhits", n_in: int = 12, n_out: int = 12, **params: Any
) -> PytorchForecastingBase:  # noqa: N802
    """N-HiTS (``kind="nhits"``) or TFT (``kind="tft"``) by name: the call the traffic sector and benchmarks make.

    Example:
        >>> type(PytorchForecastingModel("tft", 6, 3)).__name__
        'TFTForecaster'
    """
    if kind not in _CLASSES:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    return _CLASSES[kind](n_in, n_out, **params)


def _epoch_stats() -> Any:
    """A Lightning callback timing each training epoch and counting its (window, series) samples."""
    import lightning.pytorch as pl

    class EpochStats(pl.Callback):
        def __init__(self) -> None:
            self.epoch_seconds: list[float] = []
            self.samples = 0
            self._t0 = 0.0

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

    return EpochStats()
