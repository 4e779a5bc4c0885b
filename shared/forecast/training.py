"""Seeded torch training through Lightning, with early stopping, for any model that maps a batch to a forecast.

Device policy (the suite's): CUDA when present, with bfloat16 mixed precision, pinned host memory
and large batches; the CPU otherwise, in plain float32. ``CIVIC_DEVICE=cpu`` forces the CPU.
Several GPUs or nodes come from Lightning: set ``TrainConfig.devices`` / ``strategy`` (``"ddp"``).

:func:`fit_torch` knows nothing about windows: it calls ``batch_fn(origins) -> (inputs, target)``
for each batch of origin indices, runs ``forward(**inputs)`` and a loss inside a
``lightning.pytorch`` Trainer (EarlyStopping and ModelCheckpoint on the validation loss), and
restores the weights of the epoch with the best validation loss.
:class:`shared.forecast.batching.PanelBatcher` is one such ``batch_fn``.

Example:
    >>> import numpy as np, torch
    >>> xs = torch.linspace(0, 1, 64)
    >>> def batch_fn(idx):
    ...     x = xs[torch.as_tensor(idx)]
    ...     return {"x": x[:, None]}, 3 * x[:, None] + 1
    >>> model = torch.nn.Linear(1, 1)
    >>> cfg = TrainConfig(max_epochs=300, batch_size=16, learning_rate=0.05, patience=300, device="cpu")
    >>> res = fit_torch(model, lambda x: model(x), batch_fn, np.arange(48), np.arange(48, 64), cfg)
    >>> round(float(model.weight.detach()), 1), res.device
    (3.0, 'cpu')
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import logging
import math
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from types import SimpleNamespace
from typing import Any

import numpy as np
import torch

from shared.device import torch_device
from shared.seeding import rng, seed_everything

Batch = tuple[dict[str, torch.Tensor], torch.Tensor]
BatchFn = Callable[[np.ndarray], Batch]
LossFn = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]


@dataclass
class TrainConfig:
    """Settings of :func:`fit_torch`.

    ``batch_size=None`` picks 64 on the CPU and 512 on CUDA. ``samples_per_epoch`` draws that many
    training origins (without replacement) per epoch instead of all of them, which keeps an epoch
    bounded on very long series; ``val_samples`` likewise scores a fixed random subset of the
    validation origins. ``time_limit_s`` stops after the epoch that crosses it. ``patience``
    epochs without a validation improvement of 1e-6 stop training; the learning rate is multiplied
    by ``lr_decay`` after ``patience // 2`` such epochs. ``accelerator``, ``devices``, ``strategy``
    and ``precision`` go to the Lightning Trainer as they are (None: derived from ``device``).
    """

    max_epochs: int = 100
    batch_size: int | None = None
    learning_rate: float = 2e-3
    weight_decay: float = 1e-4
    patience: int = 10
    samples_per_epoch: int | None = None
    val_samples: int | None = None
    time_limit_s: float | None = None
    grad_clip: float | None = 5.0
    lr_decay: float = 0.5  # factor applied when validation stalls for patience // 2 epochs
    device: str | None = None
    seed: int | None = None
    progress: bool | None = None  # None: a progress bar only in an interactive terminal
    accelerator: str | None = None  # None: from ``device`` ("gpu" for CUDA, else "cpu")
    devices: int | str | list[int] | None = None  # None: the one ``device``
    strategy: str = "auto"  # e.g. "ddp" for several GPUs or nodes
    precision: str | None = None  # None: "bf16-mixed" on GPUs, "32-true" on the CPU
    deterministic: bool | str = (
        "warn"  # Lightning's switch: deterministic algorithms, warnings where none exist
    )

    def resolved_batch_size(self, device: torch.device) -> int:
        """The batch size to use on ``device``."""
        if self.batch_size is not None:
            return int(self.batch_size)
        return 512 if device.type == "cuda" else 64

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able settings (for model cards)."""
        return asdict(self)


@dataclass
class TrainResult:
    """What happened during training: per-epoch history, the best epoch and why it stopped."""

    best_epoch: int
    best_val_loss: float
    epochs: int
    seconds: float
    device: str
    stopped: str  # "early", "max_epochs" or "time_limit"
    samples_seen: int
    history: list[dict[str, float]] = field(default_factory=list)

    @property
    def samples_per_second(self) -> float:
        """Training samples (origins) processed per second, validation included in the time."""
        return self.samples_seen / self.seconds if self.seconds > 0 else float("nan")


def select_device(device: str | torch.device | None = None) -> torch.device:
    """``device`` if given, else CUDA when present (and not forced off by CIVIC_DEVICE=cpu), else the CPU.

    Example:
        >>> select_device("cpu").type
        'cpu'
    """
    if device is not None:
        return torch.device(device)
    return torch.device(torch_device())


def autocast(device: torch.device) -> contextlib.AbstractContextManager:
    """bfloat16 autocast on CUDA; a no-op on the CPU (float32 there).

    Example:
        >>> with autocast(torch.device("cpu")):
        ...     (torch.ones(2) * 2).dtype
        torch.float32
    """
    if device.type == "cuda":
        return torch.autocast(device_type="cuda", dtype=torch.bfloat16)
    return contextlib.nullcontext()


def to_device(tensor: torch.Tensor, device: torch.device) -> torch.Tensor:
    """Move a tensor to ``device``; host tensors bound for CUDA go through pinned memory, asynchronously.

    Example:
        >>> to_device(torch.ones(2), torch.device("cpu")).device.type
        'cpu'
    """
    if tensor.device == device:
        return tensor
    if device.type == "cuda" and tensor.device.type == "cpu":
        return tensor.pin_memory().to(device, non_blocking=True)
    return tensor.to(device)


@contextlib.contextmanager
def cpu_threads_for(rows: int, device: torch.device, *, small: int = 50_000) -> Iterator[None]:
    """Run small CPU work on one thread: torch's intra-op threads cost more than they save below ``small`` rows.

    A whole-network forecast (one origin, a few hundred sensors) is such work; on a busy machine
    the thread hand-offs alone multiply its latency. The previous thread count is restored.
    """
    if device.type != "cpu" or rows >= small or torch.get_num_threads() == 1:
        yield
        return
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def masked_mae_loss(pred: torch.Tensor, target: torch.Tensor, null_value: float | None = 0.0) -> torch.Tensor:
    """Mean absolute error over targets that are not NaN (nor ``null_value``), computed in float32.

    Example:
        >>> float(masked_mae_loss(torch.tensor([1.0, 5.0, 2.0]), torch.tensor([2.0, float("nan"), 0.0])))
        1.0
    """
    pred, target = pred.float(), target.float()
    mask = ~torch.isnan(target)
    if null_value is not None:
        mask &= target != null_value
    if not bool(mask.any()):
        return (pred * 0.0).sum()
    return (pred[mask] - target[mask]).abs().mean()


def _batches(origins: np.ndarray, batch_size: int) -> Iterator[np.ndarray]:
    for start in range(0, len(origins), batch_size):
        yield origins[start : start + batch_size]


def _show_progress(flag: bool | None) -> bool:
    return bool(flag) if flag is not None else sys.stderr.isatty()


def evaluate_loss(
    forward: Callable[..., torch.Tensor],
    batch_fn: BatchFn,
    origins: np.ndarray,
    batch_size: int,
    device: torch.device,
    loss_fn: LossFn = masked_mae_loss,
) -> float:
    """Mean loss over ``origins`` (weighted by batch size), without gradients."""
    total, count = 0.0, 0
    with torch.no_grad():
        for idx in _batches(np.asarray(origins), batch_size):
            inputs, target = batch_fn(idx)
            inputs = {k: to_device(v, device) for k, v in inputs.items()}
            with autocast(device):
                pred = forward(**inputs)
            loss = loss_fn(pred.float(), to_device(target, device))
            total += float(loss) * len(idx)
            count += len(idx)
    return total / count if count else float("nan")


def _placement(config: TrainConfig) -> tuple[torch.device, dict[str, Any]]:
    """The device of the first replica and the Trainer's accelerator, devices, strategy and precision."""
    device = select_device(config.device)
    accelerator = config.accelerator or ("gpu" if device.type == "cuda" else device.type)
    if config.devices is not None:
        devices: Any = config.devices
    elif device.type == "cuda" and device.index is not None:
        devices = [device.index]
    else:
        devices = 1
    on_gpu = accelerator in ("gpu", "cuda")
    precision = config.precision or ("bf16-mixed" if on_gpu else "32-true")
    return device, {
        "accelerator": accelerator,
        "devices": devices,
        "strategy": config.strategy,
        "precision": precision,
    }


@contextlib.contextmanager
def quiet_lightning() -> Iterator[None]:
    """Silence Lightning's banners, tips and data-loader advice for the duration (errors still show)."""
    import lightning.pytorch  # noqa: F401  (its first import sets its loggers' levels, which we then lower)

    names = ("lightning", "lightning.pytorch", "lightning.fabric", "pytorch_lightning", "pytorch_forecasting")
    loggers = [logging.getLogger(n) for n in names]
    before = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            for module in ("lightning", "pytorch_lightning", "pytorch_forecasting"):
                warnings.filterwarnings("ignore", module=module)
            warnings.filterwarnings("ignore", message=".*does not have many workers.*")
            yield
    finally:
        for lg, level in zip(loggers, before, strict=True):
            lg.setLevel(level)


@contextlib.contextmanager
def restored_torch_flags() -> Iterator[None]:
    """Undo the global switches a deterministic Trainer sets (deterministic algorithms, cuDNN benchmark)."""
    deterministic = torch.are_deterministic_algorithms_enabled()
    warn_only = torch.is_deterministic_algorithms_warn_only_enabled()
    benchmark = torch.backends.cudnn.benchmark
    try:
        yield
    finally:
        torch.use_deterministic_algorithms(deterministic, warn_only=warn_only)
        torch.backends.cudnn.benchmark = benchmark


class _Origins(torch.utils.data.Dataset):
    """Origins as a map-style dataset: position -> origin; a batch of positions is fetched at once."""

    def __init__(self, origins: np.ndarray) -> None:
        self.origins = origins

    def __len__(self) -> int:
        return len(self.origins)

    def __getitem__(self, i: int) -> int:
        return int(self.origins[i])

    def __getitems__(self, positions: list[int]) -> np.ndarray:
        return self.origins[np.asarray(positions, dtype=np.int64)]


class _EpochOrder(torch.utils.data.Sampler):
    """A fresh permutation of the training positions per epoch from one seeded numpy stream, cut to ``limit``."""

    def __init__(self, n: int, draw: np.random.Generator, limit: int | None) -> None:
        self.n, self.draw, self.limit = n, draw, limit

    def __len__(self) -> int:
        return self.n if self.limit is None else min(self.n, self.limit)

    def __iter__(self) -> Iterator[int]:
        order = self.draw.permutation(self.n)[: len(self)]
        return iter(order.tolist())


def _loader(
    origins: np.ndarray, batch_fn: BatchFn, batch_size: int, sampler: torch.utils.data.Sampler | None = None
) -> torch.utils.data.DataLoader:
    """Batches of origins through ``batch_fn``; a private generator keeps torch's global stream untouched."""

    def collate(idx: np.ndarray) -> tuple[dict[str, torch.Tensor], torch.Tensor, int]:
        inputs, target = batch_fn(idx)
        return inputs, target, len(idx)

    return torch.utils.data.DataLoader(
        _Origins(origins),
        batch_size=batch_size,
        sampler=sampler,
        shuffle=False,
        collate_fn=collate,
        num_workers=0,
        generator=torch.Generator(),
    )


@functools.cache
def _lightning() -> SimpleNamespace:
    """Lightning's parts of the loop, built on first use (``lightning.pytorch`` takes seconds to import)."""
    import lightning.pytorch as pl
    from lightning.fabric.plugins import CheckpointIO

    class MemoryCheckpointIO(CheckpointIO):
        """Lightning checkpoint I/O that keeps checkpoints in memory: weights and epoch, no files, no pickle."""

        def __init__(self) -> None:
            self.saved: dict[str, dict[str, Any]] = {}

        def save_checkpoint(self, checkpoint: dict[str, Any], path: Any, storage_options: Any = None) -> None:
            self.saved[str(path)] = {
                "epoch": int(checkpoint["epoch"]),
                "state_dict": {k: v.detach().clone() for k, v in checkpoint["state_dict"].items()},
            }

        def load_checkpoint(self, path: Any, map_location: Any = None, weights_only: Any = None) -> dict:
            return self.saved[str(path)]

        def remove_checkpoint(self, path: Any) -> None:
            self.saved.pop(str(path), None)

    class BestWeights(pl.Callback):
        """Lightning's ModelCheckpoint on ``val_loss`` (top 1, in memory); the best weights are loaded at the end.

        Pass :attr:`io` to the Trainer's ``plugins`` and this callback plus :attr:`checkpoint` to its
        ``callbacks``. After ``fit``, :attr:`best_epoch` is the 1-based epoch restored (0: none).
        """

        def __init__(self, dirpath: str) -> None:
            self.io = MemoryCheckpointIO()
            self.checkpoint = pl.callbacks.ModelCheckpoint(
                dirpath=dirpath,
                filename="best-{epoch}",
                monitor="val_loss",
                mode="min",
                save_top_k=1,
                save_weights_only=True,
                enable_version_counter=False,
            )
            self.best_epoch = 0

        def on_train_end(self, trainer: Any, module: Any) -> None:
            saved = self.io.saved.get(self.checkpoint.best_model_path) if trainer.is_global_zero else None
            saved = trainer.strategy.broadcast(saved, src=0)  # every replica ends on the same weights
            if saved is not None:
                module.load_state_dict(saved["state_dict"])
                self.best_epoch = saved["epoch"] + 1

    class EpochBar(pl.Callback):
        """One tqdm bar on stderr, one step per epoch, with the last losses."""

        def __init__(self, total: int) -> None:
            self.total, self.bar = total, None

        def on_train_start(self, trainer: Any, module: Any) -> None:
            from tqdm.auto import tqdm

            self.bar = tqdm(total=self.total, desc="training", unit="epoch", leave=False, file=sys.stderr)

        def on_train_epoch_end(self, trainer: Any, module: Any) -> None:
            if self.bar is not None and module.history:
                last = module.history[-1]
                self.bar.update(1)
                self.bar.set_postfix(train=f"{last['train_loss']:.3f}", val=f"{last['val_loss']:.3f}")

        def on_train_end(self, trainer: Any, module: Any) -> None:
            if self.bar is not None:
                self.bar.close()

    class TorchTask(pl.LightningModule):
        """The LightningModule around a plain network: ``forward(**inputs)``, a loss, AdamW and plateau decay."""

        def __init__(
            self,
            model: torch.nn.Module,
            forward: Callable[..., torch.Tensor],
            loss_fn: LossFn,
            config: TrainConfig,
            has_val: bool,
        ) -> None:
            super().__init__()
            self.model = model
            # a tuple, so that a forward which is the model itself is not registered as a second submodule
            self._fns = (forward, loss_fn)
            self.config, self.has_val = config, has_val
            self.history: list[dict[str, float]] = []
            self._train = [0.0, 0]
            self._val = [0.0, 0]
            self._epoch_started = self._train_seconds = 0.0

        def configure_optimizers(self) -> dict[str, Any]:
            cfg = self.config
            optimiser = torch.optim.AdamW(
                self.model.parameters(), lr=cfg.learning_rate, weight_decay=cfg.weight_decay
            )
            scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(
                optimiser, factor=cfg.lr_decay, patience=max(1, cfg.patience // 2)
            )
            return {
                "optimizer": optimiser,
                "lr_scheduler": {"scheduler": scheduler, "monitor": "val_loss", "interval": "epoch"},
            }

        def transfer_batch_to_device(self, batch: Any, device: torch.device, dataloader_idx: int) -> Any:
            inputs, target, n = batch
            inputs = {k: to_device(v, device) for k, v in inputs.items()}
            return inputs, to_device(target, device), n

        def _loss(self, batch: Any) -> tuple[torch.Tensor, int]:
            inputs, target, n = batch
            forward, loss_fn = self._fns
            return loss_fn(forward(**inputs).float(), target), n

        def on_train_epoch_start(self) -> None:
            self._train = [0.0, 0]
            self._epoch_started = time.perf_counter()

        def training_step(self, batch: Any, batch_idx: int) -> torch.Tensor:
            loss, n = self._loss(batch)
            self._train[0] += float(loss.detach()) * n
            self._train[1] += n
            return loss

        def _end_of_training_part(self) -> None:
            if self.device.type == "cuda":
                torch.cuda.synchronize(self.device)
            self._train_seconds = time.perf_counter() - self._epoch_started

        def on_validation_epoch_start(self) -> None:
            self._end_of_training_part()
            self._val = [0.0, 0]

        def validation_step(self, batch: Any, batch_idx: int) -> None:
            loss, n = self._loss(batch)
            self._val[0] += float(loss) * n
            self._val[1] += n

        def _summed(self, pair: list[float]) -> tuple[float, int]:
            total = self.trainer.strategy.reduce(
                torch.tensor(pair, dtype=torch.float64, device=self.device), reduce_op="sum"
            )
            return float(total[0]), int(total[1])

        def _record(self, val_loss: float | None) -> None:
            running, seen = self._summed(self._train)
            train_loss = running / max(seen, 1)
            if val_loss is None:  # no validation origins: the training loss stands in, as before
                val_loss = train_loss
            self.history.append(
                {
                    "epoch": len(self.history) + 1,
                    "train_loss": train_loss,
                    "val_loss": val_loss,
                    "train_seconds": self._train_seconds,
                    "samples": seen,
                }
            )
            # float64, so early stopping, the checkpoint and the plateau decay compare the numbers in history
            value = torch.tensor(val_loss, dtype=torch.float64, device=self.device)
            self.log("val_loss", value, batch_size=1, prog_bar=True)

        def on_validation_epoch_end(self) -> None:
            if self.trainer.sanity_checking:
                return
            total, count = self._summed(self._val)
            self._record(total / count if count else float("nan"))

        def on_train_epoch_end(self) -> None:
            if not self.has_val:
                self._end_of_training_part()
                self._record(None)

    return SimpleNamespace(pl=pl, TorchTask=TorchTask, BestWeights=BestWeights, EpochBar=EpochBar)


def best_weights_callback(dirpath: str) -> Any:
    """A Lightning callback that keeps the best ``val_loss`` weights through ModelCheckpoint and restores them.

    Use its ``io`` as a Trainer plugin and both it and its ``checkpoint`` as callbacks (see
    :func:`fit_torch`); checkpoints stay in memory (``dirpath`` only names them), never on disk.
    """
    return _lightning().BestWeights(dirpath)


def fit_torch(
    model: torch.nn.Module,
    forward: Callable[..., torch.Tensor],
    batch_fn: BatchFn,
    train_origins: np.ndarray,
    val_origins: np.ndarray,
    config: TrainConfig,
    loss_fn: LossFn = masked_mae_loss,
) -> TrainResult:
    """Train ``model`` with AdamW through a Lightning Trainer; return the history. The best validation weights are restored.

    ``forward(**inputs)`` computes the prediction (usually ``model`` itself; a wrapper may add
    de-normalisation). ``batch_fn(origins)`` returns ``(inputs, target)`` for a batch of origins.
    Lightning runs the epochs: early stopping on the validation loss (``patience`` epochs without
    an improvement of 1e-6), ModelCheckpoint keeping the best weights (in memory), a plateau
    learning-rate decay, gradient clipping, bf16 autocast on CUDA, and ``config.accelerator`` /
    ``devices`` / ``strategy`` for several GPUs or nodes. Reproducible for a given ``config.seed`` on
    the CPU. The model is left on the training device, in eval mode.
    """
    seed = seed_everything(config.seed)
    device, placement = _placement(config)
    batch_size = config.resolved_batch_size(device)
    draw = rng(seed)
    train_origins = np.asarray(train_origins, dtype=np.int64)
    val_origins = np.asarray(val_origins, dtype=np.int64)
    if config.val_samples is not None and len(val_origins) > config.val_samples:
        val_origins = np.sort(draw.choice(val_origins, size=config.val_samples, replace=False))
    has_val = len(val_origins) > 0
    started = time.perf_counter()
    with quiet_lightning(), restored_torch_flags(), tempfile.TemporaryDirectory() as tmp:
        lit = _lightning()
        pl = lit.pl
        task = lit.TorchTask(model, forward, loss_fn, config, has_val)
        best = lit.BestWeights(tmp)
        stopper = pl.callbacks.EarlyStopping(
            monitor="val_loss", mode="min", patience=config.patience, min_delta=1e-6, check_finite=False
        )
        callbacks: list[Any] = [best, best.checkpoint, stopper]
        timer = None
        if config.time_limit_s is not None:  # checked after each epoch (at least one runs), like the patience
            limit = datetime.timedelta(seconds=max(config.time_limit_s, 1e-6))
            timer = pl.callbacks.Timer(limit, interval="epoch", verbose=False)
            callbacks.append(timer)
        if _show_progress(config.progress):
            callbacks.append(lit.EpochBar(config.max_epochs))
        trainer = pl.Trainer(
            **placement,
            max_epochs=config.max_epochs,
            gradient_clip_val=config.grad_clip or None,
            deterministic=config.deterministic,
            callbacks=callbacks,
            plugins=[best.io],
            default_root_dir=tmp,
            logger=False,
            enable_progress_bar=False,
            enable_model_summary=False,
            num_sanity_val_steps=0,
        )
        order = _EpochOrder(len(train_origins), draw, config.samples_per_epoch)
        train_loader = _loader(train_origins, batch_fn, batch_size, order)
        val_loader = _loader(val_origins, batch_fn, batch_size) if has_val else None
        trainer.fit(task, train_dataloaders=train_loader, val_dataloaders=val_loader)
    history = task.history
    if stopper.stopped_epoch > 0:
        stopped = "early"
    elif timer is not None and (timer.time_remaining() or 0.0) <= 0:
        stopped = "time_limit"
    else:
        stopped = "max_epochs"
    model.to(device)  # Lightning's teardown leaves the module on the CPU
    model.eval()
    best_epoch = best.best_epoch
    return TrainResult(
        best_epoch=best_epoch,
        best_val_loss=history[best_epoch - 1]["val_loss"] if best_epoch else math.inf,
        epochs=len(history),
        seconds=time.perf_counter() - started,
        device=str(device),
        stopped=stopped,
        samples_seen=int(sum(h["samples"] for h in history)),
        history=history,
    )


def predict_torch(
    forward: Callable[..., torch.Tensor],
    batch_fn: BatchFn,
    origins: np.ndarray,
    batch_size: int,
    device: torch.device,
) -> np.ndarray:
    """Run ``forward`` over ``origins`` in batches and return float32 numpy predictions, concatenated.

    Example:
        >>> f = lambda x: x * 2
        >>> predict_torch(f, lambda i: ({"x": torch.as_tensor(i, dtype=torch.float32)}, None), np.arange(3), 2,
        ...               torch.device("cpu")).tolist()
        [0.0, 2.0, 4.0]
    """
    outs = []
    with torch.no_grad():
        for idx in _batches(np.asarray(origins), batch_size):
            inputs, _ = batch_fn(idx)
            inputs = {k: to_device(v, device) for k, v in inputs.items()}
            with autocast(device):
                pred = forward(**inputs)
            outs.append(pred.float().cpu().numpy())
    return np.concatenate(outs, axis=0) if outs else np.zeros((0,), np.float32)
