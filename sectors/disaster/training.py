"""What the disaster sector keeps of a torch training run (the flood LSTM and the typhoon MLP share it)."""

from __future__ import annotations

from shared.forecast.training import TrainResult


def train_summary(result: TrainResult) -> dict[str, float | int | str]:
    """The scalars of a training run worth keeping with the model (epochs, why it stopped, speed, device)."""
    return {
        "epochs": int(result.epochs),
        "best_epoch": int(result.best_epoch),
        "best_val_loss": float(result.best_val_loss),
        "stopped": str(result.stopped),
        "seconds": float(result.seconds),
        "samples_seen": int(result.samples_seen),
        "device": str(result.device),
    }
