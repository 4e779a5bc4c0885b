"""``civic score SECTOR``: score a whole population into partitioned Parquet, in process or on Dask.

The sector's ``sectors/<sector>/scoring.py`` says what a population row is (``SCHEMA``) and how one
partition is scored (``score_partition``); this command only chooses where it runs and reports.
"""

from __future__ import annotations

import contextlib
import importlib
import json
from pathlib import Path
from typing import Annotated

import typer

from shared.errors import DataError

SCORING_SECTORS = ("welfare", "finance", "employment")
RUN_FILE = "_run.json"


def _run_settings(output: Path, settings: dict) -> None:
    """Refuse to mix two different runs in one folder; remember this run's settings."""
    path = output / RUN_FILE
    if path.exists():
        before = json.loads(path.read_text(encoding="utf-8"))
        if before != settings:
            changed = sorted(k for k in settings if before.get(k) != settings[k])
            raise DataError(
                f"holds a run with other settings ({', '.join(changed)}); use a new --output folder",
                file=str(output),
            )
    output.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(settings, indent=1), encoding="utf-8")


def score(
    sector: Annotated[str, typer.Argument(help="welfare, finance or employment")],
    output: Annotated[Path, typer.Option("--output", help="folder for the partitioned Parquet output")],
    input_file: Annotated[
        Path | None,
        typer.Option("--input", help="population Parquet file; its row groups are the partitions"),
    ] = None,
    synthetic: Annotated[
        int | None, typer.Option("--synthetic", help="score N synthetic entities instead")
    ] = None,
    seed: Annotated[int | None, typer.Option("--seed", help="seed of the synthetic population")] = None,
    partition_rows: Annotated[
        int, typer.Option("--partition-rows", help="entities per synthetic partition")
    ] = 100_000,
    k: Annotated[int, typer.Option("--k", help="recommendations kept per entity")] = 5,
    model: Annotated[
        Path | None, typer.Option("--model", help="a saved model folder (default: the sector's)")
    ] = None,
    workers: Annotated[
        int | None, typer.Option("--workers", help="start a local Dask cluster of K workers")
    ] = None,
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="use an existing Dask scheduler, tcp://HOST:PORT")
    ] = None,
) -> None:
    """Score a population: top-k rows per entity plus blind-spot or summary tables, as partitioned Parquet."""
    from shared.scale import dask_client, run_partitions
    from shared.scale.population import check_file_schema, partitions

    if sector not in SCORING_SECTORS:
        raise DataError(f"cannot score sector {sector!r}", expected=", ".join(SCORING_SECTORS))
    if workers is not None and scheduler is not None:
        raise DataError("give --workers or --scheduler, not both", expected="one place to run")
    module = importlib.import_module(f"sectors.{sector}.scoring")
    if input_file is not None:  # a file without the documented columns is refused before any work starts
        check_file_schema(input_file, module.SCHEMA)
    parts = partitions(input_path=input_file, synthetic_rows=synthetic, partition_rows=partition_rows)
    settings = {
        "sector": sector,
        "input": str(input_file.resolve()) if input_file else None,
        "synthetic": synthetic,
        "seed": seed,
        "partition_rows": partition_rows,
        "k": k,
        "model": str(model.resolve()) if model else None,
    }
    _run_settings(output, settings)
    kwargs = {
        "input_path": settings["input"],
        "synthetic_rows": synthetic,
        "partition_rows": partition_rows,
        "seed": seed,
        "model_dir": settings["model"],
        "k": k,
    }
    where = (
        dask_client(workers=workers, scheduler=scheduler)
        if (workers or scheduler)
        else contextlib.nullcontext(None)
    )
    with where as client:
        report = run_partitions(
            module.score_partition, len(parts), output, kwargs=kwargs, client=client, progress=True
        )
    entities = sum(n for _, n in parts)
    done_now = sum(parts[i][1] for i in report.completed)
    typer.echo(
        f"{sector}: {len(report.completed)} partition(s) scored now, {len(report.skipped)} already done, "
        f"{len(report.failed)} failed; {entities:,} entities in all"
    )
    if report.seconds and done_now:
        typer.echo(f"throughput: {done_now / report.seconds:,.0f} entities/s over {report.seconds:.1f} s")
    for worker, rss in sorted(report.peak_rss_mib_per_worker.items()):
        typer.echo(f"peak memory {worker}: {rss:,.0f} MiB")
    typer.echo("rows: " + ", ".join(f"{t} {n:,}" for t, n in sorted(report.rows.items())) + f" -> {output}")
    if report.failed:
        for index, message in sorted(report.failed.items()):
            typer.echo(f"partition {index} failed: {message}", err=True)
        typer.echo("rerun the same command to compute only the failed partitions", err=True)
        raise typer.Exit(1)
