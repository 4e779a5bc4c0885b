"""Memory at scale: a synthetic network of 2,000 sensors x 1 year at 5 minutes trains one epoch on the CPU.

Run: ``python benchmarks/traffic_memory.py [--sensors 2000] [--days 365] [--windows N]``

The series (105,120 steps x 2,000 sensors, float32) is 841 MB. Its 12-in / 12-out training windows
are strided views: materialised they would take 24 values per step of the training part (12 in + 12
out per window), 17x the whole series; as views they take nothing. By default one epoch is a full
pass over every training window (~73,300 windows, each carrying all 2,000 sensors: about 25 minutes
on two cores); ``--windows N`` draws N windows at random instead, for a quick look. Validation scores
a fixed subset of 128 windows. Prints the time, the peak resident memory (ru_maxrss) and the sizes
involved.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import torch

from sectors.traffic.synthetic import synthetic_network
from shared.forecast.panel import SeriesPanel
from shared.forecast.splits import chronological_split
from shared.forecast.stid import STIDForecaster
from shared.forecast.training import TrainConfig
from shared.forecast.windows import input_windows, target_windows, window_nbytes
from shared.scale import peak_rss_mib


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sensors", type=int, default=2000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument(
        "--windows", type=int, default=0, help="training windows per epoch (0: all of them, a full epoch)"
    )
    parser.add_argument("--batch", type=int, default=16, help="windows per batch")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    steps = args.days * 288
    print(f"torch threads: {torch.get_num_threads()}; start: peak RSS {peak_rss_mib():.0f} MiB")
    t0 = time.perf_counter()
    ds = synthetic_network(args.sensors, steps, seed=args.seed)
    panel = SeriesPanel.from_dataarray(ds.speed, missing_value=0.0, adjacency=ds.adjacency.to_numpy())
    del ds
    print(
        f"generated {steps:,} steps x {args.sensors:,} sensors ({panel.values.nbytes / 2**20:.0f} MiB float32) "
        f"in {time.perf_counter() - t0:.1f} s; peak RSS {peak_rss_mib():.0f} MiB"
    )
    split = chronological_split(panel.n_time, min_history=288 + 12)
    x = input_windows(panel.values, 12, split.train)
    y = target_windows(panel.values, 12, split.train)
    assert np.shares_memory(x, panel.values) and np.shares_memory(y, panel.values)
    copied = window_nbytes(len(split.train), 12, 12, args.sensors)
    print(
        f"training windows: {len(split.train):,}; as views they add 0 bytes (share memory with the series); "
        f"copied they would take {copied / 2**30:.1f} GiB ({copied / panel.values.nbytes:.0f}x the series)"
    )
    model = STIDForecaster(
        embed_dim=16,
        train=TrainConfig(
            max_epochs=1,
            batch_size=args.batch,
            samples_per_epoch=args.windows or None,
            val_samples=128,
            device="cpu",
            seed=args.seed,
        ),
    )
    t1 = time.perf_counter()
    c1 = time.process_time()
    model.fit(panel, split.train, split.val)
    wall, cpu = time.perf_counter() - t1, time.process_time() - c1
    hist = model.result_.history[0]
    rows = hist["samples"] * args.sensors
    print(
        f"one epoch of {hist['samples']:,} windows x {args.sensors:,} sensors ({rows:,} series-windows), "
        f"batch {args.batch} windows: train {hist['train_seconds']:.1f} s, with validation {wall:.1f} s wall "
        f"({cpu:.1f} s CPU), {rows / hist['train_seconds']:,.0f} series-windows/s; val MAE {hist['val_loss']:.2f} mph"
    )
    print(f"peak RSS: {peak_rss_mib():.0f} MiB (series alone {panel.values.nbytes / 2**20:.0f} MiB)")


if __name__ == "__main__":
    main()
