"""The partition runner: same rows in process and on a 2-worker LocalCluster, reruns fill only gaps,
failures are reported by partition index, and a worker killed mid-run loses and doubles no row."""

from __future__ import annotations

import os
import sys
import time

import numpy as np
import pandas as pd
import pytest

from shared.scale import PartitionedOutput, PartitionError, dask_client, run_partitions

pytest.importorskip("distributed")


def scored(
    index: int, rows: int = 50, delay: float = 0.0, fail: tuple[int, ...] = ()
) -> dict[str, pd.DataFrame]:
    """A seeded partition: ids are global, values depend only on the partition index."""
    if index in fail:
        raise ValueError(f"bad input in partition {index}")
    if delay:
        time.sleep(delay)
    g = np.random.default_rng([7, index])
    ids = np.arange(index * rows, (index + 1) * rows)
    return {
        "top": pd.DataFrame({"entity": ids, "score": g.random(rows)}),
        "summary": pd.DataFrame({"partition": [index], "mean": [float(g.random())]}),
    }


@pytest.fixture(scope="module")
def client():
    import cloudpickle

    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # workers cannot import test modules
    with dask_client(workers=2) as c:
        yield c


def test_in_process_run_writes_every_partition_once(tmp_path):
    report = run_partitions(scored, 6, tmp_path)
    assert report.completed == list(range(6)) and report.rows == {"top": 300, "summary": 6}
    top = PartitionedOutput(tmp_path).read("top")
    assert top["entity"].tolist() == list(range(300))


@pytest.mark.slow
def test_local_cluster_output_equals_in_process(tmp_path, client):
    run_partitions(scored, 8, tmp_path / "serial")
    report = run_partitions(scored, 8, tmp_path / "dask", client=client)
    assert report.workers == 2 and report.completed == list(range(8))
    for table in ("top", "summary"):
        pd.testing.assert_frame_equal(
            PartitionedOutput(tmp_path / "serial").read(table),
            PartitionedOutput(tmp_path / "dask").read(table),
        )
    assert len(report.peak_rss_mib_per_worker) >= 1


def test_failed_partition_is_named_and_rerun_fills_only_it(tmp_path):
    report = run_partitions(scored, 5, tmp_path, kwargs={"fail": (3,)})
    assert sorted(report.failed) == [3] and "partition 3" in report.failed[3]
    assert report.completed == [0, 1, 2, 4]
    with pytest.raises(PartitionError, match="3: ValueError"):
        run_partitions(scored, 5, tmp_path, kwargs={"fail": (3,)}, raise_on_failure=True)
    before = {p: p.stat().st_mtime_ns for p in (tmp_path / "top").glob("*.parquet")}
    again = run_partitions(scored, 5, tmp_path)
    assert again.completed == [3] and again.skipped == [0, 1, 2, 4]
    after = {p: p.stat().st_mtime_ns for p in (tmp_path / "top").glob("*.parquet")}
    assert all(after[p] == t for p, t in before.items()), "a complete partition was rewritten"
    assert PartitionedOutput(tmp_path).read("top")["entity"].tolist() == list(range(250))


@pytest.mark.slow
def test_killing_a_worker_mid_run_loses_and_doubles_no_row(tmp_path, client):
    import signal
    import threading

    victim = list(client.scheduler_info()["workers"])[0]
    pid = client.run(os.getpid, workers=[victim])[victim]

    def kill_soon():
        time.sleep(1.0)
        os.kill(pid, signal.SIGKILL)

    threading.Thread(target=kill_soon, daemon=True).start()
    report = run_partitions(scored, 16, tmp_path, kwargs={"delay": 0.25}, client=client, retries=3)
    assert not report.failed, report.failed
    assert victim not in client.scheduler_info()["workers"], "the worker was not killed"
    top = PartitionedOutput(tmp_path).read("top")
    assert top["entity"].tolist() == list(range(16 * 50)), "rows lost or doubled"
    reference = pd.concat([scored(i)["top"] for i in range(16)], ignore_index=True)
    pd.testing.assert_frame_equal(top, reference)
