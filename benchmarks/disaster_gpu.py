"""GPU run of the flood LSTM: the CAMELS protocol with a larger network, timed, scored beside persistence.

Reads CAMELS basins from ``--data`` when given (a CAMELS folder or a data root holding
disaster/camels), else simulates 15 basins over 1993-10..2013-09 with the suite's seeded generator
(scores on simulated basins are a smoke test, not a result). Prints the device, the training time,
the forecasts trained per second and the scores of the LSTM and of persistence.

Usage: python benchmarks/disaster_gpu.py [--data DIR] [--tiny]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pandas as pd

from sectors.disaster import (
    LSTMFlood,
    PersistenceFlood,
    load_camels,
    protocol_for,
    score_flood,
    synthetic_camels,
)
from shared.data import locate
from shared.device import detect_device
from shared.errors import DataError


def basins(data: str | None, tiny: bool):
    """The CAMELS basins to train on, and where they came from."""
    if tiny:
        return synthetic_camels(2, start="2000-10-01", end="2004-09-30", seed=0), "synthetic (tiny)"
    if data:
        try:
            folder, _ = locate("disaster/camels", data)
            return load_camels(folder), str(folder)
        except DataError:
            return load_camels(Path(data)), data
    return synthetic_camels(15, start="1993-10-01", end="2013-09-30", seed=0), "synthetic, 15 basins"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", default=None)
    parser.add_argument(
        "--tiny", action="store_true", help="a seconds-long check of the script on any machine"
    )
    parser.add_argument("--time-limit", type=float, default=200.0, help="seconds of LSTM training at most")
    args = parser.parse_args()
    ds, origin = basins(args.data, args.tiny)
    protocol, note = protocol_for(ds)
    device = detect_device()
    settings = (
        dict(hidden=8, epochs=1, spin_up=60, predict_last=60, device="cpu")
        if args.tiny
        else dict(hidden=256, epochs=200, patience=20, batch_size=256, time_limit_s=args.time_limit)
    )
    if not args.tiny:
        # 4x the CPU default of chunks per epoch: the GPU takes far more work per step.
        days = int(ds.sizes["time"])
        settings["chunks_per_epoch"] = 4 * max(1, ds.sizes["basin"] * days // 365 // 2)
    print(f"device: {device}; data: {origin}; {ds.sizes['basin']} basins; {note}")
    start = time.perf_counter()
    lstm = LSTMFlood(protocol, seed=0, **settings).fit(ds)
    seconds = time.perf_counter() - start
    result = lstm.train_summary_
    forecasts_trained = result["samples_seen"] * lstm.predict_last
    print(
        f"LSTM hidden {lstm.hidden}: {seconds:.1f} s total, {result['epochs']} epochs ({result['stopped']}), "
        f"{result['seconds'] / max(result['epochs'], 1):.2f} s/epoch, {forecasts_trained / result['seconds']:,.0f} forecasts/s, "
        f"on {result['device']}"
    )
    rows = []
    for model in (PersistenceFlood(protocol).fit(ds), lstm):
        s = score_flood(model.predict(ds), ds, protocol.test).summary
        rows.append(
            {
                "model": model.name,
                **{
                    k: round(s[k], 3)
                    for k in ("nse_lead1", "nse_lead3", "kge_lead1", "bss_lead1", "bss_lead3", "csi_lead1")
                },
            }
        )
    print(pd.DataFrame(rows).set_index("model").to_string())


if __name__ == "__main__":
    main()
