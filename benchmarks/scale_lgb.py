"""Distributed LightGBM on this machine: local training against lightgbm.dask on 1 and 2 Dask workers.

Trains the suite's LambdaRank configuration on a generated ranking table (query groups of 20 rows)
three ways -- local ``lightgbm.train``, a 1-worker LocalCluster and a 2-worker LocalCluster -- and
prints, per way, the median wall time of ``--repeats`` runs, rows per second, the speed-up against
1 worker, NDCG@10 on held-out groups and the peak memory of each worker. ``--json`` writes the table.

    python benchmarks/scale_lgb.py --rows 400000 --repeats 3 --json apps/results/scale_lgb.json
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time

import numpy as np
import pandas as pd


def ranking_table(rows: int, seed: int) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """``rows`` pairs in groups of 20 with 12 features, relevance driven by three of them."""
    g = np.random.default_rng(seed)
    X = pd.DataFrame(g.normal(size=(rows, 12)), columns=[f"f{i}" for i in range(12)])
    signal = X["f0"] + 0.5 * X["f1"] * X["f2"] + 0.3 * g.normal(size=rows)
    y = (signal > 1.2).astype(int).to_numpy() + (signal > 2.0).astype(int).to_numpy()
    return X, y, np.repeat(np.arange(rows // 20), 20)


def worker_peak_mib(client) -> dict[str, float]:
    """Peak resident memory of every worker process, MiB."""
    from shared.scale import peak_rss_mib

    return {str(k): float(v) for k, v in client.run(peak_rss_mib).items()}


def main(argv: list[str] | None = None) -> int:
    from sklearn.metrics import ndcg_score

    from shared.recsys import make_ranker
    from shared.scale import dask_client

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=400_000)
    parser.add_argument("--trees", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", default=None)
    args = parser.parse_args(argv)
    X, y, groups = ranking_table(args.rows, 0)
    Xt, yt, _ = ranking_table(40_000, 1)

    def ndcg(model) -> float:
        return float(ndcg_score(yt.reshape(-1, 20), model.predict(Xt).reshape(-1, 20), k=10))

    settings = {"n_estimators": args.trees, "early_stopping_rounds": 0, "num_threads": 0}
    rows = []
    times = []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        local = make_ranker(settings).fit(X, y, groups)
        times.append(time.perf_counter() - t0)
    rows.append(
        {
            "way": "local lightgbm.train (all cores)",
            "workers": 0,
            "seconds": statistics.median(times),
            "ndcg@10": ndcg(local),
            "peak_mib_per_worker": None,
        }
    )
    for workers in (1, 2):
        with dask_client(workers=workers) as client:
            times = []
            for _ in range(args.repeats):
                t0 = time.perf_counter()
                model = make_ranker(settings).fit(X, y, groups, client=client)
                times.append(time.perf_counter() - t0)
            peaks = worker_peak_mib(client)
        rows.append(
            {
                "way": f"lightgbm.dask, {workers} worker(s)",
                "workers": workers,
                "seconds": statistics.median(times),
                "ndcg@10": ndcg(model),
                "peak_mib_per_worker": max(peaks.values()),
            }
        )
    one = next(r["seconds"] for r in rows if r["workers"] == 1)
    for r in rows:
        r["rows_per_second"] = args.rows / r["seconds"]
        r["speedup_vs_1_worker"] = one / r["seconds"]
    table = pd.DataFrame(rows)
    print(
        f"LambdaRank, {args.rows:,} rows x 12 features, {args.trees} trees, median of {args.repeats} runs",
        file=sys.stderr,
    )
    print(table.to_string(index=False, float_format=lambda v: f"{v:,.3f}"))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(
                {"rows": args.rows, "trees": args.trees, "repeats": args.repeats, "table": rows}, f, indent=1
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
