"""BM25 engines on KoBLEX: the suite's scipy BM25 (shared.llm.Retriever) against bm25s, on the same Kiwi tokens.

Both score Lucene BM25 (k1=1.5, b=0.75, idf = ln(1 + (N - df + 0.5) / (df + 0.5))); bm25s leaves out
the constant factor (k1 + 1), so its scores are the suite's divided by 2.5 and rank the same. The documents and
queries are cut into Kiwi morphemes once; each engine then indexes the same token lists and scores
every question (the question twice plus the background, as the benchmark's default row). Prints the
median index time of 5 builds, the median scoring time per query, Recall@5 / MRR and the largest score
difference between the engines.

Needs bm25s (``pip install bm25s``), which the suite itself does not depend on: this comparison is why.

Usage: python benchmarks/llm_bm25_engines.py --data ../shared/data
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
import pandas as pd

from shared.data import load
from shared.llm.evaluate import koblex_documents, koblex_queries, recall_at_k, reciprocal_rank
from shared.llm.retrieval import Retriever
from shared.llm.text import tokens


def _median_seconds(fn, repeats: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), out


def main() -> None:
    """Build both indexes from the same tokens and print one row per engine."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=None, help="data folder holding llm/koblex")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    import bm25s

    koblex = load("llm/koblex", args.data)
    docs = koblex_documents(koblex["corpus"])
    queries, golds = koblex_queries(koblex["questions"])
    queries = [f"{q.split(chr(10), 1)[0]}\n{q}" for q in queries]
    cache: dict[str, list] = {}

    def cached(text: str) -> list:  # Kiwi once per text: both engines see the very same tokens
        if text not in cache:
            cache[text] = tokens(text)
        return cache[text]

    doc_forms = [[t.form for t in cached(f"{d.title}\n{d.text}")] for d in docs]
    query_forms = [[t.form for t in cached(q)] for q in queries]

    ours_build, ours = _median_seconds(lambda: Retriever(tokenizer=cached).fit(docs), args.repeats)

    def build_bm25s():
        index = bm25s.BM25(k1=1.5, b=0.75, method="lucene", dtype="float64")
        index.index(doc_forms, show_progress=False)
        return index

    theirs_build, theirs = _median_seconds(build_bm25s, args.repeats)
    rows, scores = [], {}
    for name, build, score in (
        ("shared.llm.Retriever (scipy)", ours_build, lambda i, q: ours.bm25_scores(q)),
        ("bm25s 0.x (lucene)", theirs_build, lambda i, q: theirs.get_scores(query_forms[i])),
    ):
        per_query, ranked_all, all_scores = [], [], []
        for i, q in enumerate(queries):
            started = time.perf_counter()
            s = np.asarray(score(i, q), dtype=np.float64)
            per_query.append(time.perf_counter() - started)
            all_scores.append(s)
            order = np.argsort(-s, kind="stable")[:100]
            ranked_all.append([docs[j].id for j in order if s[j] > 0])
        scores[name] = np.stack(all_scores)
        rows.append(
            {
                "engine": name,
                "index_s_median": build,
                "ms_per_query_median": 1000 * statistics.median(per_query),
                "recall@5": float(
                    np.mean([recall_at_k(r, g, 5) for r, g in zip(ranked_all, golds, strict=True)])
                ),
                "mrr": float(
                    np.mean([reciprocal_rank(r, g) for r, g in zip(ranked_all, golds, strict=True)])
                ),
            }
        )
    a, b = scores.values()
    print(f"KoBLEX: {len(docs)} paragraphs, {len(queries)} questions, same Kiwi tokens for both engines")
    print(pd.DataFrame(rows).set_index("engine").to_string(float_format="{:.4g}".format))
    # bm25s follows Lucene 8+, which drops the constant (k1 + 1) from the numerator: same ranking
    diff = float(np.max(np.abs(a - 2.5 * b)))
    print(f"largest difference between the suite's score and bm25s's x (k1 + 1): {diff:.3g}")


if __name__ == "__main__":
    main()
