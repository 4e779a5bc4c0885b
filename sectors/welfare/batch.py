"""Scoring a whole population in chunks: eligibility, ranking, top-k per household, blind spots.

Memory stays bounded by the chunk: households are generated (or sliced) a chunk at a time, and
only the top-k recommendations (int32 household, int16 service, float32 score) and the blind-spot
counts are kept.

Run as a program to benchmark in a fresh process (peak memory is then this process's alone)::

    python -m sectors.welfare.batch --households 1000000 --json out.json   # the demo model
    python -m sectors.welfare.batch --model DIR --households 1000000 --json out.json

Example:
    >>> from sectors.welfare.demo import demo_model
    >>> result = match_population(demo_model(), synthetic_chunks(500, chunk=250, seed=2))
    >>> result.households, bool(result.top["rank"].max() <= 5)
    (500, True)
    >>> list(result.ranked(demo_model().catalogue).columns[:4])
    ['entity_id', 'item_id', 'rank', 'score']
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sectors.welfare.blindspots import BlindSpotCounter
from sectors.welfare.eligibility import facts_from_population
from sectors.welfare.matcher import WelfareMatcher
from sectors.welfare.population import Population, generate_population
from sectors.welfare.services import ServiceCatalogue
from sectors.welfare.takeup import TakeupModel, simulate_receipt
from shared.rules import TRUE
from shared.rules.logic import group_starts
from shared.scale.runner import peak_rss_mib
from shared.schema import ranked_list
from shared.seeding import resolve_seed


def synthetic_chunks(
    n: int, *, chunk: int = 100_000, seed: int | None = None, year: int = 2025
) -> Iterator[Population]:
    """``n`` synthetic households, generated ``chunk`` at a time (each chunk seeded from ``seed`` and its index)."""
    base = resolve_seed(seed)
    for i, start in enumerate(range(0, n, chunk)):
        size = min(chunk, n - start)
        yield generate_population(size, seed=np.random.default_rng([base, i]), year=year)


def slice_chunks(pop: Population, chunk: int) -> Iterator[Population]:
    """An existing population cut into contiguous chunks."""
    starts = group_starts(pop.members["household"].to_numpy(), len(pop) + 1)
    for a in range(0, len(pop), chunk):
        b = min(a + chunk, len(pop))
        hh = pop.households.iloc[a:b].reset_index(drop=True)
        m = pop.members.iloc[starts[a] : starts[b]].reset_index(drop=True)
        m["household"] = m["household"] - a
        hh["household"] = np.arange(b - a)
        yield Population(hh, m, pop.year)


@dataclass
class BatchResult:
    """Top-k recommendations per household, blind-spot counts, and timing.

    ``top`` is the compact form a million households fit in (int32 household row, int8 rank, int16
    service column, float32 score); :meth:`ranked` turns it into the suite's ranked list.
    """

    top: pd.DataFrame
    blind_spots: BlindSpotCounter
    households: int
    seconds: float
    eligible_pairs: int
    review_pairs: int
    chunk_seconds: list[float] = field(default_factory=list)

    def ranked(self, catalogue: ServiceCatalogue) -> pd.DataFrame:
        """``top`` as a ranked list (:mod:`shared.schema`): entity_id = household row, item_id = service id.

        The batch path keeps no reasons (empty lists); ``service`` (the name) is the extra column.
        """
        ids = np.asarray(catalogue.ids, dtype=object)
        names = catalogue.services["service"].astype(str).to_numpy()
        cols = self.top["service"].to_numpy(dtype=int)
        return ranked_list(
            self.top["household"].to_numpy(),
            ids[cols],
            self.top["score"].to_numpy(dtype=float),
            extras={"service": names[cols]},
        )


def _score_chunk(
    matcher: WelfareMatcher,
    pop: Population,
    year: int,
    top_k: int,
    rank: bool,
    simulate: bool,
    takeup: TakeupModel,
    offset: int,
    threads: int | None,
) -> tuple[pd.DataFrame, int, int, np.ndarray, np.ndarray | None, float]:
    """One chunk: (top rows, eligible pairs, review pairs, codes, simulated receipt, seconds)."""
    t0 = time.perf_counter()
    facts = facts_from_population(pop)
    codes = matcher.engine(year).evaluate(facts)
    rows, cols = np.nonzero(codes == TRUE)
    eligible = len(rows)
    review = int(np.count_nonzero(codes == 1))
    received = None
    if simulate:
        received = simulate_receipt(
            pop,
            codes,
            matcher.catalogue,
            matcher.service_table(year),
            takeup,
            offset=offset,
            pairs=(rows, cols),
        )
    if not rank:
        rows, cols = rows[:0], cols[:0]
    scores = matcher.score_pairs(facts, codes, year, rows, cols, num_threads=threads)
    order = np.lexsort((-scores, rows))
    rows, cols, scores = rows[order], cols[order], scores[order]
    starts = group_starts(rows, len(pop))
    position = np.arange(len(rows)) - starts[rows]
    keep = position < top_k
    top = pd.DataFrame(
        {
            "household": (rows[keep] + offset).astype(np.int32),
            "rank": (position[keep] + 1).astype(np.int8),
            "service": cols[keep].astype(np.int16),
            "score": scores[keep].astype(np.float32),
        }
    )
    return top, eligible, review, codes, received, time.perf_counter() - t0


def match_population(
    matcher: WelfareMatcher,
    population: Population | Iterable[Population],
    *,
    year: int | None = None,
    top_k: int = 5,
    chunk: int = 100_000,
    simulate: bool = True,
    takeup: TakeupModel | None = None,
    progress: bool = False,
    rank: bool = True,
    offset: int = 0,
    threads: int = 1,
) -> BatchResult:
    """Score every household: eligible services ranked, top ``top_k`` kept; blind spots counted.

    With ``simulate`` the receipt of services is simulated per chunk (:mod:`sectors.welfare.takeup`)
    so that blind spots can be counted on synthetic data; real deployments pass populations whose
    receipt is known and count blind spots with :class:`BlindSpotCounter` directly. ``rank=False``
    skips the ranker (blind-spot counts only; ``top`` is then empty). ``offset`` numbers the first
    household (the ``household`` column of ``top`` and the take-up draws of a partition that starts there).
    ``threads`` > 1 scores that many chunks at once in threads (numpy and LightGBM release the GIL;
    LightGBM then uses one thread per chunk); the result is the same as with one thread.
    """
    chunks = slice_chunks(population, chunk) if isinstance(population, Population) else population
    takeup = takeup or TakeupModel()
    services = matcher.catalogue.services
    high_value = services["high_value"].to_numpy(dtype=bool)
    value = services["benefit_krw_year"].to_numpy(dtype=float)
    counter = BlindSpotCounter()
    tops: list[pd.DataFrame] = []
    first = offset
    totals = {"eligible": 0, "review": 0}
    chunk_seconds: list[float] = []
    iterator = chunks
    if progress and sys.stderr.isatty():
        from tqdm.auto import tqdm

        iterator = tqdm(chunks, desc="households", unit="chunk", file=sys.stderr)

    def consume(pop: Population, out: tuple) -> None:
        top, eligible, review, codes, received, seconds = out
        tops.append(top)
        totals["eligible"] += eligible
        totals["review"] += review
        if received is not None:
            counter.add(pop.households, codes, received, high_value=high_value, value=value)
        chunk_seconds.append(seconds)

    started = time.perf_counter()
    if threads <= 1:
        for pop in iterator:
            consume(
                pop, _score_chunk(matcher, pop, year or pop.year, top_k, rank, simulate, takeup, offset, None)
            )
            offset += len(pop)
    else:
        from collections import deque
        from concurrent.futures import ThreadPoolExecutor

        matcher.engine(year or 2025)  # build the per-year caches once, before the threads share them
        matcher.service_table(year or 2025)
        with ThreadPoolExecutor(max_workers=threads) as pool:
            pending: deque = deque()
            for pop in iterator:  # at most `threads` chunks in flight: memory stays bounded
                args = (matcher, pop, year or pop.year, top_k, rank, simulate, takeup, offset, 1)
                pending.append((pop, pool.submit(_score_chunk, *args)))
                offset += len(pop)
                if len(pending) >= threads:
                    done_pop, future = pending.popleft()
                    consume(done_pop, future.result())
            while pending:
                done_pop, future = pending.popleft()
                consume(done_pop, future.result())
    eligible_pairs, review_pairs = totals["eligible"], totals["review"]
    top = (
        pd.concat(tops, ignore_index=True)
        if tops
        else pd.DataFrame(columns=["household", "rank", "service", "score"])
    )
    return BatchResult(
        top,
        counter,
        offset - first,
        time.perf_counter() - started,
        eligible_pairs,
        review_pairs,
        chunk_seconds,
    )


def main(argv: list[str] | None = None) -> int:
    """Benchmark entry point: score N synthetic households with a stored matcher; print JSON."""
    from shared.store import load

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--model", default=None, help="folder of a stored WelfareMatcher (default: the sector's demo_model())"
    )
    parser.add_argument("--households", type=int, default=1_000_000)
    parser.add_argument("--chunk", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--json", default=None, help="also write the result here")
    parser.add_argument(
        "--threads", type=int, default=min(2, os.cpu_count() or 1), help="chunks scored at once (default: 2)"
    )
    args = parser.parse_args(argv)
    if args.model:
        matcher = load(args.model)
    else:
        from sectors.welfare.demo import demo_model

        matcher = demo_model()
    rss_loaded = peak_rss_mib()
    t0 = time.perf_counter()
    chunks = synthetic_chunks(args.households, chunk=args.chunk, seed=args.seed, year=args.year)
    generated: list[float] = []

    def timed(it: Iterator[Population]) -> Iterator[Population]:
        while True:
            g0 = time.perf_counter()
            try:
                pop = next(it)
            except StopIteration:
                return
            generated.append(time.perf_counter() - g0)
            yield pop

    cpu0 = time.process_time()
    result = match_population(
        matcher, timed(chunks), year=args.year, chunk=args.chunk, progress=True, threads=args.threads
    )
    total = time.perf_counter() - t0
    cpu = time.process_time() - cpu0
    # scoring time: the run's wall time less the time spent generating households (with threads,
    # chunks overlap, so the sum of chunk times would overstate it)
    scoring = result.seconds - sum(generated) if args.threads > 1 else sum(result.chunk_seconds)
    out = {
        "households": result.households,
        "chunk": args.chunk,
        "threads": args.threads,
        "services": len(matcher.catalogue),
        "seconds_total": total,
        "seconds_generate": sum(generated),
        "seconds_score": scoring,
        "cpu_seconds_total": cpu,
        "cpu_seconds_per_100k_households": 100_000 * cpu / max(result.households, 1),
        "model": args.model or "demo_model()",
        "ranker_trees": int(matcher.ranker_.booster_.num_trees()),
        "load_average_1min": os.getloadavg()[0],
        "households_per_second": result.households / scoring if scoring else None,
        "eligible_pairs": result.eligible_pairs,
        "review_pairs": result.review_pairs,
        "top_rows": len(result.top),
        "peak_rss_mib": peak_rss_mib(),
        "rss_after_loading_mib": rss_loaded,
        "blind_spots": {
            g: json.loads(result.blind_spots.table(g).to_json(orient="split"))
            for g in ("province", "age_group", "household_type")
        },
    }
    text = json.dumps(out, ensure_ascii=False)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            f.write(text)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
