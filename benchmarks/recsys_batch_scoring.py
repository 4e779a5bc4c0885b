"""Batch scoring at scale: top-10 of 500 items for 1,000,000 users, chunk by chunk, with time and peak memory.

Builds a seeded sparse history (about 10 items per user, popularity-skewed), fits EASE on it, then
scores every user against the whole catalogue with :func:`shared.recsys.batch_top_k`, applying an
age-limit rule per chunk. Prints the time of each step and the peak resident memory of the process.

Run: ``python benchmarks/recsys_batch_scoring.py`` (``--users 100000`` for a quicker look).
"""

from __future__ import annotations

import argparse
import time
import tracemalloc

import numpy as np
import scipy.sparse as sp

from shared.recsys import EASE, batch_top_k
from shared.scale import peak_rss_mib
from shared.seeding import rng


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=1_000_000)
    parser.add_argument("--items", type=int, default=500)
    parser.add_argument("--per-user", type=float, default=10.0)
    parser.add_argument("--chunk", type=int, default=20_000)
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    g = rng(args.seed)
    print(f"batch scoring: {args.users:,} users x {args.items} items, top {args.k}, chunks of {args.chunk:,}")
    print(f"peak RSS at start (interpreter + libraries): {peak_rss_mib():,.0f} MiB")

    t = time.perf_counter()
    counts = np.maximum(1, g.poisson(args.per_user, args.users))
    pop = 1.0 / np.arange(1, args.items + 1) ** 0.8
    cols = g.choice(args.items, size=int(counts.sum()), p=pop / pop.sum()).astype(np.int32)
    rows = np.repeat(np.arange(args.users, dtype=np.int32), counts)
    X = sp.csr_matrix((np.ones(len(cols), np.float32), (rows, cols)), shape=(args.users, args.items))
    X.sum_duplicates()
    X.data[:] = 1.0
    del rows, cols
    ages = g.integers(14, 90, args.users)
    min_age = np.where(g.random(args.items) < 0.1, 19, 0)
    print(
        f"history: {X.nnz:,} interactions built in {time.perf_counter() - t:.1f} s; peak RSS {peak_rss_mib():,.0f} MiB"
    )

    t = time.perf_counter()
    model = EASE(lam=200.0).fit(X)
    print(f"EASE fit: {time.perf_counter() - t:.1f} s")

    tracemalloc.start()
    t = time.perf_counter()
    top = batch_top_k(
        model.score,
        X,
        args.k,
        chunk=args.chunk,
        mask_chunk=lambda a, b: ages[a:b, None] >= min_age[None, :],
        progress=True,
    )
    elapsed = time.perf_counter() - t
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    scored = args.users * args.items
    print(
        f"scored {scored:,} user-item pairs in {elapsed:.1f} s ({scored / elapsed / 1e6:,.1f} M pairs/s, {args.users / elapsed:,.0f} users/s)"
    )
    print(
        f"peak memory allocated while scoring (tracemalloc): {traced_peak / 2**20:,.0f} MiB; result {top.nbytes / 2**20:,.0f} MiB"
    )
    print(f"peak RSS of the whole run: {peak_rss_mib():,.0f} MiB")
    assert not ((ages[:, None] < 19) & (min_age[top] == 19)).any(), (
        "an age-limited item reached an under-age user"
    )


if __name__ == "__main__":
    main()
