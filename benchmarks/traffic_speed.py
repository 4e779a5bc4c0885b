"""Training time of our traffic network on the 7-day METR-LA slice, and whole-network forecast latency.

Run: ``python benchmarks/traffic_speed.py --data ../shared/data [--repeats 3]``

Prints each run and the medians: seconds to train ``civic_stid`` with the benchmark's settings
(the claim: under 2 minutes on this machine), and milliseconds for one forecast of every sensor for
the next hour through ``TrafficForecaster.predict`` (the claim: under 50 ms), plus the bare network
forward pass. Timings depend on the machine and on what else runs on it; the load average is
printed beside them.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

import numpy as np
import torch

from sectors.traffic import OUR_MODEL, TrafficForecaster
from sectors.traffic.bench import model_settings, resolve_network
from sectors.traffic.forecaster import to_panel
from shared.device import detect_device


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("CIVIC_DATA_DIR", "../shared/data")))
    parser.add_argument("--repeats", type=int, default=3, help="training runs (different seeds)")
    parser.add_argument("--calls", type=int, default=100, help="forecast calls timed")
    args = parser.parse_args()
    ds, described = resolve_network(args.data)
    device = detect_device()
    print(
        f"data: {described}, {ds.sizes['sensor']} sensors x {ds.sizes['time']} steps; device {device}; "
        f"torch threads {torch.get_num_threads()}"
    )
    train_s, cpu_s, maes, fitted = [], [], [], None
    for r in range(args.repeats):
        load = os.getloadavg()[0]
        c0 = time.process_time()
        f = TrafficForecaster(
            OUR_MODEL, seed=r, model_params=model_settings(OUR_MODEL, False, device.kind)
        ).fit(ds)
        cpu = time.process_time() - c0
        mae = float(f.evaluate(ds).loc[12, "mae"])
        res = f.model_.result_
        print(
            f"run {r}: train {f.model_.fit_seconds_:.1f} s wall ({cpu:.1f} s CPU), {res.epochs} epochs "
            f"(best {res.best_epoch}, stopped: {res.stopped}), MAE@12 {mae:.3f}, load average {load:.1f}"
        )
        train_s.append(f.model_.fit_seconds_)
        cpu_s.append(cpu)
        maes.append(mae)
        fitted = f
    panel = to_panel(ds, fitted.variable_)[0]
    history = ds.isel(time=slice(-(fitted.model_.min_history(panel) + 12), None))
    fitted.predict(history)
    calls = []
    for _ in range(args.calls):
        t0 = time.perf_counter()
        fitted.predict(history)
        calls.append((time.perf_counter() - t0) * 1000)
    net = fitted.model_.net_
    hpanel = to_panel(history, fitted.variable_)[0]
    batcher = fitted.model_._batcher(hpanel, torch.device("cpu"))
    inputs, _ = batcher(np.array([hpanel.n_time]))
    forward = []
    with torch.no_grad():
        for _ in range(args.calls):
            t0 = time.perf_counter()
            net(**inputs)
            forward.append((time.perf_counter() - t0) * 1000)
    print()
    print(
        f"median training time: {statistics.median(train_s):.1f} s wall, {statistics.median(cpu_s):.1f} s CPU "
        f"over {args.repeats} runs (claim: < 120 s); median MAE@12 {statistics.median(maes):.3f}"
    )
    print(
        f"median whole-network next-hour forecast: {statistics.median(calls):.2f} ms via TrafficForecaster.predict "
        f"(p90 {np.percentile(calls, 90):.2f} ms), {statistics.median(forward):.2f} ms network forward only, "
        f"over {args.calls} calls (claim: < 50 ms)"
    )


if __name__ == "__main__":
    main()
