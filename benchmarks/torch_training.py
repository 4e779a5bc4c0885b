"""Our three networks on tiny seeded data: what ``shared.forecast.training.fit_torch`` learns, and how fast.

Run: ``python benchmarks/torch_training.py [--repeats 1]``

One seeded training each, on the CPU and on one torch thread: the STID-style traffic net on the
6-series synthetic panel of ``tests/shared/forecast/test_models.py``, the flood LSTM on three
synthetic CAMELS basins, and the typhoon MLP on the bundled JTWC slice. Prints, per network, the
epochs run, the best epoch, the best validation loss, a test error and the seconds of the
whole run, data preparation included (median over ``--repeats``). Run it before and after a change of the training loop: the losses
must stay within noise (they are identical when the loop draws and steps the same way).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import torch
from tqdm.auto import tqdm


def _panel() -> Any:
    from shared.forecast.panel import SeriesPanel

    g = np.random.default_rng(7)
    t = pd.date_range("2024-03-04", periods=4 * 288, freq="5min")
    slot = np.arange(len(t)) % 288
    daily = 55 - 20 * np.exp(-0.5 * ((slot - 96) / 12.0) ** 2)
    ar = np.zeros((len(t), 6))
    for i in range(1, len(t)):
        ar[i] = 0.97 * ar[i - 1] + g.normal(0, 1.0, 6)
    values = daily[:, None] + np.linspace(0, 5, 6)[None, :] + ar
    return SeriesPanel(values, t, [f"s{i}" for i in range(6)], adjacency=np.eye(6) + np.eye(6, k=1))


def _history(model: Any) -> list[dict[str, float]]:
    """The per-epoch history a disaster model keeps (``history_`` on the contract, ``train_result_`` before)."""
    history = getattr(model, "history_", None)
    return history if history is not None else model.train_result_.history


def stid() -> dict[str, Any]:
    """STID-style net, 25 epochs on 4 days x 6 series; test error: MAE at the 12th step."""
    from shared.forecast.splits import chronological_split
    from shared.forecast.stid import STIDForecaster
    from shared.forecast.training import TrainConfig
    from shared.forecast.windows import target_windows

    panel = _panel()
    split = chronological_split(panel.n_time)
    cfg = TrainConfig(max_epochs=25, patience=25, batch_size=16, learning_rate=5e-3, seed=0, device="cpu")
    net = STIDForecaster(embed_dim=8, train=cfg).fit(panel, split.train, split.val)
    truth = target_windows(panel.values, 12, split.test)
    test = float(np.abs(net.predict(panel, split.test)[:, 11] - truth[:, 11]).mean())
    return {"history": net.result_.history, "test": test, "test_name": "MAE@12"}


def flood_lstm() -> dict[str, Any]:
    """Flood LSTM, 6 epochs on 3 synthetic basins; test error: the last validation loss."""
    from sectors.disaster import SAMPLE_PROTOCOL, LSTMFlood, synthetic_camels

    ds = synthetic_camels(3, seed=7)
    model = LSTMFlood(SAMPLE_PROTOCOL, hidden=8, epochs=6, spin_up=60, predict_last=60, device="cpu", seed=0)
    model.fit(ds)
    history = _history(model)
    return {"history": history, "test": history[-1]["val_loss"], "test_name": "last val"}


def typhoon_mlp() -> dict[str, Any]:
    """Typhoon MLP, 40 epochs on the bundled 2011-2017 tracks; test error: 72 h track error (km), 2018-2021."""
    from sectors.disaster import (
        MLPTrack,
        clean_tracks,
        load_tracks,
        split_by_year,
        track_errors,
        track_samples,
    )
    from sectors.disaster.data import typhoon_folder

    tracks = clean_tracks(load_tracks(typhoon_folder()[0]))
    parts = split_by_year(track_samples(tracks), (2011, 2014), (2015, 2017), (2018, 2021))
    model = MLPTrack(hidden=32, epochs=40, device="cpu", seed=0).fit(parts["train"], parts["valid"])
    # the wide frame of targets (on the model contract, predict gives the track schema instead)
    wide = getattr(model, "predict_wide", model.predict)
    errors = track_errors(parts["test"], wide(parts["test"])).set_index("lead_h")
    return {"history": _history(model), "test": float(errors.loc[72, "track_km"]), "test_name": "km@72h"}


NETWORKS: dict[str, Callable[[], dict[str, Any]]] = {
    "traffic STID": stid,
    "flood LSTM": flood_lstm,
    "typhoon MLP": typhoon_mlp,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(1)
    rows = []
    for name, run in tqdm(
        NETWORKS.items(), desc="networks", file=sys.stderr, disable=not sys.stderr.isatty()
    ):
        runs, seconds = [], []
        for _ in range(args.repeats):
            started = time.perf_counter()
            runs.append(run())
            seconds.append(time.perf_counter() - started)
        history = runs[0]["history"]
        val = [h["val_loss"] for h in history]
        best = int(np.argmin(val))
        rows.append(
            {
                "network": name,
                "epochs": len(history),
                "best_epoch": best + 1,
                "best_val_loss": round(val[best], 5),
                "first_val_loss": round(val[0], 5),
                "test": f"{runs[0]['test']:.4f} ({runs[0]['test_name']})",
                "seconds_median": round(statistics.median(seconds), 2),
            }
        )
    print(pd.DataFrame(rows).to_string(index=False))


if __name__ == "__main__":
    main()
