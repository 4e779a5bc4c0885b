"""Our torch networks train with Lightning DDP: two CPU processes (gloo) started by torchrun, the same
``fit_torch`` code that runs on several GPUs or nodes. Both ranks end with the same weights, and each
drew its half of the training windows."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

WORKER = Path(__file__).with_name("ddp_worker.py")
ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.slow
def test_stid_trains_with_lightning_ddp_on_two_cpu_processes(tmp_path):
    torchrun = shutil.which("torchrun")
    command = ([torchrun] if torchrun else [sys.executable, "-m", "torch.distributed.run"]) + [
        "--standalone",
        "--nproc_per_node=2",
        str(WORKER),
        str(tmp_path),
    ]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    ranks = [json.loads((tmp_path / f"rank{r}.json").read_text()) for r in (0, 1)]
    assert all(r["world_size"] == 2 and r["backend"] == "gloo" for r in ranks), ranks
    assert ranks[0]["weights_sum"] == ranks[1]["weights_sum"], "the ranks ended with different weights"
    assert ranks[0]["weights_abs"] == ranks[1]["weights_abs"]
    assert all(r["forecast_finite"] and r["epochs"] >= 1 for r in ranks)
    # samples are summed over the ranks: 3 epochs x the usable training windows means each rank drew its
    # half (without a distributed sampler every rank would see them all and the sum would double)
    from shared.forecast.base import tiny_panel
    from shared.forecast.stid import STIDForecaster

    usable = len(STIDForecaster(n_in=4, n_out=3).usable(tiny_panel(), range(4, 50)))
    assert all(r["samples_seen"] == 3 * usable for r in ranks), (
        [r["samples_seen"] for r in ranks],
        usable,
    )
