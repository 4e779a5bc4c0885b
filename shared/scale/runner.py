"""Run a scoring task over partitions: in process, on a local Dask cluster, or on an existing one.

A task is a module-level function ``task(index, **kwargs) -> dict[str, DataFrame]`` that makes
(or reads) partition ``index`` of a population, scores it and returns its output tables. The
runner writes each result with :class:`~shared.scale.partitions.PartitionedOutput`, skips
partitions already complete, retries a failed one on another worker, and reports failures by
partition index. Memory per worker is bounded by one partition (plus the model it loads).

Models are not shipped to workers as pickles: the task loads them itself from a store folder
(``shared.store.load``, cached per process), as every other loader in the suite does.

Example:
    >>> import pandas as pd, tempfile
    >>> def square(index):
    ...     return {"out": pd.DataFrame({"i": [index], "sq": [index * index]})}
    >>> report = run_partitions(square, 4, tempfile.mkdtemp())
    >>> report.completed, report.failed, report.rows
    ([0, 1, 2, 3], {}, {'out': 4})
"""

from __future__ import annotations

import contextlib
import resource
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from shared.errors import CivicError
from shared.scale.partitions import PartitionedOutput


class PartitionError(CivicError):
    """One or more partitions failed; ``failed`` maps each index to its error."""

    def __init__(self, failed: Mapping[int, str]) -> None:
        self.failed = dict(failed)
        shown = ", ".join(f"{i}: {msg}" for i, msg in sorted(self.failed.items())[:5])
        super().__init__(f"{len(self.failed)} partition(s) failed ({shown}); rerun to compute only those")


@dataclass
class RunReport:
    """What a run did: partitions completed now and before, failures, rows, time and worker memory."""

    completed: list[int] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)
    failed: dict[int, str] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    workers: int = 1
    peak_rss_mib_per_worker: dict[str, float] = field(default_factory=dict)


def peak_rss_mib() -> float:
    """This process's peak resident memory in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _run_one(
    task: Callable[..., Mapping[str, pd.DataFrame]], index: int, folder: str, kwargs: Mapping[str, Any]
) -> tuple[int, dict[str, int], str, float]:
    """Compute and write one partition (runs on a worker); returns index, row counts, worker id, peak RSS."""
    import os
    import socket

    tables = task(index, **kwargs)
    counts = PartitionedOutput(folder).write(index, tables)
    return index, counts, f"{socket.gethostname()}:{os.getpid()}", peak_rss_mib()


@contextlib.contextmanager
def dask_client(workers: int | None = None, scheduler: str | None = None) -> Iterator[Any]:
    """A ``distributed.Client``: on an existing scheduler (``tcp://host:port``) or a local cluster of ``workers``
    single-threaded processes. Needs the ``scale`` extra (``pip install civic-ai-suite[scale]``)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - the scale extra is installed in CI
        raise CivicError("Dask is not installed: pip install 'civic-ai-suite[scale]'") from exc
    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    with (
        LocalCluster(
            n_workers=int(workers or 1),
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=40,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def run_partitions(
    task: Callable[..., Mapping[str, pd.DataFrame]],
    n_partitions: int,
    output: str | Path,
    *,
    kwargs: Mapping[str, Any] | None = None,
    client: Any = None,
    retries: int = 2,
    progress: bool = False,
    raise_on_failure: bool = False,
) -> RunReport:
    """Compute every missing partition of ``range(n_partitions)`` into ``output``.

    Without ``client`` the partitions run here, one after another; with a ``distributed.Client`` they
    run on its workers (each task retried up to ``retries`` times, on another worker if one died).
    A partition that still fails is reported in ``RunReport.failed`` by its index (or raised as
    :class:`PartitionError` with ``raise_on_failure``); a rerun computes only what is missing.
    """
    out = PartitionedOutput(output)
    out.folder.mkdir(parents=True, exist_ok=True)
    todo = out.missing(n_partitions)
    report = RunReport(skipped=sorted(set(range(n_partitions)) - set(todo)))
    kwargs = dict(kwargs or {})
    started = time.perf_counter()
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(todo), desc="partitions", unit="part", file=sys.stderr)

    def record(result: tuple[int, dict[str, int], str, float]) -> None:
        index, _counts, worker, rss = result
        report.completed.append(index)
        report.peak_rss_mib_per_worker[worker] = max(rss, report.peak_rss_mib_per_worker.get(worker, 0.0))
        if bar is not None:
            bar.update(1)

    if client is None:
        for index in todo:
            try:
                record(_run_one(task, index, str(out.folder), kwargs))
            except Exception as exc:  # reported by index; the rest still run
                report.failed[index] = f"{type(exc).__name__}: {exc}"
    else:
        from distributed import as_completed

        report.workers = max(1, len(client.scheduler_info().get("workers", {})))
        futures = {
            client.submit(
                _run_one,
                task,
                i,
                str(out.folder),
                kwargs,
                key=f"civic-part-{i}-{out.folder.name}",
                retries=retries,
                pure=False,
            ): i
            for i in todo
        }
        for future in as_completed(futures):
            index = futures[future]
            try:
                record(future.result())
            except Exception as exc:
                report.failed[index] = f"{type(exc).__name__}: {exc}"
    if bar is not None:
        bar.close()
    report.completed.sort()
    report.seconds = time.perf_counter() - started
    report.rows = out.rows()
    if report.failed and raise_on_failure:
        raise PartitionError(report.failed)
    return report
