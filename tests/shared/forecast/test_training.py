import numpy as np
import pandas as pd
import torch

from shared.forecast.batching import PanelBatcher
from shared.forecast.training import TrainConfig, fit_torch, masked_mae_loss, predict_torch, select_device


def _toy():
    t = np.arange(600)
    values = (np.sin(t / 20.0)[:, None] * np.array([1.0, 2.0, 3.0]) + 10).astype(np.float32)
    slot = t % 288
    return values, slot


class Linear(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = torch.nn.Linear(6, 2)

    def forward(self, x, slot, dow):
        return self.lin(x.transpose(1, 2)).transpose(1, 2)


def _fit(seed, epochs=3):
    values, slot = _toy()
    batcher = PanelBatcher(values, values, slot=slot, dow=np.zeros(600, int), n_in=6, n_out=2)
    torch.manual_seed(0)
    model = Linear()
    cfg = TrainConfig(
        max_epochs=epochs, batch_size=32, patience=50, seed=seed, device="cpu", learning_rate=0.01
    )
    res = fit_torch(model, model, batcher, np.arange(6, 400), np.arange(400, 500), cfg)
    return model, res, batcher


def test_training_is_seeded_and_learns():
    m1, r1, b = _fit(1)
    m2, r2, _ = _fit(1)

    # train_seconds is wall-clock time and differs run to run; everything learned must not.
    def learned(history):
        return [{k: v for k, v in h.items() if k != "train_seconds"} for h in history]

    assert learned(r1.history) == learned(r2.history)
    assert r1.history[-1]["val_loss"] < r1.history[0]["val_loss"]
    for a, c in zip(m1.state_dict().values(), m2.state_dict().values(), strict=True):
        assert torch.equal(a, c)
    pred = predict_torch(m1, b, np.arange(500, 590), 16, torch.device("cpu"))
    assert pred.shape == (90, 2, 3)
    assert r1.device == "cpu" and r1.samples_seen == 3 * 394


def test_early_stopping_restores_the_best_epoch():
    _, res, _ = _fit(2, epochs=12)
    best = min(h["val_loss"] for h in res.history)
    assert res.best_val_loss == best
    assert res.history[res.best_epoch - 1]["val_loss"] == best


def test_samples_per_epoch_bounds_an_epoch():
    values, slot = _toy()
    batcher = PanelBatcher(values, values, slot=slot, dow=np.zeros(600, int), n_in=6, n_out=2)
    model = Linear()
    cfg = TrainConfig(max_epochs=2, batch_size=10, samples_per_epoch=50, device="cpu")
    res = fit_torch(model, model, batcher, np.arange(6, 400), np.arange(400, 420), cfg)
    assert res.samples_seen == 100


def test_masked_loss_ignores_missing_and_cpu_is_float32():
    assert float(masked_mae_loss(torch.tensor([1.0, 2.0]), torch.tensor([0.0, 3.0]))) == 1.0
    assert select_device("cpu").type == "cpu"
    assert select_device().type == "cpu"  # conftest sets CIVIC_DEVICE=cpu


def test_batcher_shares_memory_and_adds_yesterday():
    values = np.arange(2000, dtype=np.float32).reshape(1000, 2)
    slot = np.asarray(pd.date_range("2024-01-01", periods=1000, freq="5min").hour)
    b = PanelBatcher(values, values, slot=slot, dow=np.zeros(1000, int), n_in=3, n_out=2, daily_lag=288)
    assert b.x.data_ptr() == values.__array_interface__["data"][0]
    inputs, target = b(np.array([400]))
    assert inputs["x_daily"][0, :, 0].tolist() == values[109:114, 0].tolist()
    assert b.min_history == 291
    _, none = b(np.array([999]))
    assert none is None


def _constant_fit(**overrides):
    """A model whose prediction never changes: the validation loss cannot improve after the first epoch."""
    values, slot = _toy()
    batcher = PanelBatcher(values, values, slot=slot, dow=np.zeros(600, int), n_in=6, n_out=2)
    model = Linear()

    def forward(x, slot, dow):
        return model(x, slot, dow) * 0.0 + 10.0

    cfg = TrainConfig(
        **{"max_epochs": 30, "batch_size": 64, "patience": 3, "seed": 0, "device": "cpu", **overrides}
    )
    return fit_torch(model, forward, batcher, np.arange(6, 200), np.arange(400, 450), cfg)


def test_patience_counts_epochs_without_improvement():
    res = _constant_fit()
    assert res.stopped == "early"
    assert res.best_epoch == 1 and res.epochs == 1 + 3
    assert res.best_val_loss == res.history[0]["val_loss"]


def test_time_limit_stops_after_the_epoch_that_crosses_it():
    res = _constant_fit(time_limit_s=0.0, patience=50)
    assert res.stopped == "time_limit" and res.epochs == 1


def test_without_validation_the_training_loss_stands_in():
    values, slot = _toy()
    batcher = PanelBatcher(values, values, slot=slot, dow=np.zeros(600, int), n_in=6, n_out=2)
    model = Linear()
    cfg = TrainConfig(max_epochs=2, batch_size=64, patience=5, seed=0, device="cpu")
    res = fit_torch(model, model, batcher, np.arange(6, 200), np.arange(0), cfg)
    assert [h["val_loss"] for h in res.history] == [h["train_loss"] for h in res.history]
    assert res.best_epoch >= 1


def test_training_runs_in_a_quiet_lightning_trainer(monkeypatch, capfd):
    import lightning.pytorch as pl

    trainers = []
    fit = pl.Trainer.fit

    def spy(self, *args, **kwargs):
        trainers.append(self)
        return fit(self, *args, **kwargs)

    monkeypatch.setattr(pl.Trainer, "fit", spy)
    deterministic_before = torch.are_deterministic_algorithms_enabled()
    res = _constant_fit(patience=1)
    assert len(trainers) == 1
    trainer = trainers[0]
    kinds = {type(c).__name__ for c in trainer.callbacks}
    assert {"EarlyStopping", "ModelCheckpoint"} <= kinds
    assert trainer.precision == "32-true" and trainer.max_epochs == 30
    assert isinstance(trainer.lightning_module.model, Linear)
    assert res.stopped == "early" and trainer.current_epoch == res.epochs
    assert (
        torch.are_deterministic_algorithms_enabled() == deterministic_before
    )  # the global switch is restored
    out, err = capfd.readouterr()
    assert "GPU available" not in out + err and "Tip" not in out + err


def test_train_config_carries_the_trainer_placement():
    from shared.forecast.training import _placement

    device, placement = _placement(TrainConfig(device="cpu"))
    assert device.type == "cpu"
    assert placement == {"accelerator": "cpu", "devices": 1, "strategy": "auto", "precision": "32-true"}
    _, gpu = _placement(TrainConfig(device="cuda:1"))
    assert gpu == {"accelerator": "gpu", "devices": [1], "strategy": "auto", "precision": "bf16-mixed"}
    _, ddp = _placement(TrainConfig(device="cuda", devices=4, strategy="ddp", precision="32-true"))
    assert ddp == {"accelerator": "gpu", "devices": 4, "strategy": "ddp", "precision": "32-true"}
    cfg = TrainConfig(devices=[0, 1], strategy="ddp", accelerator="gpu")
    assert cfg.to_dict()["strategy"] == "ddp" and cfg.to_dict()["devices"] == [0, 1]
