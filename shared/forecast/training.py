"""A generic, seeded torch training loop with early stopping, for any model that maps a batch to a forecast.

Device policy (the suite's): CUDA when present, with bfloat16 autocast, pinned host memory and
large batches; the CPU otherwise, in plain float32. ``CIVIC_DEVICE=cpu`` forces the CPU.

The loop knows nothing about windows: it calls ``batch_fn(origins) -> (inputs, target)`` for
each batch of origin indices, runs ``model(**inputs)`` and a loss, and keeps the weights of the
epoch with the best validation loss. :class:`shared.forecast.batching.PanelBatcher` is one such
``batch_fn``.

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
import copy
import math
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
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
    validation origins. ``time_limit_s`` stops after the epoch that crosses it.
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


def fit_torch(
    model: torch.nn.Module,
    forward: Callable[..., torch.Tensor],
    batch_fn: BatchFn,
    train_origins: np.ndarray,
    val_origins: np.ndarray,
    config: TrainConfig,
    loss_fn: LossFn = masked_mae_loss,
) -> TrainResult:
    """Train ``model`` with AdamW; return the history. The best validation weights are restored.

    ``forward(**inputs)`` computes the prediction (usually ``model`` itself; a wrapper may add
    de-normalisation). ``batch_fn(origins)`` returns ``(inputs, target)`` for a batch of origins.
    Reproducible for a given ``config.seed`` on the CPU.
    """
    seed = seed_everything(config.seed)
    device = select_device(config.device)
    model.to(device)
    batch_size = config.resolved_batch_size(device)
    optimiser = torch.optim.AdamW(
        model.parameters(), lr=config.learning_rate, weight_decay=config.weight_decay
    )
    scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(
        optimiser, factor=config.lr_decay, patience=max(1, config.patience // 2)
    )
    draw = rng(seed)
    train_origins = np.asarray(train_origins, dtype=np.int64)
    val_origins = np.asarray(val_origins, dtype=np.int64)
    if config.val_samples is not None and len(val_origins) > config.val_samples:
        val_origins = np.sort(draw.choice(val_origins, size=config.val_samples, replace=False))
    has_val = len(val_origins) > 0
    best_state, best_val, best_epoch = None, math.inf, 0
    history: list[dict[str, float]] = []
    stopped, samples_seen, bad_epochs = "max_epochs", 0, 0
    started = time.perf_counter()
    epochs = range(1, config.max_epochs + 1)
    bar = None
    if _show_progress(config.progress):
        from tqdm.auto import tqdm

        bar = tqdm(total=config.max_epochs, desc="training", unit="epoch", leave=False)
    epoch = 0
    for epoch in epochs:
        model.train()
        epoch_started = time.perf_counter()
        order = draw.permutation(train_origins)
        if config.samples_per_epoch is not None:
            order = order[: config.samples_per_epoch]
        running, seen = 0.0, 0
        for idx in _batches(order, batch_size):
            inputs, target = batch_fn(idx)
            inputs = {k: to_device(v, device) for k, v in inputs.items()}
            target = to_device(target, device)
            with autocast(device):
                pred = forward(**inputs)
            loss = loss_fn(pred.float(), target)
            optimiser.zero_grad(set_to_none=True)
            loss.backward()
            if config.grad_clip:
                torch.nn.utils.clip_grad_norm_(model.parameters(), config.grad_clip)
            optimiser.step()
            running += float(loss.detach()) * len(idx)
            seen += len(idx)
        samples_seen += seen
        if device.type == "cuda":
            torch.cuda.synchronize(device)
        train_seconds = time.perf_counter() - epoch_started
        model.eval()
        train_loss = running / max(seen, 1)
        val_loss = (
            evaluate_loss(forward, batch_fn, val_origins, batch_size, device, loss_fn)
            if has_val
            else train_loss
        )
        scheduler.step(val_loss)
        history.append(
            {
                "epoch": epoch,
                "train_loss": train_loss,
                "val_loss": val_loss,
                "train_seconds": train_seconds,
                "samples": seen,
            }
        )
        if bar is not None:
            bar.update(1)
            bar.set_postfix(train=f"{train_loss:.3f}", val=f"{val_loss:.3f}")
        if val_loss < best_val - 1e-6:
            best_val, best_epoch, bad_epochs = val_loss, epoch, 0
            best_state = copy.deepcopy({k: v.detach().clone() for k, v in model.state_dict().items()})
        else:
            bad_epochs += 1
        if bad_epochs >= config.patience:
            stopped = "early"
            break
        if config.time_limit_s is not None and time.perf_counter() - started > config.time_limit_s:
            stopped = "time_limit"
            break
    if bar is not None:
        bar.close()
    if best_state is not None:
        model.load_state_dict(best_state)
    model.eval()
    return TrainResult(
        best_epoch=best_epoch,
        best_val_loss=best_val,
        epochs=epoch,
        seconds=time.perf_counter() - started,
        device=str(device),
        stopped=stopped,
        samples_seen=samples_seen,
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
