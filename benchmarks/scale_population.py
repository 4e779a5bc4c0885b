"""Population scoring at national scale: single-process throughput per sector and 1 vs 2 Dask workers.

What it measures (each in a fresh process, so peak memory is that run's alone):

1. welfare batch, one process: ``python -m sectors.welfare.batch --households N`` (the demo model; set
   CIVIC_DATA_DIR=../shared/data for the full 1,046-service catalogue) - households/s, CPU seconds per
   100k households, peak memory;
2. finance and employment batch scoring, one process: synthetic partitions made and scored with
   ``sectors.<sector>.scoring`` until ``--entities`` are done or ``--budget`` seconds have passed; when
   the budget stops it first, the time for ``--entities`` is EXTRAPOLATED linearly (marked so);
3. ``civic score welfare`` on ``--households`` households with 1 and with 2 local Dask workers
   (one single-threaded process per worker, OMP_NUM_THREADS=1 so one worker is one core): wall time,
   speed-up, households/s per worker and peak memory per worker. Workers load the model before the
   clock starts (its load time is printed apart).

Wall times depend on the load of the machine (printed as the 1-minute load average); CPU seconds do
not. Writes apps/results/scale.json (``--json``) in the benchmark report format.

Run: ``python benchmarks/scale_population.py`` (``--quick`` for 100k welfare / 100k entities / 60k
households in a few minutes).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from shared.scale import peak_rss_mib

ROOT = Path(__file__).resolve().parents[1]


def child(sector: str, entities: int, partition: int, budget: float, seed: int) -> dict:
    """Score ``entities`` synthetic entities of ``sector`` in this process (stop early at ``budget`` seconds)."""
    import importlib

    module = importlib.import_module(f"sectors.{sector}.scoring")
    t0 = time.perf_counter()
    model = module.load_model(None)
    load_seconds = time.perf_counter() - t0
    rss_model = peak_rss_mib()
    done = 0
    gen = score = cpu = 0.0
    rows_out = 0
    started = time.perf_counter()
    for start in range(0, entities, partition):
        n = min(partition, entities - start)
        c0, g0 = time.process_time(), time.perf_counter()
        frame = module.synthetic(start, n, seed)
        g1 = time.perf_counter()
        tables = module.score(model, frame, 5)
        score += time.perf_counter() - g1
        gen += g1 - g0
        cpu += time.process_time() - c0
        rows_out += len(tables["top"])
        done += n
        if time.perf_counter() - started > budget:
            break
    return {
        "sector": sector,
        "entities_requested": entities,
        "entities_scored": done,
        "extrapolated": done < entities,
        "seconds_model": load_seconds,
        "seconds_generate": gen,
        "seconds_score": score,
        "cpu_seconds": cpu,
        "entities_per_second": done / score if score else None,
        "seconds_for_requested": score * entities / done if done else None,
        "cpu_seconds_per_100k": 100_000 * cpu / done if done else None,
        "top_rows": rows_out,
        "peak_rss_mib": peak_rss_mib(),
        "rss_after_model_mib": rss_model,
    }


def _run_child(args: list[str], env: dict[str, str]) -> dict:
    out = subprocess.run(
        [sys.executable, *args], check=True, capture_output=True, text=True, cwd=ROOT, env=env
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def welfare_workers(households: int, partition: int, workers: int, seed: int) -> dict:
    """``civic score welfare`` on ``workers`` local Dask workers: wall time, rows, peak memory per worker."""
    from sectors.welfare import scoring
    from shared.scale import dask_client, run_partitions
    from shared.scale.population import model_for, partitions

    n_parts = len(partitions(synthetic_rows=households, partition_rows=partition))
    kwargs = {"synthetic_rows": households, "partition_rows": partition, "seed": seed, "k": 5}
    with tempfile.TemporaryDirectory() as tmp, dask_client(workers=workers) as client:
        t0 = time.perf_counter()
        client.run(model_for, scoring.load_model, None)  # every worker builds its model before the clock
        load = time.perf_counter() - t0
        report = run_partitions(scoring.score_partition, n_parts, tmp, kwargs=kwargs, client=client)
    if report.failed:
        raise RuntimeError(f"partitions failed: {report.failed}")
    rss = list(report.peak_rss_mib_per_worker.values())
    return {
        "workers": workers,
        "households": households,
        "partitions": n_parts,
        "seconds": report.seconds,
        "seconds_model_load": load,
        "households_per_second": households / report.seconds,
        "households_per_second_per_worker": households / report.seconds / workers,
        "peak_rss_mib_per_worker": max(rss) if rss else None,
        "top_rows": report.rows.get("top", 0),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (a few minutes)")
    parser.add_argument("--welfare-batch", type=int, default=None, help="households for the batch run")
    parser.add_argument("--entities", type=int, default=None, help="finance customers / job seekers")
    parser.add_argument("--budget", type=float, default=180.0, help="seconds per sector before extrapolating")
    parser.add_argument("--households", type=int, default=None, help="households for the 1 vs 2 worker runs")
    parser.add_argument("--partition", type=int, default=25_000, help="households per partition (workers)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--skip", nargs="*", default=[], help="steps to skip: batch finance employment workers"
    )
    parser.add_argument("--json", default=str(ROOT / "apps" / "results" / "scale.json"))
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    batch_n = args.welfare_batch or (100_000 if args.quick else 1_000_000)
    entities = args.entities or (100_000 if args.quick else 1_000_000)
    households = args.households or (60_000 if args.quick else 200_000)
    if args.child:
        print(json.dumps(child(args.child, entities, 50_000, args.budget, args.seed)))
        return 0
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "2")}
    rows: list[dict] = []
    notes: list[str] = []
    if "batch" not in args.skip:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "batch.json"
            cmd = ["-m", "sectors.welfare.batch", "--households", str(batch_n), "--chunk", "50000"]
            subprocess.run(
                [sys.executable, *cmd, "--seed", str(args.seed), "--json", str(path)],
                check=True,
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
            )
            b = json.loads(path.read_text(encoding="utf-8"))
        print("welfare batch:", json.dumps({k: v for k, v in b.items() if k != "blind_spots"}), flush=True)
        rows.append(
            {
                "task": "batch",
                "sector": "welfare",
                "entities": b["households"],
                "seconds": round(b["seconds_score"], 1),
                "per_s": round(b["households_per_second"]),
                "cpu_s_per_100k": round(b["cpu_seconds_per_100k_households"], 2),
                "peak_mib": round(b["peak_rss_mib"]),
                "extrapolated": False,
            }
        )
        notes.append(
            f"welfare batch: {b['services']} services, ranker {b['ranker_trees']} trees ({b['model']}), "
            f"{b['eligible_pairs']:,} eligible pairs ranked; generation {b['seconds_generate']:.1f} s not counted; "
            f"load average {b['load_average_1min']:.1f} at the end"
        )
    for sector in ("finance", "employment"):
        if sector in args.skip:
            continue
        r = _run_child(
            [
                __file__,
                "--child",
                sector,
                "--entities",
                str(entities),
                "--budget",
                str(args.budget),
                "--seed",
                str(args.seed),
            ],
            env,
        )
        print(f"{sector} batch:", json.dumps(r), flush=True)
        rows.append(
            {
                "task": "batch",
                "sector": sector,
                "entities": r["entities_scored"],
                "seconds": round(r["seconds_score"], 1),
                "per_s": round(r["entities_per_second"]),
                "cpu_s_per_100k": round(r["cpu_seconds_per_100k"], 2),
                "peak_mib": round(r["peak_rss_mib"]),
                "extrapolated": r["extrapolated"],
            }
        )
        if r["extrapolated"]:
            notes.append(
                f"{sector}: {r['entities_scored']:,} of {entities:,} entities scored within the {args.budget:.0f} s budget; "
                f"EXTRAPOLATED linearly, {entities:,} would take {r['seconds_for_requested']:.0f} s of scoring"
            )
        notes.append(
            f"{sector}: synthetic generation {r['seconds_generate']:.1f} s not counted; model {r['seconds_model']:.1f} s"
        )
    if "workers" not in args.skip:
        os.environ["OMP_NUM_THREADS"] = "1"  # workers inherit it: one worker = one core
        one = welfare_workers(households, args.partition, 1, args.seed)
        print("1 worker:", json.dumps(one), flush=True)
        two = welfare_workers(households, args.partition, 2, args.seed)
        print("2 workers:", json.dumps(two), flush=True)
        for r in (one, two):
            rows.append(
                {
                    "task": "workers",
                    "sector": "welfare",
                    "workers": r["workers"],
                    "entities": r["households"],
                    "seconds": round(r["seconds"], 1),
                    "per_s": round(r["households_per_second"]),
                    "per_s_per_worker": round(r["households_per_second_per_worker"]),
                    "peak_mib_per_worker": round(r["peak_rss_mib_per_worker"]),
                    "speed_up": round(one["seconds"] / r["seconds"], 2),
                }
            )
        notes.append(
            f"civic score welfare, {households:,} households in partitions of {args.partition:,}; model load before "
            f"the clock: {one['seconds_model_load']:.1f} s (1 worker), {two['seconds_model_load']:.1f} s (2 workers)"
        )
    load = os.getloadavg()[0]
    notes.append(f"{os.cpu_count()} cores; load average {load:.1f} at the end (other jobs share the machine)")
    print(
        f"{'task':8} {'sector':10} {'workers':>7} {'entities':>10} {'seconds':>8} {'per s':>8} "
        f"{'per s/worker':>12} {'CPU s/100k':>10} {'MiB':>6} {'speed-up':>8}"
    )
    for r in rows:
        print(
            f"{r['task']:8} {r['sector']:10} {r.get('workers', 1):>7} {r['entities']:>10,} {r['seconds']:>8} "
            f"{r['per_s']:>8,} {r.get('per_s_per_worker', r['per_s']):>12,} {r.get('cpu_s_per_100k', '-')!s:>10} "
            f"{r.get('peak_mib', r.get('peak_mib_per_worker'))!s:>6} {r.get('speed_up', '-')!s:>8}"
            + ("  (extrapolated)" if r.get("extrapolated") else "")
        )
    for note in notes:
        print("-", note)
    per_worker = [r for r in rows if r["task"] == "workers"]
    if per_worker:
        print(
            "capacity figures: "
            + "; ".join(
                f"{r['workers']} worker(s): {r['per_s_per_worker']:,} households/s per worker, "
                f"{r['peak_mib_per_worker']:,} MiB per worker"
                for r in per_worker
            )
        )

    from shared.device import detect_device

    report = {
        "sector": "scale",
        "device": str(detect_device()),
        "command": ("CIVIC_DATA_DIR=../shared/data " if os.environ.get("CIVIC_DATA_DIR") else "")
        + "python benchmarks/scale_population.py"
        + (" --quick" if args.quick else ""),
        "rows": rows,
        "notes": notes,
        "headline": {},
        "tables": {},
        "created": time.strftime("%Y-%m-%dT%H:%M:%S"),
    }
    if args.json:
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
