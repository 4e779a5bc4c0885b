"""GPU throughput: our network vs pytorch-forecasting N-HiTS on a METR-LA-sized synthetic network.

Run on a CUDA machine through ``bash benchmarks/gpu_traffic.sh`` (under 5 minutes), or
``python benchmarks/traffic_gpu.py --tiny`` anywhere to check that the script works (a few hundred
steps, CPU is fine).

Both models train on the same training windows (34,272 steps x 207 sensors, 12 in, 12 out, 70% for
training) at the same batch size counted in series-windows (one sensor's 12-in / 12-out window):
ours takes ``--windows-per-batch`` windows of all 207 sensors per step, N-HiTS takes that many x 207
single-sensor samples. Ours runs full epochs; N-HiTS runs ``--nhits-batches`` batches per epoch (a
full N-HiTS epoch through pytorch-forecasting's loader would not fit the 5-minute budget), and its
full-epoch time is extrapolated from its measured throughput. Prints the device, epoch time
(training only) and series-windows per second for each. On CUDA ours uses bf16 autocast with the series resident on the
GPU; N-HiTS uses Lightning's bf16-mixed precision and pytorch-forecasting's data loader.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import torch

from sectors.traffic.synthetic import synthetic_network
from shared.device import detect_device
from shared.forecast.panel import SeriesPanel
from shared.forecast.pf_models import PytorchForecastingModel
from shared.forecast.splits import chronological_split
from shared.forecast.stid import STIDForecaster
from shared.forecast.training import TrainConfig


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=34_272)
    parser.add_argument("--sensors", type=int, default=207)
    parser.add_argument("--windows-per-batch", type=int, default=64)
    parser.add_argument("--epochs", type=int, default=2, help="epochs per model; the last one is reported")
    parser.add_argument("--workers", type=int, default=8, help="data-loader workers for N-HiTS")
    parser.add_argument(
        "--nhits-batches",
        type=int,
        default=60,
        help="N-HiTS batches per epoch (its loader is slow; throughput is per batch)",
    )
    parser.add_argument(
        "--tiny", action="store_true", help="a few hundred steps and sensors: a quick check on CPU"
    )
    parser.add_argument("--skip-nhits", action="store_true")
    args = parser.parse_args()
    if args.tiny:
        args.steps, args.sensors, args.windows_per_batch, args.epochs, args.workers = 900, 12, 8, 1, 0
        args.nhits_batches = 10
    device = detect_device()
    print(f"device: {device}; torch {torch.__version__}")
    ds = synthetic_network(args.sensors, args.steps, seed=0)
    panel = SeriesPanel.from_dataarray(ds.speed, missing_value=0.0, adjacency=ds.adjacency.to_numpy())
    split = chronological_split(panel.n_time, min_history=288 + 12)
    batch_series = args.windows_per_batch * args.sensors
    print(
        f"network: {args.steps:,} steps x {args.sensors} sensors; training windows {len(split.train):,}; "
        f"batch = {batch_series:,} series-windows ({args.windows_per_batch} windows x {args.sensors} sensors)"
    )
    ours = STIDForecaster(
        train=TrainConfig(
            max_epochs=args.epochs,
            patience=args.epochs + 1,
            batch_size=args.windows_per_batch,
            val_samples=256,
            seed=0,
        )
    )
    ours.fit(panel, split.train, split.val)
    last = ours.result_.history[-1]
    rate = last["samples"] * args.sensors / last["train_seconds"]
    print(
        f"civic_stid: epoch {last['train_seconds']:.2f} s (training only), {rate:,.0f} series-windows/s, "
        f"{last['samples'] / last['train_seconds']:,.0f} windows/s, device {ours.result_.device}, "
        f"val MAE {last['val_loss']:.2f}"
    )
    if args.skip_nhits:
        return
    settings = dict(
        max_epochs=args.epochs,
        patience=args.epochs + 1,
        batch_size=batch_series,
        num_workers=args.workers,
        limit_train_batches=args.nhits_batches,
        limit_val_batches=5,
        seed=0,
    )
    t0 = time.perf_counter()
    try:
        nhits = PytorchForecastingModel("nhits", **settings)
        nhits.fit(panel, split.train, split.val)
    except Exception as exc:  # report and retry in float32 rather than lose the comparison
        print(f"nhits with bf16-mixed failed ({type(exc).__name__}: {exc}); retrying in 32-bit precision")
        t0 = time.perf_counter()
        nhits = PytorchForecastingModel("nhits", precision="32-true", **settings)
        nhits.fit(panel, split.train, split.val)
    total = time.perf_counter() - t0
    epoch = nhits.epoch_seconds_[-1] if nhits.epoch_seconds_ else float("nan")
    nhits_rate = nhits.samples_per_epoch_ / epoch
    full_epoch = len(split.train) * args.sensors / nhits_rate
    dev = next(nhits.network_.parameters()).device
    print(
        f"nhits: {nhits.samples_per_epoch_:,} series-windows in {epoch:.2f} s (training only), "
        f"{nhits_rate:,.0f} series-windows/s, device {dev}; a full epoch would take about {full_epoch:.1f} s; "
        f"whole fit incl. dataset building and validation {total:.1f} s"
    )
    print(
        f"same batch size: {batch_series:,} series-windows per step for both; "
        f"civic_stid trains {rate / nhits_rate:.1f}x as many series-windows per second as N-HiTS"
    )
    np.testing.assert_equal(np.isfinite(last["val_loss"]), True)


if __name__ == "__main__":
    main()
