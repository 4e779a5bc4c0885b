"""One process of a 2-process Lightning DDP training (CPU, gloo), started by torchrun in test_ddp.py.

Trains the suite's STID-style traffic network through ``fit_torch`` with ``strategy="ddp"`` and
writes what this rank saw (world size, backend, a checksum of the final weights) to ``OUT/rank<R>.json``.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def main(out: str) -> int:
    import torch
    import torch.distributed as dist

    from shared.forecast.base import tiny_panel
    from shared.forecast.stid import STIDForecaster
    from shared.forecast.training import TrainConfig

    panel = tiny_panel()
    config = TrainConfig(
        max_epochs=3,
        batch_size=8,
        patience=10,
        device="cpu",
        accelerator="cpu",
        devices=2,
        strategy="ddp",
        seed=0,
        progress=False,
    )
    model = STIDForecaster(n_in=4, n_out=3, embed_dim=8, layers=1, train=config).fit(
        panel, range(4, 50), range(50, 60)
    )
    weights = torch.cat([p.detach().float().ravel() for p in model.net_.parameters()])
    rank = int(os.environ["RANK"])
    record = {
        "rank": rank,
        "world_size": dist.get_world_size() if dist.is_initialized() else 1,
        "backend": dist.get_backend() if dist.is_initialized() else None,
        "weights_sum": float(weights.double().sum()),
        "weights_abs": float(weights.double().abs().sum()),
        "best_val_loss": float(model.result_.best_val_loss),
        "epochs": int(model.result_.epochs),
        "samples_seen": int(model.result_.samples_seen),
        "forecast_finite": bool(torch.isfinite(torch.as_tensor(model.predict(panel, [60, 61]))).all()),
    }
    Path(out, f"rank{rank}.json").write_text(json.dumps(record))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
